/**
 * JA3: Salesforce TLS client fingerprint (BSD-3-Clause), https://github.com/salesforce/ja3 (README.md).
 *
 * raw = `SSLVersion,Cipher,SSLExtension,EllipticCurve,EllipticCurvePointFormat`, each a `-`-joined list of
 * decimal values in the order sent, GREASE (RFC 8701) left out of ciphers, extensions and curves; empty
 * lists stay empty fields (`769,4-5-10,,,`). value = lower-case MD5 hex of raw.
 * SSLVersion is the ClientHello `legacy_version` (771 for TLS 1.3 hellos), never `supported_versions`.
 */
import { createHash } from 'node:crypto';
import { isGrease } from './consts';
import type { ClientHello, Fingerprint } from './types';

/** `-`-joined decimal list; GREASE dropped when `dropGrease`. */
function decimalList(values: readonly number[], dropGrease: boolean): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (dropGrease && isGrease(v)) continue;
    out = out.length === 0 ? String(v) : out + '-' + v;
  }
  return out;
}

/**
 * JA3 of a ClientHello, or `undefined` for an SSLv2 CLIENT-HELLO: like Suricata (app-layer-ssl.c
 * `SSLv2Decode` never feeds JA3), we do not define JA3 for SSLv2-format hellos, which carry 24-bit
 * cipher specs and no extensions.
 */
export function ja3(ch: ClientHello): Fingerprint | undefined {
  if (ch.sslv2) return undefined;
  let extensions = '';
  for (let i = 0; i < ch.extensions.length; i++) {
    const t = ch.extensions[i].type;
    if (isGrease(t)) continue;
    extensions = extensions.length === 0 ? String(t) : extensions + '-' + t;
  }
  const raw =
    ch.legacyVersion + ',' +
    decimalList(ch.cipherSuites, true) + ',' +
    extensions + ',' +
    decimalList(ch.supportedGroups, true) + ',' +
    decimalList(ch.ecPointFormats, false);
  return { value: md5Hex(raw), raw };
}

/** Lower-case MD5 hex of an ASCII string (JA3 and JA3S). */
export function md5Hex(raw: string): string {
  return createHash('md5').update(raw, 'latin1').digest('hex');
}
