/**
 * One ssl.log line → a `ZeekHandshake` whose chains still hold only references (fingerprints or file ids); the
 * joiner fills in the certificates. Columns: zeek scripts/base/protocols/ssl/main.zeek, JA3 (salesforce/ja3:
 * `ja3`, `ja3s`), JA4+ (FoxIO-LLC/ja4 zeek/ja4/main.zeek, ja4s/main.zeek: `ja4`, `ja4_r`, `ja4s`, `ja4s_r`).
 */
import type { Endpoint } from '../net/types';
import type { ChainStatus, Fingerprint, SourceRef } from '../tls/types';
import { CIPHER_CODES, VERSION_CODES } from './consts';
import type { ZeekFields, ZeekHandshake, ZeekHandshakeAnomaly } from './types';
import { asBool, asNumber, asStrings, asText, asTimestamp } from './values';

/** Columns the hot path reads; TSV lines materialise only these. */
export const SSL_COLUMNS: readonly string[] = [
  'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name',
  'resumed', 'next_protocol', 'established', 'cert_chain_fps', 'client_cert_chain_fps', 'cert_chain_fuids',
  'client_cert_chain_fuids', 'requested_client_certificate_authorities', 'ja3', 'ja3s', 'ja4', 'ja4_r', 'ja4s',
  'ja4s_r',
];

export const SSL_REQUIRED: readonly string[] = ['id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'];

/** ssl.log line with the references its chains name. */
export interface SslLine {
  handshake: ZeekHandshake;
  serverRefs: string[];
  clientRefs: string[];
  /** `sha256` for `cert_chain_fps` (Zeek ≥ 4.1), `fuid` for the older `cert_chain_fuids`. */
  refKind: 'sha256' | 'fuid';
}

/** Wire version of Zeek's version text (`TLSv12`, `DTLSv10`, `TLSv13-draft23`, `unknown-N`). */
export function versionCode(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const known = VERSION_CODES[name];
  if (known !== undefined) return known;
  const draft = /^TLSv13-draft(\d+)$/.exec(name);
  if (draft) return 0x7f00 | (Number(draft[1]) & 0xff);
  const unknown = /^unknown-(\d+)$/.exec(name);
  return unknown ? Number(unknown[1]) : undefined;
}

export function cipherCode(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const known = CIPHER_CODES[name];
  if (known !== undefined) return known;
  const unknown = /^unknown-(\d+)$/.exec(name);
  return unknown ? Number(unknown[1]) : undefined;
}

function isTls13(v: number | undefined): boolean {
  return v === 0x0304 || v === 0xfefc || (v !== undefined && (v & 0xff00) === 0x7f00);
}

function isDtls(v: number | undefined, name: string | undefined): boolean {
  return (v !== undefined && (v & 0xff00) === 0xfe00) || (name?.startsWith('DTLS') ?? false);
}

function endpoint(fields: ZeekFields, host: string, port: string): Endpoint | undefined {
  const ip = asText(fields[host]);
  const p = asNumber(fields[port]);
  return ip !== undefined && p !== undefined ? { ip, port: p } : undefined;
}

function fingerprint(value: string | undefined, raw: string | undefined): Fingerprint | undefined {
  return value ? { value, raw: raw ?? '' } : undefined;
}

function status(refs: string[], version: number | undefined): ChainStatus {
  if (refs.length > 0) return 'present';
  return isTls13(version) ? 'encrypted' : 'absent';
}

/** Reads one ssl.log line; undefined when it names no connection (missing or bad `id.*`). */
export function sslLine(fields: ZeekFields, source: SourceRef): SslLine | undefined {
  const client = endpoint(fields, 'id.orig_h', 'id.orig_p');
  const server = endpoint(fields, 'id.resp_h', 'id.resp_p');
  if (!client || !server) return undefined;
  const logAnomalies: ZeekHandshakeAnomaly[] = [];
  const ts = asTimestamp(fields.ts);
  if (!ts) logAnomalies.push('masked-timestamp');
  const versionName = asText(fields.version);
  const version = versionCode(versionName);
  if (versionName && version === undefined) logAnomalies.push('unknown-version');
  const cipherName = asText(fields.cipher);
  const cipherSuite = cipherCode(cipherName);
  if (cipherName && cipherSuite === undefined) logAnomalies.push('unknown-cipher');
  const byFps = 'cert_chain_fps' in fields || 'client_cert_chain_fps' in fields;
  const serverRefs = asStrings(byFps ? fields.cert_chain_fps : fields.cert_chain_fuids);
  const clientRefs = asStrings(byFps ? fields.client_cert_chain_fps : fields.client_cert_chain_fuids);
  const dtls = isDtls(version, versionName);
  const ja3 = fingerprint(asText(fields.ja3), undefined);
  const ja3s = fingerprint(asText(fields.ja3s), undefined);
  const ja4 = fingerprint(asText(fields.ja4), asText(fields.ja4_r));
  const ja4s = fingerprint(asText(fields.ja4s), asText(fields.ja4s_r));
  const uid = asText(fields.uid);
  const serverName = asText(fields.server_name);
  const alpn = asText(fields.next_protocol);
  const handshake: ZeekHandshake = {
    source,
    ts: ts ?? { sec: 0, nsec: 0 },
    client,
    server,
    transport: dtls ? 'udp' : 'tcp',
    protocol: dtls ? 'dtls' : 'tls',
    ...(version !== undefined ? { version } : {}),
    ...(cipherSuite !== undefined ? { cipherSuite } : {}),
    ...(serverName ? { serverName } : {}),
    ...(alpn ? { alpn } : {}),
    serverChain: { status: status(serverRefs, version), certs: [] },
    clientChain: { status: status(clientRefs, version), certs: [] },
    certificateRequested: 'requested_client_certificate_authorities' in fields || clientRefs.length > 0,
    completed: asBool(fields.established) ?? false,
    resumed: asBool(fields.resumed) ?? false,
    anomalies: [],
    ...(ja3 ? { ja3 } : {}),
    ...(ja3s ? { ja3s } : {}),
    ...(ja4 ? { ja4 } : {}),
    ...(ja4s ? { ja4s } : {}),
    ...(uid ? { uid } : {}),
    ...(cipherName ? { cipherName } : {}),
    ...(versionName ? { versionName } : {}),
    logAnomalies,
  };
  return { handshake, serverRefs, clientRefs, refKind: byFps ? 'sha256' : 'fuid' };
}
