/**
 * JA4: FoxIO TLS client fingerprint (BSD-3-Clause).
 * Spec: https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md
 *
 * `{proto}{version}{sni}{#ciphers}{#extensions}{alpn}_{hash(sorted ciphers)}_{hash(sorted extensions_sigalgs)}`
 * e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`. GREASE is ignored everywhere. `raw` is JA4_r (the sorted
 * raw form the tool prints with `-r`, whose two lists hash to the value), not JA4_ro (original order).
 */
import { createHash } from 'node:crypto';
import type { ClientHello, Fingerprint, TlsExtension } from './types';
import { isGrease } from './consts';

/** How the hello travelled: TLS over TCP (`t`), DTLS over UDP (`d`), or QUIC (`q`). */
export type Ja4Transport = 'tcp' | 'udp' | 'quic';

const EXT_SERVER_NAME = 0x0000;
const EXT_ALPN = 0x0010;
const EXT_SUPPORTED_VERSIONS = 0x002b;
/** Two-digit counts: "if there's > 99 … output 99" (JA4.md, Number of Ciphers). */
const MAX_COUNT = 99;
/** Empty list marker: "we do this rather than running a sha256 hash of nothing" (JA4.md). */
const EMPTY_HASH = '000000000000';

/** JA4.md "TLS and DTLS Version" table; anything else is `00`. */
const VERSION_CODES: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'], [0x0303, '12'], [0x0302, '11'], [0x0301, '10'], [0x0300, 's3'], [0x0002, 's2'],
  [0xfeff, 'd1'], [0xfefd, 'd2'], [0xfefc, 'd3'],
]);

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * 4-digit lower-case hex of a 16-bit code. Wider values (SSLv2 24-bit cipher specs) keep all their digits,
 * as printf `%04x` in FoxIO's zeek plugin (zeek/src/common.cc vector_of_count_to_str_cpp) prints them.
 */
export function hex4(v: number): string {
  return v >= 0 && v <= 0xffff ? HEX_BYTE[v >>> 8] + HEX_BYTE[v & 0xff] : Math.trunc(v).toString(16).padStart(4, '0');
}

/** First 12 hex digits of SHA-256, or `000000000000` for an empty input (FoxIO rust `hash12`, zeek `sha256_or_null__12`). */
export function hash12(s: string): string {
  return s.length === 0 ? EMPTY_HASH : createHash('sha256').update(s, 'latin1').digest('hex').slice(0, 12);
}

export function protocolCode(transport: Ja4Transport): string {
  return transport === 'quic' ? 'q' : transport === 'udp' ? 'd' : 't';
}

export function versionCode(version: number): string {
  return VERSION_CODES.get(version) ?? '00';
}

/** DTLS numbers count down (1.0 = 0xfeff, 1.3 = 0xfefc), so "highest" means newest, not largest. */
function versionRank(v: number): number {
  return (v & 0xff00) === 0xfe00 ? 0x10000 - v : v;
}

/** Highest non-GREASE `supported_versions` entry, else `legacy_version` (record-layer version ignored). */
function clientVersion(ch: ClientHello): number {
  let best = -1;
  for (const v of ch.supportedVersions) {
    if (isGrease(v)) continue;
    if (best < 0 || versionRank(v) > versionRank(best)) best = v;
  }
  return best >= 0 ? best : ch.legacyVersion;
}

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/**
 * JA4.md "ALPN Extension Value": first and last byte of the first ALPN protocol (one byte counts as both);
 * if either is not alphanumeric, the first and last hex digits of the whole value instead; `00` when there
 * is no ALPN extension, no value, or the value is empty. RFC 8701 GREASE ALPN ids (0x?A 0x?A) are skipped.
 * Read from the extension bytes so non-ASCII values are never mangled by a text decoding.
 */
export function alpnCode(extensions: readonly TlsExtension[]): string {
  const ext = extensions.find((e) => e.type === EXT_ALPN);
  if (ext === undefined) return '00';
  const d = ext.data;
  if (d.length < 2) return '00';
  const end = Math.min(d.length, 2 + ((d[0] << 8) | d[1]));
  let off = 2;
  while (off < end) {
    const len = d[off];
    const start = off + 1;
    if (len === 0 || start + len > end) return '00';
    off = start + len;
    if (len === 2 && isGrease((d[start] << 8) | d[start + 1])) continue;
    const first = d[start];
    const last = d[start + len - 1];
    if (isAlnum(first) && isAlnum(last)) return String.fromCharCode(first, last);
    return HEX_BYTE[first][0] + HEX_BYTE[last][1];
  }
  return '00';
}

function twoDigits(n: number): string {
  const c = Math.min(n, MAX_COUNT);
  return c < 10 ? '0' + c : String(c);
}

/** JA4 of a ClientHello; `raw` is JA4_r. Total on any field values: malformed input never throws. */
export function ja4(ch: ClientHello, transport: Ja4Transport): Fingerprint {
  const ciphers = new Uint32Array(ch.cipherSuites.length);
  let nCiphers = 0;
  for (const c of ch.cipherSuites) if (!isGrease(c)) ciphers[nCiphers++] = c;

  const exts = new Uint32Array(ch.extensions.length);
  let nExts = 0;
  let nHashedExts = 0;
  let sni = false;
  for (const e of ch.extensions) {
    const t = e.type;
    if (isGrease(t)) continue;
    nExts++;
    if (t === EXT_SERVER_NAME) sni = true;
    // SNI and ALPN are counted in part a but left out of the hash so the same client hashes alike to names and IPs.
    if (t !== EXT_SERVER_NAME && t !== EXT_ALPN) exts[nHashedExts++] = t;
  }
  const hasSupportedVersions = ch.extensions.some((e) => e.type === EXT_SUPPORTED_VERSIONS);
  const version = hasSupportedVersions ? clientVersion(ch) : ch.legacyVersion;

  const a =
    protocolCode(transport) + versionCode(version) + (sni ? 'd' : 'i') +
    twoDigits(nCiphers) + twoDigits(nExts) + alpnCode(ch.extensions);
  const b = hexList(ciphers.subarray(0, nCiphers).sort());
  let c = hexList(exts.subarray(0, nHashedExts).sort());
  let sigs = '';
  for (const s of ch.signatureAlgorithms) {
    if (isGrease(s)) continue;
    sigs = sigs.length === 0 ? hex4(s) : sigs + ',' + hex4(s);
  }
  // "If there are no signature algorithms … the string ends without an underscore".
  if (sigs.length > 0) c = c + '_' + sigs;
  return { value: a + '_' + hash12(b) + '_' + hash12(c), raw: a + '_' + b + '_' + c };
}

/** Comma-joined 4-hex list. */
export function hexList(values: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out = i === 0 ? hex4(values[i]) : out + ',' + hex4(values[i]);
  return out;
}
