/**
 * One ssl.log line → a `ZeekHandshake` whose chains still hold only references (fingerprints or file ids); the
 * joiner fills in the certificates. Columns: zeek scripts/base/protocols/ssl/main.zeek, JA3 (salesforce/ja3:
 * `ja3`, `ja3s`), JA4+ (FoxIO-LLC/ja4 zeek/ja4/main.zeek, ja4s/main.zeek: `ja4`, `ja4_r`, `ja4s`, `ja4s_r`).
 */
import type { Endpoint } from '../net/types';
import type { ChainStatus, Fingerprint, SourceRef } from '../tls/types';
import { CIPHER_CODES, lookup, VERSION_CODES } from './consts';
import type { ZeekCertBlob, ZeekFields, ZeekHandshake, ZeekHandshakeAnomaly } from './types';
import type { ZeekRow } from './zeek-row';

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

export const SSL_REQUIRED: readonly string[] = ['id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'];

/** How a chain column names certificates: `sha256` for `cert_chain_fps` (Zeek ≥ 4.1), `fuid` for the older `cert_chain_fuids`. */
export type RefKind = 'sha256' | 'fuid';

/** The certificates a chain column of the row names (the joiner's index). */
export type ChainResolver = (row: ZeekRow, column: number, kind: RefKind) => ZeekCertBlob[];

/** The certificate an ssl line describes itself (Bro 2.1–2.2), given as x509.log fields. */
export type LineCertResolver = (fields: ZeekFields) => ZeekCertBlob;

/**
 * Certificate columns of Bro 2.1–2.2 ssl.log (before x509.log, Bro 2.3): base/protocols/ssl/main.bro logs the
 * leaf's `subject`, `issuer_subject`, `not_valid_before`, `not_valid_after` and the client's `client_subject`,
 * `client_issuer_subject`; policy/protocols/ssl/cert-hash.bro adds `cert_hash`, the MD5 of the leaf's DER. Bro 2.3
 * to Zeek 4 keep `subject`/`issuer` beside `cert_chain_fuids`: the chain then comes from x509.log.
 */
const LINE_CERT = {
  server: { subject: 'subject', issuer: ['issuer_subject', 'issuer'], before: 'not_valid_before', after: 'not_valid_after', hash: 'cert_hash' },
  client: { subject: 'client_subject', issuer: ['client_issuer_subject', 'client_issuer'], before: '', after: '', hash: '' },
} as const;

/** The line's own certificate columns for one side, named as x509.log names them; undefined when it has none. */
function lineCertFields(row: ZeekRow, side: 'server' | 'client'): ZeekFields | undefined {
  const cols = LINE_CERT[side];
  const subject = row.get(cols.subject);
  const hash = cols.hash ? row.get(cols.hash) : undefined;
  if (subject === undefined && hash === undefined) return undefined;
  const fields: ZeekFields = side === 'server' ? { host_cert: true } : { client_cert: true };
  if (subject !== undefined) fields['certificate.subject'] = subject;
  const issuer = row.get(cols.issuer[0]) ?? row.get(cols.issuer[1]);
  if (issuer !== undefined) fields['certificate.issuer'] = issuer;
  const before = cols.before ? row.get(cols.before) : undefined;
  if (before !== undefined) fields['certificate.not_valid_before'] = before;
  const after = cols.after ? row.get(cols.after) : undefined;
  if (after !== undefined) fields['certificate.not_valid_after'] = after;
  if (hash !== undefined) fields.fingerprint = hash;
  return fields;
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

function endpoint(row: ZeekRow, host: Col, port: Col): Endpoint | undefined {
  const ip = row.text(host);
  const p = ip === undefined ? undefined : row.number(port);
  return ip !== undefined && p !== undefined ? { ip, port: p } : undefined;
}

function fingerprint(value: string | undefined, raw: string | undefined): Fingerprint | undefined {
  return value ? { value, raw: raw ?? '' } : undefined;
}

function status(certs: number, version: number | undefined): ChainStatus {
  if (certs > 0) return 'present';
  return isTls13(version) ? 'encrypted' : 'absent';
}

/**
 * Reads one ssl.log line (the row is not kept); undefined when it names no connection (missing or bad `id.*`).
 * Its chains are left empty: `sslChains` fills them from the same row.
 */
export function sslLine(row: ZeekRow, source: SourceRef): ZeekHandshake | undefined {
  row.select(COLUMNS);
  const client = endpoint(row, Col.origH, Col.origP);
  const server = client && endpoint(row, Col.respH, Col.respP);
  if (!client || !server) return undefined;
  const logAnomalies: ZeekHandshakeAnomaly[] = [];
  const ts = row.time(Col.ts);
  if (!ts) logAnomalies.push('masked-timestamp');
  const versionName = row.text(Col.version);
  const version = versionCode(versionName);
  if (versionName && version === undefined) logAnomalies.push('unknown-version');
  const cipherName = row.text(Col.cipher);
  const cipherSuite = cipherCode(cipherName);
  if (cipherName && cipherSuite === undefined) logAnomalies.push('unknown-cipher');
  const dtls = isDtls(version, versionName);
  const h: ZeekHandshake = {
    source,
    ts: ts ?? { sec: 0, nsec: 0 },
    client,
    server,
    transport: dtls ? 'udp' : 'tcp',
    protocol: dtls ? 'dtls' : 'tls',
    serverChain: { status: status(0, version), certs: [] },
    clientChain: { status: status(0, version), certs: [] },
    certificateRequested: row.isSet(Col.requestedCas),
    completed: row.flag(Col.established) ?? false,
    resumed: row.flag(Col.resumed) ?? false,
    anomalies: [],
    logAnomalies,
  };
  if (version !== undefined) h.version = version;
  if (versionName) h.versionName = versionName;
  if (cipherSuite !== undefined) h.cipherSuite = cipherSuite;
  if (cipherName) h.cipherName = cipherName;
  const serverName = row.text(Col.serverName);
  if (serverName) h.serverName = serverName;
  const alpn = row.text(Col.nextProtocol);
  if (alpn) h.alpn = alpn;
  const uid = row.text(Col.uid);
  if (uid) h.uid = uid;
  const ja3 = fingerprint(row.text(Col.ja3), undefined);
  if (ja3) h.ja3 = ja3;
  const ja3s = fingerprint(row.text(Col.ja3s), undefined);
  if (ja3s) h.ja3s = ja3s;
  const ja4 = fingerprint(row.text(Col.ja4), row.text(Col.ja4r));
  if (ja4) h.ja4 = ja4;
  const ja4s = fingerprint(row.text(Col.ja4s), row.text(Col.ja4sr));
  if (ja4s) h.ja4s = ja4s;
  return h;
}

/**
 * Fills the chains of `h`, read by `sslLine` from `row` (still on the same line), with what `resolve` finds in the
 * chain columns, or (a line without them: Bro 2.1–2.2) with the leaf the line describes itself.
 */
export function sslChains(row: ZeekRow, h: ZeekHandshake, resolve: ChainResolver, fromLine: LineCertResolver): void {
  const byFps = row.isSet(Col.fps) || row.isSet(Col.clientFps);
  const kind: RefKind = byFps ? 'sha256' : 'fuid';
  let server = resolve(row, byFps ? Col.fps : Col.fuids, kind);
  let client = resolve(row, byFps ? Col.clientFps : Col.clientFuids, kind);
  if (!byFps && server.length === 0 && client.length === 0 && !row.isSet(Col.fuids) && !row.isSet(Col.clientFuids)) {
    const serverLeaf = lineCertFields(row, 'server');
    if (serverLeaf) server = [fromLine(serverLeaf)];
    const clientLeaf = lineCertFields(row, 'client');
    if (clientLeaf) client = [fromLine(clientLeaf)];
  }
  h.serverChain.certs = server;
  h.serverChain.status = status(server.length, h.version);
  h.clientChain.certs = client;
  h.clientChain.status = status(client.length, h.version);
  if (client.length > 0) h.certificateRequested = true;
}
