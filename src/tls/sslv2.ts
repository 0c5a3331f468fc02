import { ByteReader } from './byte-reader';
import { SSLV2_CERT_TYPE_X509, SSLV2_MSG, SSLV2_VERSION } from './consts';
import { parsedError, parsedNeed, parsedOk, type Parsed } from './parsed';
import { isRecordVersion } from './record';
import type { ClientHello, ServerHello } from './types';

/**
 * SSLv2 (draft-hickman-netscape-ssl-00). Hellos travel unencrypted in records with the 2-byte header
 * (high bit set, 15-bit length) and no padding; the 3-byte form only appears with block ciphers, i.e. encrypted.
 */
export const SSLV2_HEADER_LENGTH = 2;
const CLIENT_HELLO_FIXED = 9;
const SERVER_HELLO_FIXED = 11;

/** Bytes needed at a stream position to decide `looksLikeSslv2ClientHello` / `looksLikeSslv2ServerHello`. */
export const SSLV2_PROBE_BYTES = SSLV2_HEADER_LENGTH + SERVER_HELLO_FIXED;

/** The message of one SSLv2 record at `off` (a view, from the message type on). */
export function parseSslv2Record(buf: Buffer, off: number): Parsed<Buffer> {
  const avail = buf.length - off;
  if (avail < SSLV2_HEADER_LENGTH) return parsedNeed(SSLV2_HEADER_LENGTH - avail);
  if ((buf[off] & 0x80) === 0) return parsedError('bad-sslv2', off);
  const length = ((buf[off] & 0x7f) << 8) | buf[off + 1];
  const end = off + SSLV2_HEADER_LENGTH + length;
  if (end > buf.length) return parsedNeed(end - buf.length);
  return parsedOk(buf.subarray(off + SSLV2_HEADER_LENGTH, end), end);
}

function recordLength(buf: Buffer, off: number): number {
  return ((buf[off] & 0x7f) << 8) | buf[off + 1];
}

/** A strict check of an SSLv2 CLIENT-HELLO header at `off` (needs 11 bytes; false when fewer). */
export function looksLikeSslv2ClientHello(buf: Buffer, off: number): boolean {
  if (buf.length - off < SSLV2_HEADER_LENGTH + CLIENT_HELLO_FIXED) return false;
  if ((buf[off] & 0x80) === 0 || buf[off + 2] !== SSLV2_MSG.CLIENT_HELLO) return false;
  const version = buf.readUInt16BE(off + 3);
  if (version !== SSLV2_VERSION && !isRecordVersion(version)) return false;
  const specs = buf.readUInt16BE(off + 5);
  const session = buf.readUInt16BE(off + 7);
  const challenge = buf.readUInt16BE(off + 9);
  return specs > 0 && specs % 3 === 0 && (session === 0 || session === 16) && challenge >= 16 && challenge <= 32
    && CLIENT_HELLO_FIXED + specs + session + challenge === recordLength(buf, off);
}

/** A strict check of an SSLv2 SERVER-HELLO header at `off` (needs 13 bytes; false when fewer). */
export function looksLikeSslv2ServerHello(buf: Buffer, off: number): boolean {
  if (buf.length - off < SSLV2_PROBE_BYTES) return false;
  if ((buf[off] & 0x80) === 0 || buf[off + 2] !== SSLV2_MSG.SERVER_HELLO) return false;
  const hit = buf[off + 3];
  if (hit > 1 || (hit === 0 && buf[off + 4] !== SSLV2_CERT_TYPE_X509)) return false;
  if (buf.readUInt16BE(off + 5) !== SSLV2_VERSION) return false;
  const cert = buf.readUInt16BE(off + 7);
  const specs = buf.readUInt16BE(off + 9);
  const connId = buf.readUInt16BE(off + 11);
  return specs % 3 === 0 && connId >= 16 && connId <= 32
    && SERVER_HELLO_FIXED + cert + specs + connId === recordLength(buf, off);
}

function cipherSpecs(specs: Buffer): number[] {
  const out = new Array<number>(specs.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = specs.readUIntBE(3 * i, 3);
  return out;
}

/**
 * SSLv2 CLIENT-HELLO message (from its type byte) mapped onto ClientHello: `legacyVersion` is the version it
 * offers (0x0301 in an SSLv2-compatible TLS hello), `recordVersion` 0x0002, cipher specs as 24-bit numbers.
 */
export function parseSslv2ClientHello(msg: Buffer): Parsed<ClientHello> {
  const r = new ByteReader(msg);
  if (r.u8() !== SSLV2_MSG.CLIENT_HELLO) return parsedError('bad-sslv2', 0);
  const legacyVersion = r.u16();
  const specsLength = r.u16();
  const sessionLength = r.u16();
  const challengeLength = r.u16();
  const specs = r.bytes(specsLength);
  r.bytes(sessionLength);
  r.bytes(challengeLength);
  if (r.overrun) return parsedError('truncated', r.pos);
  if (specsLength % 3 !== 0) return parsedError('bad-sslv2', 3);
  return parsedOk({
    legacyVersion, recordVersion: SSLV2_VERSION, cipherSuites: cipherSpecs(specs), compressionMethods: [],
    extensions: [], alpn: [], supportedVersions: [], supportedGroups: [], ecPointFormats: [],
    signatureAlgorithms: [], sslv2: true,
  }, r.pos);
}

/** SSLv2 SERVER-HELLO: the ServerHello (version 0x0002) and the server certificate it carries (a view, maybe empty). */
export function parseSslv2ServerHello(msg: Buffer): Parsed<{ hello: ServerHello; certificate: Buffer }> {
  const r = new ByteReader(msg);
  if (r.u8() !== SSLV2_MSG.SERVER_HELLO) return parsedError('bad-sslv2', 0);
  r.u8(); // session_id_hit
  r.u8(); // certificate_type
  const version = r.u16();
  const certLength = r.u16();
  const specsLength = r.u16();
  const connIdLength = r.u16();
  const certificate = r.bytes(certLength);
  const specs = r.bytes(specsLength);
  r.bytes(connIdLength);
  if (r.overrun) return parsedError('truncated', r.pos);
  if (specsLength % 3 !== 0) return parsedError('bad-sslv2', 9);
  const offered = cipherSpecs(specs);
  const hello: ServerHello = {
    legacyVersion: version, recordVersion: SSLV2_VERSION, cipherSuite: offered[0] ?? 0, compressionMethod: 0,
    extensions: [], helloRetryRequest: false, sslv2: true,
  };
  return parsedOk({ hello, certificate }, r.pos);
}
