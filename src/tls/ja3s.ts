/**
 * JA3S: Salesforce TLS server fingerprint (BSD-3-Clause), https://github.com/salesforce/ja3
 * (python/ja3s.py, zeek/ja3s.zeek).
 *
 * raw = `SSLVersion,Cipher,SSLExtension`: ServerHello `legacy_version` (771 for TLS 1.3), the chosen cipher,
 * and the extension types in the order sent, all decimal. Like both reference implementations, JA3S keeps
 * every extension type (servers send no GREASE in a ServerHello, RFC 8701 §4). value = MD5 hex of raw.
 */
import { FingerprintMemo, rawWriter } from './fingerprint-text';
import type { Fingerprint, ServerHello } from './types';

const COMMA = 0x2c;
const DASH = 0x2d;
const memo = new FingerprintMemo();

/** JA3S of a ServerHello, or `undefined` for an SSLv2 SERVER-HELLO (no single chosen cipher, no extensions). */
export function ja3s(sh: ServerHello): Fingerprint | undefined {
  if (sh.sslv2) return undefined;
  const w = rawWriter.reset();
  w.decimal(sh.legacyVersion);
  w.char(COMMA);
  w.decimal(sh.cipherSuite);
  w.char(COMMA);
  for (let i = 0; i < sh.extensions.length; i++) {
    if (i > 0) w.char(DASH);
    w.decimal(sh.extensions[i].type);
  }
  const raw = w.string();
  return { value: memo.get(raw) ?? memo.set(raw, w.digest('md5')), raw };
}
