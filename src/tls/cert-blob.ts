/**
 * A certificate of a Certificate message as a `CertBlob`: its digests and, if asked, an own copy of its DER.
 *
 * Servers send the same chain in every handshake, so a certificate met again is answered from a bounded table of
 * those met recently, without digests or a copy, and every handshake carries the same blob for it (the stages
 * after this one key their per-certificate work by it). The table is found by a number mixed from the DER's length
 * and last bytes (the signature's, which differ between any two certificates an issuer signs) and confirmed by
 * comparing the whole DER, so a crafted certificate sharing a tail (or its number) only misses the table.
 */
import { hexDigest } from './fingerprint-text';
import type { CertBlob } from './types';

/** Certificates remembered; past it the one remembered longest ago is dropped (a miss only costs the digests). */
export const MAX_REMEMBERED_CERTS = 4096;
/** Bytes of the DER's end that find it in the table. */
const TAIL_BYTES = 24;

interface Remembered {
  /** Own copy of the DER, compared with each new one. */
  readonly der: Buffer;
  readonly withDer: CertBlob;
  readonly withoutDer: CertBlob;
}

const remembered = new Map<number, Remembered>();

/** A 31-bit number mixed from the DER's length and last bytes: a small-integer key, no string per certificate. */
function tailKey(der: Buffer): number {
  let h = Math.imul(der.length ^ 0x2545f491, 0x9e3779b1);
  for (let i = Math.max(0, der.length - TAIL_BYTES); i < der.length; i++) h = Math.imul(h ^ der[i], 0x01000193);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}

/** Digests `der` (a view into a short-lived stream buffer) and, with `keepDer`, carries an own copy of it. */
export function certBlob(der: Buffer, keepDer: boolean): CertBlob {
  const key = tailKey(der);
  let r = remembered.get(key);
  if (r === undefined || !r.der.equals(der)) {
    // An own allocation: a copy from Buffer's shared pool would pin a whole pool slab for as long as it is remembered.
    const own = Buffer.allocUnsafeSlow(der.length);
    der.copy(own);
    const sha256 = hexDigest('sha256', own);
    const sha1 = hexDigest('sha1', own);
    r = { der: own, withDer: { sha256, sha1, der: own }, withoutDer: { sha256, sha1 } };
    remembered.delete(key);
    remembered.set(key, r);
    if (remembered.size > MAX_REMEMBERED_CERTS) remembered.delete(remembered.keys().next().value as number);
  }
  return keepDer ? r.withDer : r.withoutDer;
}
