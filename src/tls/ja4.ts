/**
 * JA4: FoxIO TLS client fingerprint (BSD-3-Clause).
 * Spec: https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md
 *
 * `{proto}{version}{sni}{#ciphers}{#extensions}{alpn}_{hash(sorted ciphers)}_{hash(sorted extensions_sigalgs)}`
 * e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`. GREASE is ignored everywhere. `raw` is JA4_r (the sorted
 * raw form the tool prints with `-r`, whose two lists hash to the value), not JA4_ro (original order).
 */
import type { ClientHello, Fingerprint, TlsExtension } from './types';
import { EXTENSION_TYPE, isGrease, ja4VersionCode } from './consts';
import { alpnCode, FingerprintMemo, hash12, type RawWriter, rawWriter, twoDigits } from './fingerprint-text';

/** How the hello travelled: TLS over TCP (`t`), DTLS over UDP (`d`), or QUIC (`q`). */
export type Ja4Transport = 'tcp' | 'udp' | 'quic';

const { SERVER_NAME: EXT_SERVER_NAME, ALPN: EXT_ALPN, SUPPORTED_VERSIONS: EXT_SUPPORTED_VERSIONS } = EXTENSION_TYPE;
/** Up to this many codes insertion sort wins; beyond it (hostile hellos) the n log n sort keeps cost bounded. */
const SMALL_SORT = 64;

const COMMA = 0x2c;
const UNDERSCORE = 0x5f;
const memo = new FingerprintMemo();

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

/** The body of the first extension of `type`, if any. */
export function extensionData(extensions: readonly TlsExtension[], type: number): Buffer | undefined {
  for (const e of extensions) if (e.type === type) return e.data;
  return undefined;
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
    protocolCode(transport) + ja4VersionCode(version) + (sni ? 'd' : 'i') +
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
  const raw = w.string();
  return { value: memo.get(raw) ?? memo.set(raw, a + '_' + hash12(w, bFrom, bTo) + '_' + hash12(w, cFrom, w.length)), raw };
}
