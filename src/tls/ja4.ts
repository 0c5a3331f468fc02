/**
 * JA4: FoxIO TLS client fingerprint (BSD-3-Clause).
 * Spec: https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md
 *
 * `{proto}{version}{sni}{#ciphers}{#extensions}{alpn}_{hash(sorted ciphers)}_{hash(sorted extensions_sigalgs)}`
 * e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`. GREASE is ignored everywhere. `raw` is JA4_r (the sorted
 * raw form the tool prints with `-r`, whose two lists hash to the value), not JA4_ro (original order).
 */
import type { ClientHello, Fingerprint, TlsExtension } from './types';
import { EXTENSION_TYPE, isGrease } from './consts';
import { type RawWriter, rawWriter } from './ja3';

/** How the hello travelled: TLS over TCP (`t`), DTLS over UDP (`d`), or QUIC (`q`). */
export type Ja4Transport = 'tcp' | 'udp' | 'quic';

const { SERVER_NAME: EXT_SERVER_NAME, ALPN: EXT_ALPN, SUPPORTED_VERSIONS: EXT_SUPPORTED_VERSIONS } = EXTENSION_TYPE;
/** Two-digit counts: "if there's > 99 … output 99" (JA4.md, Number of Ciphers). */
const MAX_COUNT = 99;
/** Empty list marker: "we do this rather than running a sha256 hash of nothing" (JA4.md). */
const EMPTY_HASH = '000000000000';
/** Up to this many codes insertion sort wins; beyond it (hostile hellos) the n log n sort keeps cost bounded. */
const SMALL_SORT = 64;

/** JA4.md "TLS and DTLS Version" table; anything else is `00`. */
const VERSION_CODES: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'], [0x0303, '12'], [0x0302, '11'], [0x0301, '10'], [0x0300, 's3'], [0x0002, 's2'],
  [0xfeff, 'd1'], [0xfefd, 'd2'], [0xfefc, 'd3'],
]);

const HEX_DIGITS = '0123456789abcdef';
const COMMA = 0x2c;
const UNDERSCORE = 0x5f;

/** First 12 hex digits of SHA-256 of the writer's bytes [from, to), or `000000000000` when empty (FoxIO rust `hash12`). */
export function hash12(w: RawWriter, from: number, to: number): string {
  return to > from ? w.digest('sha256', from, to).slice(0, 12) : EMPTY_HASH;
}

/** Reused code lists (ciphers, extensions), grown to the largest hello seen; saves two allocations per hello. */
const scratchLists: Uint32Array[] = [new Uint32Array(128), new Uint32Array(64)];

function scratch(slot: 0 | 1, size: number): Uint32Array {
  if (scratchLists[slot].length < size) scratchLists[slot] = new Uint32Array(size);
  return scratchLists[slot];
}

/** Sorted first `n` codes. Insertion sort for hello-sized lists (3x faster than TypedArray sort, measured). */
function sortedPrefix(list: Uint32Array, n: number): Uint32Array {
  const s = list.subarray(0, n);
  if (n > SMALL_SORT) return s.sort();
  for (let i = 1; i < n; i++) {
    const v = s[i];
    let j = i;
    for (; j > 0 && s[j - 1] > v; j--) s[j] = s[j - 1];
    s[j] = v;
  }
  return s;
}

/** Writes a comma-joined 4-hex list. */
function hexList(w: RawWriter, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.char(COMMA);
    w.hex4(values[i]);
  }
}

/** JA4 protocol letter: `t` TLS over TCP, `d` DTLS, `q` QUIC. */
export function protocolCode(transport: Ja4Transport): string {
  return transport === 'quic' ? 'q' : transport === 'udp' ? 'd' : 't';
}

/** Two-character JA4 version code. */
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
export function alpnCode(d: Buffer | undefined): string {
  if (d === undefined || d.length < 2) return '00';
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
    return HEX_DIGITS[first >> 4] + HEX_DIGITS[last & 0xf];
  }
  return '00';
}

/** The body of the first extension of `type`, if any. */
export function extensionData(extensions: readonly TlsExtension[], type: number): Buffer | undefined {
  for (const e of extensions) if (e.type === type) return e.data;
  return undefined;
}

/** Two-digit decimal count, capped at 99. */
export function twoDigits(n: number): string {
  const c = Math.min(n, MAX_COUNT);
  return c < 10 ? '0' + c : String(c);
}

/** JA4 of a ClientHello; `raw` is JA4_r. Total on any field values: malformed input never throws. */
export function ja4(ch: ClientHello, transport: Ja4Transport): Fingerprint {
  const ciphers = scratch(0, ch.cipherSuites.length);
  let nCiphers = 0;
  for (const c of ch.cipherSuites) if (!isGrease(c)) ciphers[nCiphers++] = c;

  const exts = scratch(1, ch.extensions.length);
  let nExts = 0;
  let nHashedExts = 0;
  let sni = false;
  let hasSupportedVersions = false;
  let alpn: Buffer | undefined;
  for (const e of ch.extensions) {
    const t = e.type;
    if (isGrease(t)) continue;
    nExts++;
    if (t === EXT_SERVER_NAME) sni = true;
    else if (t === EXT_SUPPORTED_VERSIONS) hasSupportedVersions = true;
    else if (t === EXT_ALPN && alpn === undefined) alpn = e.data;
    // SNI and ALPN are counted in part a but left out of the hash so the same client hashes alike to names and IPs.
    if (t !== EXT_SERVER_NAME && t !== EXT_ALPN) exts[nHashedExts++] = t;
  }
  const version = hasSupportedVersions ? clientVersion(ch) : ch.legacyVersion;

  const a =
    protocolCode(transport) + versionCode(version) + (sni ? 'd' : 'i') +
    twoDigits(nCiphers) + twoDigits(nExts) + alpnCode(alpn);
  const w = rawWriter.reset();
  w.text(a);
  w.char(UNDERSCORE);
  const bFrom = w.length;
  hexList(w, sortedPrefix(ciphers, nCiphers));
  const bTo = w.length;
  w.char(UNDERSCORE);
  const cFrom = w.length;
  hexList(w, sortedPrefix(exts, nHashedExts));
  // "If there are no signature algorithms … the string ends without an underscore".
  let firstSig = true;
  for (const sig of ch.signatureAlgorithms) {
    if (isGrease(sig)) continue;
    w.char(firstSig ? UNDERSCORE : COMMA);
    w.hex4(sig);
    firstSig = false;
  }
  return { value: a + '_' + hash12(w, bFrom, bTo) + '_' + hash12(w, cFrom, w.length), raw: w.string() };
}
