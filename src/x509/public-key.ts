/** SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) to `PublicKeyFacts`: algorithm from the DER, sizes from node:crypto. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { KEY_ALGORITHM_TYPES, NAMED_CURVES } from './consts';
import { childrenOf, oidToString, readTlv, TAG, type Tlv } from './der';
import type { PublicKeyFacts } from './types';

export interface PublicKeyRead {
  readonly facts: PublicKeyFacts;
  /** The key as node:crypto reads it, for signature checks; absent when OpenSSL cannot load it. */
  readonly key?: KeyObject;
}

/** RSA modulus bits from the BIT STRING's RSAPublicKey (RFC 8017 A.1.1), for keys node:crypto refuses. */
function rsaFromBitString(buf: Uint8Array, bits: Tlv): { bits?: number; rsaExponent?: number } {
  const inner = readTlv(buf, bits.contentStart + 1, bits.end);
  if (!inner || inner.tag !== TAG.SEQUENCE) return {};
  const [n, e] = childrenOf(buf, inner);
  if (!n || n.tag !== TAG.INTEGER) return {};
  let start = n.contentStart;
  while (start < n.end - 1 && buf[start] === 0) start++;
  const size = (n.end - start) * 8 - Math.clz32(buf[start]) + 24;
  let exponent: number | undefined;
  if (e && e.tag === TAG.INTEGER && e.end - e.contentStart <= 6) {
    exponent = 0;
    for (let i = e.contentStart; i < e.end; i++) exponent = exponent * 256 + buf[i];
  }
  return { bits: size, ...(exponent !== undefined ? { rsaExponent: exponent } : {}) };
}

export function publicKeyFacts(der: Uint8Array, spki: Tlv | undefined): PublicKeyRead {
  if (!spki) return { facts: { type: 'unknown', algorithmOid: '' } };
  const [algorithm, bitString] = childrenOf(der, spki);
  const [oidTlv, params] = algorithm ? childrenOf(der, algorithm) : [];
  const algorithmOid = oidTlv?.tag === TAG.OID ? oidToString(der, oidTlv.contentStart, oidTlv.end) ?? '' : '';
  const type = KEY_ALGORITHM_TYPES[algorithmOid] ?? 'unknown';
  let key: KeyObject | undefined;
  try {
    key = createPublicKey({ key: Buffer.from(der.buffer, der.byteOffset + spki.start, spki.end - spki.start), format: 'der', type: 'spki' });
  } catch {
    key = undefined; // ML-DSA, malformed parameters, explicit curves: the algorithm OID is still reported
  }
  const details = key?.asymmetricKeyDetails;
  if (type === 'rsa' || type === 'rsa-pss') {
    const fallback = !details?.modulusLength && bitString?.tag === TAG.BIT_STRING ? rsaFromBitString(der, bitString) : {};
    const exponent = details?.publicExponent !== undefined ? Number(details.publicExponent) : undefined;
    return {
      key,
      facts: { type, algorithmOid, bits: details?.modulusLength ?? undefined, ...(exponent !== undefined ? { rsaExponent: exponent } : {}), ...fallback },
    };
  }
  if (type === 'ec') {
    const curveOid = params?.tag === TAG.OID ? oidToString(der, params.contentStart, params.end) : undefined;
    const curve = curveOid ? NAMED_CURVES[curveOid] : undefined;
    const curveName = curve?.name ?? curveOid ?? details?.namedCurve;
    return { key, facts: { type, algorithmOid, ...(curve ? { bits: curve.bits } : {}), ...(curveName ? { curve: curveName } : {}) } };
  }
  if (type === 'dsa') return { key, facts: { type, algorithmOid, ...(details?.modulusLength ? { bits: details.modulusLength } : {}) } };
  if (type === 'ed25519') return { key, facts: { type, algorithmOid, bits: 256 } };
  if (type === 'ed448') return { key, facts: { type, algorithmOid, bits: 456 } };
  return { key, facts: { type, algorithmOid } };
}
