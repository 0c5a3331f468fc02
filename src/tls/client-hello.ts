import { ByteReader, u16List } from './byte-reader';
import { EXTENSION_TYPE, isDtlsVersion } from './consts';
import { finishHello, parseAlpnList, parseServerName, parseU16Vector, parseU8Vector } from './extensions';
import { parsedError, type Parsed } from './parsed';
import type { ClientHello, TlsExtension } from './types';

/**
 * RFC 8446 §4.1.2 / RFC 5246 §7.4.1.2 ClientHello body (without the 4-byte handshake header).
 * The extension block is optional (SSL 3.0 and early TLS clients omit it). A DTLS hello (DTLS legacy_version)
 * has a cookie vector after the session id (RFC 6347 §4.2.1; RFC 9147 §5.3 legacy_cookie).
 */
export function parseClientHello(body: Buffer, recordVersion: number): Parsed<ClientHello> {
  const r = new ByteReader(body);
  const legacyVersion = r.u16();
  r.skip(32); // random
  r.skipVector(1); // legacy_session_id
  if (isDtlsVersion(legacyVersion)) r.skipVector(1); // cookie
  const suites = r.vector(2);
  const compression = r.vector(1);
  if (r.overrun) return parsedError('truncated', r.pos);
  const cipherSuites = u16List(suites);
  if (!cipherSuites) return parsedError('bad-length', r.pos);
  const hello: ClientHello = {
    legacyVersion, recordVersion, cipherSuites, compressionMethods: Array.from(compression),
    extensions: [], alpn: [], supportedVersions: [], supportedGroups: [], ecPointFormats: [],
    signatureAlgorithms: [], sslv2: false,
  };
  return finishHello(r, body, hello, decodeExtension);
}

/** Fills the hello's decoded fields from one extension; false if its body is malformed. Bodies of other types are never read. */
function decodeExtension(hello: ClientHello, ext: TlsExtension): boolean {
  switch (ext.type) {
    case EXTENSION_TYPE.SERVER_NAME: {
      const data = ext.data;
      if (data.length === 0) return true; // empty in a ServerHello echo; tolerated here too
      const name = parseServerName(data);
      if (name === null) return false;
      hello.serverName ??= name;
      return true;
    }
    case EXTENSION_TYPE.ALPN: {
      const list = parseAlpnList(ext.data);
      if (!list) return false;
      hello.alpn = list;
      return true;
    }
    case EXTENSION_TYPE.SUPPORTED_VERSIONS: return assign(hello, 'supportedVersions', parseU16Vector(ext.data, 1));
    case EXTENSION_TYPE.SUPPORTED_GROUPS: return assign(hello, 'supportedGroups', parseU16Vector(ext.data, 2));
    case EXTENSION_TYPE.SIGNATURE_ALGORITHMS: return assign(hello, 'signatureAlgorithms', parseU16Vector(ext.data, 2));
    case EXTENSION_TYPE.EC_POINT_FORMATS: return assign(hello, 'ecPointFormats', parseU8Vector(ext.data));
    default: return true;
  }
}

type ListField = 'supportedVersions' | 'supportedGroups' | 'signatureAlgorithms' | 'ecPointFormats';

function assign(hello: ClientHello, field: ListField, list: number[] | null): boolean {
  if (!list) return false;
  hello[field] = list;
  return true;
}
