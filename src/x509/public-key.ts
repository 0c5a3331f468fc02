/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) to `PublicKeyFacts` by a DER walk (RFC 3279, RFC 5480, RFC 8410), and
 * to a node:crypto KeyObject only when a signature must be checked (OpenSSL's key import is the slow part).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { KEY_ALGORITHM_TYPES, NAMED_CURVES } from './consts';
import { childrenOf, oidToString, readTlv, TAG, type Tlv } from './der';
import type { PublicKeyFacts } from './types';

/** Exponents above 2^53 cannot be a JS number; none are seen in practice, so they are left out. */
const MAX_EXPONENT_OCTETS = 6;
const ED25519_BITS = 256;
const ED448_BITS = 456;

/** Bit length of an unsigned big-endian INTEGER's content (sign padding skipped). */
function integerBits(der: Uint8Array, n: Tlv): number {
  let start = n.contentStart;
  while (start < n.end - 1 && der[start] === 0) start++;
  if (start >= n.end) return 0;
  return (n.end - start) * 8 - (Math.clz32(der[start]) - 24);
}

/** RSAPublicKey (RFC 8017 A.1.1) inside the BIT STRING: modulus bits and public exponent. */
function rsaKey(der: Uint8Array, bits: Tlv | undefined): { bits?: number; rsaExponent?: number } {
  if (!bits || bits.tag !== TAG.BIT_STRING) return {};
  const inner = readTlv(der, bits.contentStart + 1, bits.end);
  if (!inner || inner.tag !== TAG.SEQUENCE) return {};
  const [n, e] = childrenOf(der, inner);
  if (!n || n.tag !== TAG.INTEGER) return {};
  const out: { bits?: number; rsaExponent?: number } = { bits: integerBits(der, n) };
  if (e && e.tag === TAG.INTEGER && e.end - e.contentStart <= MAX_EXPONENT_OCTETS) {
    let exponent = 0;
    for (let i = e.contentStart; i < e.end; i++) exponent = exponent * 256 + der[i];
    out.rsaExponent = exponent;
  }
  return out;
}

export function publicKeyFacts(der: Uint8Array, spki: Tlv | undefined): PublicKeyFacts {
  if (!spki) return { type: 'unknown', algorithmOid: '' };
  const [algorithm, bitString] = childrenOf(der, spki);
  const [oidTlv, params] = algorithm ? childrenOf(der, algorithm) : [];
  const algorithmOid = oidTlv?.tag === TAG.OID ? oidToString(der, oidTlv.contentStart, oidTlv.end) ?? '' : '';
  const type = KEY_ALGORITHM_TYPES[algorithmOid] ?? 'unknown';
  switch (type) {
    case 'rsa':
    case 'rsa-pss':
      return { type, algorithmOid, ...rsaKey(der, bitString) };
    case 'ec': {
      const curveOid = params?.tag === TAG.OID ? oidToString(der, params.contentStart, params.end) : undefined;
      const curve = curveOid ? NAMED_CURVES[curveOid] : undefined;
      if (curve) return { type, algorithmOid, curve: curve.name, bits: curve.bits };
      return { type, algorithmOid, ...(curveOid ? { curve: curveOid } : {}) }; // explicit parameters: curve unnamed
    }
    case 'dsa': {
      const [p] = params?.tag === TAG.SEQUENCE ? childrenOf(der, params) : [];
      return { type, algorithmOid, ...(p?.tag === TAG.INTEGER ? { bits: integerBits(der, p) } : {}) };
    }
    case 'ed25519': return { type, algorithmOid, bits: ED25519_BITS };
    case 'ed448': return { type, algorithmOid, bits: ED448_BITS };
    default: return { type, algorithmOid };
  }
}

/** The key as node:crypto reads it; undefined when OpenSSL cannot load it (ML-DSA in Node 20, bad parameters). */
export function publicKeyObject(der: Uint8Array, spki: Tlv | undefined): KeyObject | undefined {
  if (!spki) return undefined;
  try {
    return createPublicKey({ key: Buffer.from(der.buffer, der.byteOffset + spki.start, spki.end - spki.start), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}
