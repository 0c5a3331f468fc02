/** Records of the zeek stage: Zeek `ssl.log` + `x509.log` lines in, `Handshake`s (with log-made `CertFacts`) out. */
import type { Timestamp } from '../capture/types';
import type { CertBlob, ChainStatus, Handshake, SourceRef } from '../tls/types';
import type { CertFacts } from '../x509/types';

/**
 * One field value as a Zeek log carries it. TSV values are typed by `#types` (count/port/int → number,
 * time/interval/double → number of seconds, bool → boolean, vector/set → array); JSON values come as JSON gives
 * them. A value that does not parse as its declared type stays the raw string (e.g. btest's masked `ts`).
 * Unset fields are absent from the record, in both formats.
 */
export type ZeekValue = string | number | boolean | ZeekValue[];

export type ZeekFields = Record<string, ZeekValue>;

/** The `#…` header of a TSV log section; a new `#separator` or `#fields` line starts a new one. */
export interface ZeekHeader {
  readonly separator: string;
  readonly setSeparator: string;
  readonly emptyField: string;
  readonly unsetField: string;
  /** `#path` (ssl, x509, …) when the header names one. */
  readonly path?: string;
  readonly fields: readonly string[];
  /** `#types`, one per field; empty when the header has none (values then stay strings). */
  readonly types: readonly string[];
}

/** One data line of a log. */
export interface ZeekRecord {
  /** 1-based line number in the file. */
  line: number;
  fields: ZeekFields;
  /** The TSV header in force (the same object for every line of a section); absent for JSON. */
  header?: ZeekHeader;
}

export type ZeekLogFormat = 'tsv' | 'json';

export type ZeekAnomalyKind =
  | 'malformed-line'       // wrong column count, bad JSON, a data line before any `#fields`
  | 'bad-header'           // a `#` line we cannot read
  | 'missing-column'       // a required column is absent: the rest of the file is skipped (fatal)
  | 'masked-timestamp'     // `ts` that is no time (btest's XXXXXXXXXX.XXXXXX): ts 0 is used
  | 'unknown-certificate'  // an ssl line names a certificate no x509 line described
  | 'fingerprint-mismatch' // a `cert` column whose SHA-256 is not the line's `fingerprint`
  | 'not-sha256'           // x509 `fingerprint` of another hash (X509::hash_function redefined): joined on it, no SHA-256
  | 'pending-overflow'     // too many ssl lines waited for their certificates: the oldest went out as they were
  | 'ignored-log'          // a Zeek log of another path (conn, files …): skipped
  | 'nothing-usable'       // a file none of whose lines could be read: the warning names it
  | 'unknown-format';      // neither a TSV header nor a Zeek JSON object

/** A problem met while reading logs: counted and reported, fatal only for the file it names. */
export interface ZeekAnomaly {
  kind: ZeekAnomalyKind;
  file: string;
  line?: number;
  message: string;
  /** How many lines it stands for, when one report sums up several. */
  count?: number;
  /** The rest of this file was skipped (a required column is missing). Other files go on. */
  fatal?: boolean;
}

export type ZeekAnomalySink = (a: ZeekAnomaly) => void;

/** CertFacts fields a Zeek log cannot tell; they hold empty placeholders and detectors must not read them. */
export type UnknownFromLog =
  | 'sha1' | 'keyUsage' | 'extendedKeyUsage' | 'subjectKeyId' | 'authorityKeyId' | 'aia' | 'policies'
  | 'extensionOids' | 'spkiSha256' | 'ja4x' | 'selfSignatureValid' | 'basicConstraints.critical' | 'sha256'
  | 'san';  // a Bro 2.1 ssl line has no SAN column

/**
 * Facts read from an x509.log line rather than from DER. Signature checks, SPKI hash and JA4X are
 * `not verifiable from Zeek logs` unless the line carried the certificate (`cert` column: then `der` is set on
 * the CertBlob and the x509 stage can analyse it fully).
 */
export type ZeekCertFacts = CertFacts & {
  readonly fromLog: true;
  /** Which CertFacts fields are placeholders. */
  readonly unknown: readonly UnknownFromLog[];
  /** Zeek file id (`x509.id`, older logs), when the line had one. */
  readonly fuid?: string;
  /** host_cert / client_cert flags of the line that described it first. */
  readonly hostCert?: boolean;
  readonly clientCert?: boolean;
};

/** A certificate reference from ssl.log, with the facts x509.log gave for it (absent when none did). */
export type ZeekCertBlob = CertBlob & {
  readonly facts?: ZeekCertFacts;
  /** Zeek file id when the chain was given by `cert_chain_fuids` (older logs). */
  readonly fuid?: string;
};

export type ZeekHandshakeAnomaly = 'masked-timestamp' | 'unknown-certificate' | 'unknown-version' | 'unknown-cipher';

/** A chain whose certificates carry their log facts. */
export interface ZeekChain {
  status: ChainStatus;
  certs: ZeekCertBlob[];
}

/** A handshake read from ssl.log (assignable to `Handshake`). */
export type ZeekHandshake = Omit<Handshake, 'serverChain' | 'clientChain'> & {
  serverChain: ZeekChain;
  clientChain: ZeekChain;
  /** Zeek connection uid. */
  uid?: string;
  /** `cipher` as logged; kept even when the code is unknown (`cipherSuite` undefined). */
  cipherName?: string;
  /** `version` as logged. */
  versionName?: string;
  /** Log-level oddities of this line (the tls-stage `anomalies` list stays empty). */
  logAnomalies: ZeekHandshakeAnomaly[];
};

export type { SourceRef };

/**
 * A certificate an x509 line described that no ssl line of the read named: a lone x509.log, or certificates Zeek
 * analysed outside TLS. It is judged on its own, with no server or client.
 */
export interface ZeekLoneCertificate {
  blob: ZeekCertBlob;
  /** The x509 line's `ts`. */
  ts: Timestamp;
  source: SourceRef;
  /** `client` when the line says only `client_cert`. */
  role: 'server' | 'client';
}
