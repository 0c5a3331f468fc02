/**
 * The flights of a TLS connection after the ClientHello, byte-exact where a reader looks (RFC 5246 §7.4,
 * RFC 8446 §4) and opaque where the wire is encrypted. Encrypted bytes are views of one random pool.
 */
import { certificateBody, extension, handshake, record, u16, u8, vec } from '../../test/helpers/tls-messages';
import type { Random } from './random';

const POOL = 1 << 20;
let pool: Buffer | undefined;

/** `n` random-looking bytes (a view; n ≤ 1 MiB). */
function opaqueBytes(rng: Random, n: number): Buffer {
  pool ??= rng.fill(Buffer.allocUnsafe(POOL));
  const off = rng.int(0, POOL - n);
  return pool.subarray(off, off + n);
}

const RSA_OID = Buffer.from('2a864886f70d010101', 'hex');
const rsaLeaf = new WeakMap<Buffer, boolean>();

/** Signature bytes a key of the leaf's kind makes (RSA 2048: 256; ECDSA P-256: about 72). */
function signatureLength(leaf: Buffer): number {
  let rsa = rsaLeaf.get(leaf);
  if (rsa === undefined) rsaLeaf.set(leaf, (rsa = leaf.indexOf(RSA_OID) >= 0));
  return rsa ? 256 : 72;
}

export interface Tls12ServerOptions {
  /** 0x0301–0x0303. */
  version: number;
  /** Ask for a client certificate (CertificateRequest). */
  certificateRequest: boolean;
  /** All messages in one record (most servers) or each in its own. */
  coalesce: boolean;
}

/** ServerHello, Certificate, ServerKeyExchange, [CertificateRequest], ServerHelloDone. */
export function tls12ServerFlight(chain: readonly Buffer[], opts: Tls12ServerOptions, rng: Random): Buffer {
  const hello = handshake(2, Buffer.concat([
    u16(opts.version), opaqueBytes(rng, 32), vec(1, opaqueBytes(rng, 32)), u16(opts.version === 0x0303 ? 0xc02f : 0xc013), u8(0),
    vec(2, extension(0xff01, u8(0)), extension(0x0017, Buffer.alloc(0)), extension(0x000b, vec(1, u8(0))), extension(0x0023, Buffer.alloc(0))),
  ]));
  const certificate = handshake(11, certificateBody([...chain]));
  const sigLength = signatureLength(chain[0]);
  const ske = handshake(12, Buffer.concat([u8(3), u16(0x001d), vec(1, opaqueBytes(rng, 32)), ...(opts.version === 0x0303 ? [u16(0x0401)] : []), vec(2, opaqueBytes(rng, sigLength))]));
  const messages = [hello, certificate, ske];
  if (opts.certificateRequest) {
    messages.push(handshake(13, Buffer.concat([vec(1, Buffer.from([1, 64])), vec(2, Buffer.from([4, 1, 4, 3, 8, 4])), vec(2)])));
  }
  messages.push(handshake(14, Buffer.alloc(0)));
  return opts.coalesce ? recordsOf(0x16, opts.version, Buffer.concat(messages)) : Buffer.concat(messages.map((m) => recordsOf(0x16, opts.version, m)));
}

function recordsOf(type: number, version: number, payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let off = 0; off < payload.length; off += 16384) parts.push(record(type, version, payload.subarray(off, off + 16384)));
  return Buffer.concat(parts);
}

/** [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished (encrypted). */
export function tls12ClientFinish(version: number, clientChain: readonly Buffer[] | undefined, rng: Random): Buffer {
  const messages: Buffer[] = [];
  if (clientChain) messages.push(handshake(11, certificateBody([...clientChain])));
  messages.push(handshake(16, vec(1, opaqueBytes(rng, 32))));
  if (clientChain) messages.push(handshake(15, Buffer.concat([u16(0x0403), vec(2, opaqueBytes(rng, signatureLength(clientChain[0])))])));
  return Buffer.concat([recordsOf(0x16, version, Buffer.concat(messages)), record(0x14, version, u8(1)), record(0x16, version, opaqueBytes(rng, 40))]);
}

/** [NewSessionTicket], ChangeCipherSpec, Finished (encrypted). */
export function tls12ServerFinish(version: number, ticket: boolean, rng: Random): Buffer {
  const parts: Buffer[] = [];
  if (ticket) parts.push(record(0x16, version, handshake(4, Buffer.concat([Buffer.from([0, 0, 0x1c, 0x20]), vec(2, opaqueBytes(rng, 192))]))));
  parts.push(record(0x14, version, u8(1)), record(0x16, version, opaqueBytes(rng, 40)));
  return Buffer.concat(parts);
}

/**
 * ServerHello (TLS 1.3 by supported_versions, the key share the client's first group asks for: 1,120 bytes for
 * X25519MLKEM768), ChangeCipherSpec, and the encrypted flight sized for a chain of `chainBytes`.
 */
export function tls13ServerFlight(chainBytes: number, pqKeyShare: boolean, rng: Random): Buffer {
  const share = pqKeyShare ? Buffer.concat([u16(0x11ec), vec(2, opaqueBytes(rng, 1120))]) : Buffer.concat([u16(0x001d), vec(2, opaqueBytes(rng, 32))]);
  const hello = handshake(2, Buffer.concat([
    u16(0x0303), opaqueBytes(rng, 32), vec(1, opaqueBytes(rng, 32)), u16(0x1301), u8(0), vec(2, extension(0x002b, u16(0x0304)), extension(0x0033, share)),
  ]));
  return Buffer.concat([record(0x16, 0x0303, hello), record(0x14, 0x0303, u8(1)), applicationData(chainBytes + 420, rng)]);
}

/** ChangeCipherSpec and the encrypted Finished. */
export function tls13ClientFinish(rng: Random): Buffer {
  return Buffer.concat([record(0x14, 0x0303, u8(1)), record(0x17, 0x0303, opaqueBytes(rng, 53))]);
}

/** `bytes` of application data in records of at most 16 KiB of plaintext (plus 17 bytes of AEAD overhead). */
export function applicationData(bytes: number, rng: Random): Buffer {
  const parts: Buffer[] = [];
  for (let left = bytes; left > 0; left -= 16384) parts.push(record(0x17, 0x0303, opaqueBytes(rng, Math.min(left, 16384) + 17)));
  return Buffer.concat(parts);
}

/** The pieces of a large response: full records repeat one shared buffer, so a 100 MB body costs no memory. */
export function applicationDataPieces(bytes: number, rng: Random): Buffer[] {
  const full = record(0x17, 0x0303, opaqueBytes(rng, 16384 + 17));
  const pieces: Buffer[] = [];
  let left = bytes;
  for (; left > 16384; left -= 16384) pieces.push(full);
  if (left > 0) pieces.push(record(0x17, 0x0303, opaqueBytes(rng, left + 17)));
  return pieces;
}

/** An encrypted close_notify alert. */
export function closeNotify(version: number, rng: Random): Buffer {
  return record(0x15, version, opaqueBytes(rng, 26));
}
