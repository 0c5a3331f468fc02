import { ByteReader } from './byte-reader';
import { EXTENSION_TYPE, HELLO_RETRY_REQUEST_RANDOM, isTls13Prerelease } from './consts';
import { finishHello, parseAlpnList } from './extensions';
import { parsedError, type Parsed } from './parsed';
import type { ServerHello, TlsExtension } from './types';

/**
 * RFC 8446 §4.1.3 / RFC 5246 §7.4.1.3 ServerHello body. TLS 1.3 drafts up to -21 put the draft version
 * (0x7fNN) in `server_version` and have neither session id nor compression method; Google's experiment
 * versions (0x7e0N) came both ways, so a draft or experiment version that does not read one way is read the other.
 */
export function parseServerHello(body: Buffer, recordVersion: number): Parsed<ServerHello> {
  const legacyVersion = body.length >= 2 ? body.readUInt16BE(0) : 0;
  const draftLayout = (legacyVersion & 0xff00) === 0x7f00;
  const first = parseLayout(body, recordVersion, draftLayout);
  if (first.ok || !isTls13Prerelease(legacyVersion)) return first;
  const second = parseLayout(body, recordVersion, !draftLayout);
  return second.ok ? second : first;
}

function parseLayout(body: Buffer, recordVersion: number, draftLayout: boolean): Parsed<ServerHello> {
  const r = new ByteReader(body);
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  if (!draftLayout) r.vector(1); // legacy_session_id_echo
  const cipherSuite = r.u16();
  const compressionMethod = draftLayout ? 0 : r.u8();
  if (r.overrun) return parsedError('truncated', r.pos);
  const hello: ServerHello = {
    legacyVersion, recordVersion, cipherSuite, compressionMethod, extensions: [],
    helloRetryRequest: random.equals(HELLO_RETRY_REQUEST_RANDOM), sslv2: false,
  };
  // Before supported_versions carried it (draft-22), the version field named the draft or experiment itself.
  if (isTls13Prerelease(legacyVersion)) hello.selectedVersion = legacyVersion;
  return finishHello(r, body, hello, decodeExtension);
}

function decodeExtension(hello: ServerHello, ext: TlsExtension): boolean {
  if (ext.type === EXTENSION_TYPE.SUPPORTED_VERSIONS) {
    // RFC 8446 §4.2.1: the server's form is a single selected_version.
    if (ext.data.length !== 2) return false;
    hello.selectedVersion = ext.data.readUInt16BE(0);
  } else if (ext.type === EXTENSION_TYPE.ALPN) {
    const list = parseAlpnList(ext.data);
    if (!list || list.length !== 1) return false;
    hello.alpn = list[0];
  }
  return true;
}
