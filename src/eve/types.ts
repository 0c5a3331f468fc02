/** Records of the eve stage: Suricata EVE JSON lines in, `Handshake`s (with log-made `CertFacts` when no DER) out. */
import type { CertBlob, Handshake } from '../tls/types';
import type { CertFacts } from '../x509/types';

/** One EVE event as parsed (only the members this stage reads are typed). */
export interface EveEvent {
  timestamp?: unknown;
  event_type?: unknown;
  src_ip?: unknown;
  src_port?: unknown;
  dest_ip?: unknown;
  dest_port?: unknown;
  proto?: unknown;
  /** alert events: which way the packet went (`to_server`, `to_client`). */
  direction?: unknown;
  /** alert events (Suricata 7): the flow's own direction. */
  flow?: { src_ip?: unknown; src_port?: unknown; dest_ip?: unknown; dest_port?: unknown };
  tls?: EveTls;
}

/**
 * The `tls` object of a `tls` event or of an alert's metadata (Suricata 7 output-json-tls.c): certificate fields of
 * the server's leaf, `chain` (base64 DER, leaf first) with `custom: [..., chain]`, the client's under `client`.
 */
export interface EveTls {
  subject?: unknown;
  issuerdn?: unknown;
  serial?: unknown;
  /** SHA-1 of the leaf's DER, `aa:bb:…`. */
  fingerprint?: unknown;
  notbefore?: unknown;
  notafter?: unknown;
  sni?: unknown;
  version?: unknown;
  session_resumed?: unknown;
  certificate?: unknown;
  chain?: unknown;
  ja3?: { hash?: unknown; string?: unknown };
  ja3s?: { hash?: unknown; string?: unknown };
  ja4?: unknown;
  client?: EveTls;
}

export type EveAnomalyKind =
  | 'malformed-line'     // not JSON, or a tls event without addresses
  | 'bad-certificate'    // a chain entry that is no base64 DER: left out
  | 'nothing-usable';    // an EVE file none of whose lines could be read

export interface EveAnomaly {
  kind: EveAnomalyKind;
  file: string;
  line?: number;
  message: string;
  count?: number;
}

export type EveAnomalySink = (a: EveAnomaly) => void;

/**
 * Facts made from an event's fields when it carries no DER (no `chain`): names, serial, validity, SHA-1. What they
 * cannot tell (key, extensions, SAN, signature) is listed in `unknown`; the identity is the SHA-1, labelled.
 */
export type EveCertFacts = CertFacts & { readonly fromLog: true; readonly unknown: readonly string[] };

export type EveCertBlob = CertBlob & { readonly facts?: EveCertFacts };

/** A handshake read from an EVE event (assignable to `Handshake`). */
export type EveHandshake = Handshake & {
  /** `tls`, or `alert` for an alert's tls metadata. */
  eventType: 'tls' | 'alert';
  /** `version` as logged. */
  versionName?: string;
};
