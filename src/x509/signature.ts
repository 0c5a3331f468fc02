/**
 * Checks a certificate's signature (RFC 5280 §4.1.1.3) over its TBSCertificate bytes with node:crypto, without
 * building an X509Certificate (its constructor costs more than the check). RSA-PSS parameters are left to
 * OpenSSL's own X509 code, which reads them.
 */
import { verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { CertLayout } from './cert-layout';
import { childrenOf, oidToString, TAG } from './der';

/** Digest per signature algorithm OID (RFC 3279, RFC 4055, RFC 5758); null = the key type fixes it (EdDSA). */
const SIGNATURE_DIGESTS: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.3.14.3.2.29': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha1',
  '2.16.840.1.101.3.4.3.1': 'sha224',
  '2.16.840.1.101.3.4.3.2': 'sha256',
  '1.3.101.112': null,
  '1.3.101.113': null,
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';

/**
 * Does the signature of `der` verify under `issuerKey`? `undefined` when it cannot be checked at all (truncated
 * certificate, unknown or unsupported algorithm such as MD2 in OpenSSL 3, unusable key).
 */
export function certificateSignatureValid(der: Uint8Array, layout: CertLayout, issuerKey: KeyObject | undefined): boolean | undefined {
  const { tbs, signatureAlgorithm, signatureValue } = layout;
  if (!issuerKey || !tbs || !signatureAlgorithm || !signatureValue || signatureValue.end - signatureValue.contentStart < 2) return undefined;
  const [oidTlv] = childrenOf(der, signatureAlgorithm);
  const oid = oidTlv?.tag === TAG.OID ? oidToString(der, oidTlv.contentStart, oidTlv.end) : undefined;
  if (!oid) return undefined;
  try {
    if (oid === RSASSA_PSS) return new X509Certificate(der).verify(issuerKey);
    const digest = SIGNATURE_DIGESTS[oid];
    if (digest === undefined) return undefined;
    const signed = der.subarray(tbs.start, tbs.end);
    const signature = der.subarray(signatureValue.contentStart + 1, signatureValue.end);
    return verify(digest, signed, issuerKey, signature);
  } catch {
    return undefined;
  }
}
