/**
 * JA3: Salesforce TLS client fingerprint (BSD-3-Clause), https://github.com/salesforce/ja3 (README.md).
 *
 * raw = `SSLVersion,Cipher,SSLExtension,EllipticCurve,EllipticCurvePointFormat`, each a `-`-joined list of
 * decimal values in the order sent, GREASE (RFC 8701) left out of ciphers, extensions and curves; empty
 * lists stay empty fields (`769,4-5-10,,,`). value = lower-case MD5 hex of raw.
 * SSLVersion is the ClientHello `legacy_version` (771 for TLS 1.3 hellos), never `supported_versions`.
 */
import { isGrease } from './consts';
import { FingerprintMemo, type RawWriter, rawWriter } from './fingerprint-text';
import type { ClientHello, Fingerprint } from './types';

const COMMA = 0x2c;
const DASH = 0x2d;
const memo = new FingerprintMemo();

/** Writes a `-`-joined decimal list; GREASE dropped when `dropGrease`. */
function decimalList(w: RawWriter, values: readonly number[], dropGrease: boolean): void {
  let first = true;
  for (const v of values) {
    if (dropGrease && isGrease(v)) continue;
    if (!first) w.char(DASH);
    w.decimal(v);
    first = false;
  }
}

/**
 * JA3 of a ClientHello, or `undefined` for an SSLv2 CLIENT-HELLO: like Suricata (app-layer-ssl.c
 * `SSLv2Decode` never feeds JA3), we do not define JA3 for SSLv2-format hellos, which carry 24-bit
 * cipher specs and no extensions.
 */
export function ja3(ch: ClientHello): Fingerprint | undefined {
  if (ch.sslv2) return undefined;
  const w = rawWriter.reset();
  w.decimal(ch.legacyVersion);
  w.char(COMMA);
  decimalList(w, ch.cipherSuites, true);
  w.char(COMMA);
  let first = true;
  for (const e of ch.extensions) {
    if (isGrease(e.type)) continue;
    if (!first) w.char(DASH);
    w.decimal(e.type);
    first = false;
  }
  w.char(COMMA);
  decimalList(w, ch.supportedGroups, true);
  w.char(COMMA);
  decimalList(w, ch.ecPointFormats, false);
  const raw = w.string();
  return { value: memo.get(raw) ?? memo.set(raw, w.digest('md5')), raw };
}
