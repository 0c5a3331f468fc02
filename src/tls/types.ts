/** Records of the tls stage: per-direction byte streams in, `Handshake`s out. */
import type { Timestamp } from '../capture/types';
import type { Endpoint, Transport } from '../net/types';

/** One certificate as it was carried on the wire (or in a log), identified by its DER digests. */
export interface CertBlob {
  /** Lower-case hex SHA-256 of the DER bytes. */
  readonly sha256: string;
  /** Lower-case hex SHA-1 of the DER bytes (what Suricata and Windows stores call the thumbprint). */
  readonly sha1: string;
  /** The DER bytes (an own copy, not a view into a packet). Absent for sources that carry no bytes (Zeek logs). */
  readonly der?: Buffer;
}

/**
 * What a handshake tells of one side's certificate chain.
 * - `present`: a Certificate message with at least one certificate was seen (`certs` in the order sent).
 * - `empty`: a Certificate message with no certificate (a client declining a CertificateRequest).
 * - `encrypted`: TLS 1.3 (or DTLS 1.3): the Certificate message travels encrypted; never guessed.
 * - `absent`: no Certificate message was seen (resumption, anonymous suites, a cut-off capture).
 */
export type ChainStatus = 'present' | 'empty' | 'encrypted' | 'absent';

export interface Chain {
  status: ChainStatus;
  certs: CertBlob[];
}

/** A TLS extension as it appeared: type code and its body (copied). */
export interface TlsExtension {
  readonly type: number;
  readonly data: Buffer;
}

/** RFC 8446 §4.1.2 ClientHello (and the SSLv2-compatible CLIENT-HELLO, mapped onto the same fields). */
export interface ClientHello {
  /** `legacy_version` of the hello (0x0002 for an SSLv2 CLIENT-HELLO). */
  legacyVersion: number;
  /** Record-layer version of the record that carried it. */
  recordVersion: number;
  cipherSuites: number[];
  compressionMethods: number[];
  /** Extensions in the order sent, GREASE included (fingerprints drop it themselves). */
  extensions: TlsExtension[];
  serverName?: string;
  alpn: string[];
  /** `supported_versions` (RFC 8446 §4.2.1), in the order offered. */
  supportedVersions: number[];
  supportedGroups: number[];
  ecPointFormats: number[];
  signatureAlgorithms: number[];
  sslv2: boolean;
}

/** RFC 8446 §4.1.3 ServerHello. */
export interface ServerHello {
  legacyVersion: number;
  recordVersion: number;
  cipherSuite: number;
  compressionMethod: number;
  extensions: TlsExtension[];
  /** `supported_versions` selected_version, when present (TLS 1.3). */
  selectedVersion?: number;
  alpn?: string;
  /** True for a HelloRetryRequest (RFC 8446 §4.1.3 special random). */
  helloRetryRequest: boolean;
  sslv2: boolean;
}

/** Where a record came from: a capture frame or a log line. */
export interface SourceRef {
  readonly file: string;
  /** First frame of the connection in the capture. */
  readonly frame?: number;
  /** Line in a log file. */
  readonly line?: number;
}

/** Carrying protocol: plain TLS/DTLS, or TLS after a STARTTLS-style upgrade or a proxy preamble. */
export type CarrierProtocol =
  | 'tls' | 'dtls'
  | 'starttls-smtp' | 'starttls-imap' | 'starttls-pop3' | 'starttls-ftp' | 'starttls-xmpp'
  | 'starttls-ldap' | 'starttls-postgres' | 'starttls-mysql' | 'starttls-irc' | 'starttls-nntp'
  | 'http-connect' | 'socks'
  /** TLS in the control channel of OpenVPN (TCP or UDP). */
  | 'openvpn'
  /** DTLS after CAPWAP's DTLS header (RFC 5415, wireless access points and their controller). */
  | 'capwap'
  | 'preamble';

/** Handshake-level oddities: counted, shown, never fatal. */
export type TlsAnomalyKind =
  | 'bad-record-length'
  /** A record header with an unknown content type or version where a record was expected. */
  | 'bad-record-header'
  | 'bad-handshake-length'
  | 'handshake-too-large'
  /** The tls stage's held-bytes budget (MAX_TLS_HELD_BYTES over all flows) refused this direction's partial data. */
  | 'memory-cap'
  /** A Certificate message listed more than MAX_CERTIFICATES_PER_MESSAGE certificates; the rest were dropped. */
  | 'too-many-certificates'
  | 'malformed-client-hello'
  | 'malformed-server-hello'
  | 'malformed-certificate'
  | 'stream-gap'
  | 'truncated-handshake';

/** A handshake fingerprint: the published value and the raw string it was hashed from. */
export interface Fingerprint {
  readonly value: string;
  readonly raw: string;
}

/** One TLS (or DTLS) handshake: everything certhound keeps of a connection. */
export interface Handshake {
  source: SourceRef;
  /** Time of the connection's first packet (or the log's `ts`). */
  ts: Timestamp;
  client: Endpoint;
  server: Endpoint;
  transport: Transport;
  protocol: CarrierProtocol;
  /** Negotiated version (`supported_versions` if present, else ServerHello's). 0x0002 for SSLv2. */
  version?: number;
  cipherSuite?: number;
  /** SNI host name from the ClientHello. */
  serverName?: string;
  /** ALPN protocol the server selected. */
  alpn?: string;
  clientHello?: ClientHello;
  serverHello?: ServerHello;
  serverChain: Chain;
  clientChain: Chain;
  /** The server sent a CertificateRequest (mutual TLS asked for). */
  certificateRequested: boolean;
  /** Both sides reached ChangeCipherSpec/Finished (or, for TLS 1.3, the server's flight began). */
  completed: boolean;
  /** Pre-1.3 abbreviated handshake: ServerHello then ChangeCipherSpec without a Certificate. */
  resumed: boolean;
  /** The server answered the first ClientHello with a HelloRetryRequest (RFC 8446 §4.1.4). */
  helloRetryRequest?: boolean;
  anomalies: TlsAnomalyKind[];
  /** Salesforce JA3 of the ClientHello (MD5 and the raw string). */
  ja3?: Fingerprint;
  /** Salesforce JA3S of the ServerHello. */
  ja3s?: Fingerprint;
  /** FoxIO JA4 of the ClientHello (BSD-3-Clause). */
  ja4?: Fingerprint;
  /** FoxIO JA4S of the ServerHello (FoxIO License 1.1). */
  ja4s?: Fingerprint;
  /** The logging sensor's id of the connection: Zeek's `uid`. */
  uid?: string;
  /** Suricata EVE's `flow_id`, as text (a 64-bit number). */
  flowId?: string;
}

/** Counters the tls stage keeps; `--stats` prints them. */
export interface TlsStats {
  /** Handshakes emitted. */
  handshakes: number;
  /** Handshakes with a visible server chain (status `present`). */
  serverChains: number;
  /** Handshakes with a visible client chain (mutual TLS). */
  clientChains: number;
  /** Handshakes whose server chain is `encrypted` (TLS 1.3). */
  encrypted: number;
  /** Pre-1.3 abbreviated (resumed) handshakes. */
  resumed: number;
  /** Anomalies per kind, over all handshakes. */
  malformed: Partial<Record<TlsAnomalyKind, number>>;
  /** TCP flows released or ended without a ClientHello or ServerHello. */
  flowsWithoutTls: number;
}
