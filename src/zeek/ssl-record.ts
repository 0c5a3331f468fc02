/**
 * One ssl.log line → a `ZeekHandshake` whose chains still hold only references (fingerprints or file ids); the
 * joiner fills in the certificates. Columns: zeek scripts/base/protocols/ssl/main.zeek, JA3 (salesforce/ja3:
 * `ja3`, `ja3s`), JA4+ (FoxIO-LLC/ja4 zeek/ja4/main.zeek, ja4s/main.zeek: `ja4`, `ja4_r`, `ja4s`, `ja4s_r`).
 */
import type { Endpoint } from '../net/types';
import type { ChainStatus, Fingerprint, SourceRef } from '../tls/types';
import { CIPHER_CODES, lookup, VERSION_CODES } from './consts';
import type { ZeekHandshake, ZeekHandshakeAnomaly, ZeekValue } from './types';
import type { ZeekRow } from './zeek-row';
import { asBool, asNumber, asStrings, asText, asTimestamp } from './values';

/** Columns an ssl line is read from, in the order of `Col`. */
const COLUMNS = [
  'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'resumed',
  'next_protocol', 'established', 'cert_chain_fps', 'client_cert_chain_fps', 'cert_chain_fuids', 'client_cert_chain_fuids',
  'requested_client_certificate_authorities', 'ja3', 'ja3s', 'ja4', 'ja4_r', 'ja4s', 'ja4s_r',
] as const;

const enum Col {
  ts, uid, origH, origP, respH, respP, version, cipher, serverName, resumed, nextProtocol, established, fps, clientFps,
  fuids, clientFuids, requestedCas, ja3, ja3s, ja4, ja4r, ja4s, ja4sr,
}

/** Reused for every line (sslLine is synchronous and keeps no reference to it). */
const values: Array<ZeekValue | undefined> = new Array(COLUMNS.length);

export const SSL_REQUIRED: readonly string[] = ['id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'];

/** ssl.log line with the references its chains name. */
export interface SslLine {
  handshake: ZeekHandshake;
  serverRefs: string[];
  clientRefs: string[];
  /** `sha256` for `cert_chain_fps` (Zeek ≥ 4.1), `fuid` for the older `cert_chain_fuids`. */
  refKind: 'sha256' | 'fuid';
}

/** Lines repeat a handful of version and cipher names: the last answer of each is kept. */
const memo = { version: '', versionCode: undefined as number | undefined, cipher: '', cipherCode: undefined as number | undefined };

/** Wire version of Zeek's version text (`TLSv12`, `DTLSv10`, `TLSv13-draft23`, `unknown-N`). */
export function versionCode(name: string | undefined): number | undefined {
  if (!name) return undefined;
  if (name === memo.version) return memo.versionCode;
  memo.version = name;
  memo.versionCode = parseVersion(name);
  return memo.versionCode;
}

function parseVersion(name: string): number | undefined {
  const known = lookup(VERSION_CODES, name);
  if (known !== undefined) return known;
  const draft = /^TLSv13-draft(\d+)$/.exec(name);
  if (draft) return 0x7f00 | (Number(draft[1]) & 0xff);
  const unknown = /^unknown-(\d+)$/.exec(name);
  return unknown ? Number(unknown[1]) : undefined;
}

export function cipherCode(name: string | undefined): number | undefined {
  if (!name) return undefined;
  if (name === memo.cipher) return memo.cipherCode;
  memo.cipher = name;
  memo.cipherCode = parseCipher(name);
  return memo.cipherCode;
}

function parseCipher(name: string): number | undefined {
  const known = lookup(CIPHER_CODES, name);
  if (known !== undefined) return known;
  const unknown = /^unknown-(\d+)$/.exec(name);
  return unknown ? Number(unknown[1]) : undefined;
}

function isTls13(v: number | undefined): boolean {
  return v === 0x0304 || v === 0xfefc || (v !== undefined && (v & 0xff00) === 0x7f00);
}

/** DTLS versions count down from 0xfeff; 0x0100 is pre-RFC OpenSSL DTLS (Zeek prints it as `unknown-256`). */
function isDtls(v: number | undefined, name: string | undefined): boolean {
  return (v !== undefined && ((v & 0xff00) === 0xfe00 || v === 0x0100)) || (name?.startsWith('DTLS') ?? false);
}

function endpoint(host: ZeekValue | undefined, port: ZeekValue | undefined): Endpoint | undefined {
  const ip = asText(host);
  const p = asNumber(port);
  return ip !== undefined && p !== undefined ? { ip, port: p } : undefined;
}

function fingerprint(value: string | undefined, raw: string | undefined): Fingerprint | undefined {
  return value ? { value, raw: raw ?? '' } : undefined;
}

function status(refs: string[], version: number | undefined): ChainStatus {
  if (refs.length > 0) return 'present';
  return isTls13(version) ? 'encrypted' : 'absent';
}

/** Reads one ssl.log line (the row is not kept); undefined when it names no connection (missing or bad `id.*`). */
export function sslLine(row: ZeekRow, source: SourceRef): SslLine | undefined {
  const v = values;
  row.pick(COLUMNS, v);
  const client = endpoint(v[Col.origH], v[Col.origP]);
  const server = endpoint(v[Col.respH], v[Col.respP]);
  if (!client || !server) return undefined;
  const logAnomalies: ZeekHandshakeAnomaly[] = [];
  const ts = asTimestamp(v[Col.ts]);
  if (!ts) logAnomalies.push('masked-timestamp');
  const versionName = asText(v[Col.version]);
  const version = versionCode(versionName);
  if (versionName && version === undefined) logAnomalies.push('unknown-version');
  const cipherName = asText(v[Col.cipher]);
  const cipherSuite = cipherCode(cipherName);
  if (cipherName && cipherSuite === undefined) logAnomalies.push('unknown-cipher');
  const fps = v[Col.fps];
  const clientFps = v[Col.clientFps];
  const byFps = fps !== undefined || clientFps !== undefined;
  const serverRefs = asStrings(byFps ? fps : v[Col.fuids]);
  const clientRefs = asStrings(byFps ? clientFps : v[Col.clientFuids]);
  const dtls = isDtls(version, versionName);
  const h: ZeekHandshake = {
    source,
    ts: ts ?? { sec: 0, nsec: 0 },
    client,
    server,
    transport: dtls ? 'udp' : 'tcp',
    protocol: dtls ? 'dtls' : 'tls',
    serverChain: { status: status(serverRefs, version), certs: [] },
    clientChain: { status: status(clientRefs, version), certs: [] },
    certificateRequested: v[Col.requestedCas] !== undefined || clientRefs.length > 0,
    completed: asBool(v[Col.established]) ?? false,
    resumed: asBool(v[Col.resumed]) ?? false,
    anomalies: [],
    logAnomalies,
  };
  if (version !== undefined) h.version = version;
  if (versionName) h.versionName = versionName;
  if (cipherSuite !== undefined) h.cipherSuite = cipherSuite;
  if (cipherName) h.cipherName = cipherName;
  const serverName = asText(v[Col.serverName]);
  if (serverName) h.serverName = serverName;
  const alpn = asText(v[Col.nextProtocol]);
  if (alpn) h.alpn = alpn;
  const uid = asText(v[Col.uid]);
  if (uid) h.uid = uid;
  const ja3 = fingerprint(asText(v[Col.ja3]), undefined);
  if (ja3) h.ja3 = ja3;
  const ja3s = fingerprint(asText(v[Col.ja3s]), undefined);
  if (ja3s) h.ja3s = ja3s;
  const ja4 = fingerprint(asText(v[Col.ja4]), asText(v[Col.ja4r]));
  if (ja4) h.ja4 = ja4;
  const ja4s = fingerprint(asText(v[Col.ja4s]), asText(v[Col.ja4sr]));
  if (ja4s) h.ja4s = ja4s;
  return { handshake: h, serverRefs, clientRefs, refKind: byFps ? 'sha256' : 'fuid' };
}
