/**
 * Builders for hand-made ClientHello/ServerHello records, so fingerprint tests can rebuild a published
 * vector's input lists (ja4_r / ja3 string) without a capture.
 */
import type { ClientHello, ServerHello, TlsExtension } from '../../../src/tls/types';

/** `'1301,c02b'` → `[0x1301, 0xc02b]` (FoxIO raw lists are 4-hex, comma-separated). */
export function hexes(list: string): number[] {
  return list === '' ? [] : list.split(',').map((h) => parseInt(h, 16));
}

/** `'4865-4866'` → `[4865, 4866]` (JA3 lists are decimal, dash-separated). */
export function decimals(list: string): number[] {
  return list === '' ? [] : list.split('-').map((d) => parseInt(d, 10));
}

export function ext(type: number, data: Buffer = Buffer.alloc(0)): TlsExtension {
  return { type, data };
}

/** RFC 7301 §3.1 ProtocolNameList body. */
export function alpnData(...protocols: (string | Buffer)[]): Buffer {
  const names = protocols.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p));
  const list = Buffer.concat(names.map((n) => Buffer.concat([Buffer.from([n.length]), n])));
  const len = Buffer.alloc(2);
  len.writeUInt16BE(list.length);
  return Buffer.concat([len, list]);
}

export function clientHello(fields: Partial<ClientHello>): ClientHello {
  return {
    legacyVersion: 0x0303,
    recordVersion: 0x0301,
    cipherSuites: [],
    compressionMethods: [0],
    extensions: [],
    alpn: [],
    supportedVersions: [],
    supportedGroups: [],
    ecPointFormats: [],
    signatureAlgorithms: [],
    sslv2: false,
    ...fields,
  };
}

export function serverHello(fields: Partial<ServerHello>): ServerHello {
  return {
    legacyVersion: 0x0303,
    recordVersion: 0x0303,
    cipherSuite: 0,
    compressionMethod: 0,
    extensions: [],
    helloRetryRequest: false,
    sslv2: false,
    ...fields,
  };
}

/** Extension records for the given types; ALPN (0x0010) gets a ProtocolNameList of `alpn`. */
export function extensionsOf(types: number[], alpn: string[] = []): TlsExtension[] {
  return types.map((t) => (t === 0x0010 ? ext(t, alpnData(...alpn)) : ext(t)));
}
