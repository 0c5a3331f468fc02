/**
 * JA4S: FoxIO TLS server fingerprint. Licensed under the FoxIO License 1.1 (not BSD like JA4):
 * https://github.com/FoxIO-LLC/ja4/blob/main/LICENSE. Spec:
 * https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4S.md
 *
 * `{proto}{version}{#extensions}{alpn}_{cipher hex}_{hash(extensions in the order sent)}`,
 * e.g. `t120400_c030_4e8089b08790`; raw is JA4S_r (`t120400_c030_0005,0017,ff01,0000`). Like the FoxIO
 * python and rust tools, every extension type is kept (no GREASE filtering; servers send none).
 * The protocol letter follows JA4's rule (`d` for DTLS); the JA4S text names only `q` and `t`.
 */
import { EXTENSION_TYPE, ja4VersionCode } from './consts';
import { alpnCode, FingerprintMemo, hash12, rawWriter, twoDigits } from './fingerprint-text';
import { extensionData, type Ja4Transport, protocolCode } from './ja4';
import type { Fingerprint, ServerHello } from './types';

const COMMA = 0x2c;
const UNDERSCORE = 0x5f;
const memo = new FingerprintMemo();

/** JA4S of a ServerHello, or `undefined` for an SSLv2 SERVER-HELLO (no chosen cipher, no extensions). */
export function ja4s(sh: ServerHello, transport: Ja4Transport): Fingerprint | undefined {
  if (sh.sslv2) return undefined;
  // selected_version (RFC 8446 §4.2.1) when the server sent supported_versions, else legacy_version.
  const version = sh.selectedVersion ?? sh.legacyVersion;
  const w = rawWriter.reset();
  w.text(protocolCode(transport) + ja4VersionCode(version) + twoDigits(sh.extensions.length));
  w.text(alpnCode(extensionData(sh.extensions, EXTENSION_TYPE.ALPN)));
  w.char(UNDERSCORE);
  w.hex4(sh.cipherSuite);
  const abTo = w.length;
  w.char(UNDERSCORE);
  const cFrom = w.length;
  for (let i = 0; i < sh.extensions.length; i++) {
    if (i > 0) w.char(COMMA);
    w.hex4(sh.extensions[i].type);
  }
  const raw = w.string();
  return { value: memo.get(raw) ?? memo.set(raw, raw.slice(0, abTo) + '_' + hash12(w, cFrom, w.length)), raw };
}
