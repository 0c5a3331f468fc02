/** Tables of the detect stage. */

/** Signature algorithm OIDs using a broken digest (RFC 3279 §2.2, RFC 5758). */
export const MD5_OR_WEAKER_SIGNATURES: ReadonlySet<string> = new Set([
  '1.2.840.113549.1.1.2', // md2WithRSAEncryption
  '1.2.840.113549.1.1.3', // md4WithRSAEncryption
  '1.2.840.113549.1.1.4', // md5WithRSAEncryption
]);

/** SHA-1 signatures: deprecated for TLS certificates by the CA/B Forum since 2016. */
export const SHA1_SIGNATURES: ReadonlySet<string> = new Set([
  '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  '1.3.14.3.2.29', // sha1WithRSA (OIW)
  '1.2.840.10045.4.1', // ecdsa-with-SHA1
  '1.2.840.10040.4.3', // dsa-with-sha1
]);

/** Smallest RSA public exponent not considered small (NIST SP 800-89 §5.3.3 requires e ≥ 65537). */
export const MIN_RSA_EXPONENT = 65537;

/** RSA moduli below this are factorable in practice. */
export const BROKEN_RSA_BITS = 1024;

/** OID of the SubjectKeyIdentifier extension (RFC 5280 §4.2.1.2). */
export const OID_SUBJECT_KEY_ID = '2.5.29.14';
