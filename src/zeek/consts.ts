/** Tables and caps of the zeek stage. */

export { lookup } from '../logs/consts';

/** Certificates kept in the x509 index (fingerprint → facts) before the least recently used one goes. */
export const MAX_X509_INDEX = 200_000;
/** ssl lines held back waiting for their x509 lines before the oldest goes out as it is. */
export const MAX_PENDING_SSL = 4_096;
/** ssl files a sweep holds open so that every x509 file is read first. */
export const MAX_DEFERRED_FILES = 64;
/** Per file and kind, anomalies reported one by one; the rest are summed up in one report. */
export const MAX_REPORTS_PER_KIND = 20;
/** Seconds an x509 line is carried to later sweeps: Zeek logs a certificate again after a day (relog_known_certificates_after); a week leaves slack for late sweeps. */
export const CARRY_X509_SECONDS = 7 * 86400;
/** x509 lines carried to later sweeps at most (the most recently seen are kept). */
export const MAX_CARRIED_X509 = 50_000;
export { MAX_CERT_BASE64 } from '../logs/consts';

/**
 * Zeek `SSL::version_strings` (scripts/base/protocols/ssl/consts.zeek); drafts print as `TLSv13-draftN`
 * (0x7f00 | N) and unknown codes as `unknown-N`.
 */
export const VERSION_CODES: Readonly<Record<string, number>> = {
  SSLv2: 0x0002, SSLv3: 0x0300, TLSv10: 0x0301, TLSv11: 0x0302, TLSv12: 0x0303, TLSv13: 0x0304,
  DTLSv10: 0xfeff, DTLSv12: 0xfefd, DTLSv13: 0xfefc,
};

/**
 * IANA names (https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4) of the
 * suites Zeek prints most; any other name keeps `cipherName` only, and `unknown-N` gives the code N.
 */
export const CIPHER_CODES: Readonly<Record<string, number>> = {
  TLS_NULL_WITH_NULL_NULL: 0x0000,
  TLS_RSA_WITH_NULL_MD5: 0x0001,
  TLS_RSA_WITH_NULL_SHA: 0x0002,
  TLS_RSA_WITH_RC4_128_MD5: 0x0004,
  TLS_RSA_WITH_RC4_128_SHA: 0x0005,
  TLS_RSA_WITH_DES_CBC_SHA: 0x0009,
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 0x000a,
  TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA: 0x0016,
  TLS_RSA_WITH_AES_128_CBC_SHA: 0x002f,
  TLS_DHE_DSS_WITH_AES_128_CBC_SHA: 0x0032,
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA: 0x0033,
  TLS_RSA_WITH_AES_256_CBC_SHA: 0x0035,
  TLS_DHE_DSS_WITH_AES_256_CBC_SHA: 0x0038,
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA: 0x0039,
  TLS_RSA_WITH_NULL_SHA256: 0x003b,
  TLS_RSA_WITH_AES_128_CBC_SHA256: 0x003c,
  TLS_RSA_WITH_AES_256_CBC_SHA256: 0x003d,
  TLS_RSA_WITH_CAMELLIA_128_CBC_SHA: 0x0041,
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA256: 0x0067,
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA256: 0x006b,
  TLS_RSA_WITH_CAMELLIA_256_CBC_SHA: 0x0084,
  TLS_RSA_WITH_AES_128_GCM_SHA256: 0x009c,
  TLS_RSA_WITH_AES_256_GCM_SHA384: 0x009d,
  TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 0x009e,
  TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: 0x009f,
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV: 0x00ff,
  TLS_AES_128_GCM_SHA256: 0x1301,
  TLS_AES_256_GCM_SHA384: 0x1302,
  TLS_CHACHA20_POLY1305_SHA256: 0x1303,
  TLS_AES_128_CCM_SHA256: 0x1304,
  TLS_AES_128_CCM_8_SHA256: 0x1305,
  TLS_FALLBACK_SCSV: 0x5600,
  TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: 0xc007,
  TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA: 0xc008,
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 0xc009,
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 0xc00a,
  TLS_ECDHE_RSA_WITH_RC4_128_SHA: 0xc011,
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 0xc012,
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 0xc013,
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 0xc014,
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 0xc023,
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384: 0xc024,
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 0xc027,
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: 0xc028,
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 0xc02b,
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 0xc02c,
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 0xc02f,
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 0xc030,
  TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA: 0xc035,
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 0xcca8,
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 0xcca9,
  TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 0xccaa,
};

/** OpenSSL long names Zeek logs as `certificate.key_alg` → key type and OID. */
export const KEY_ALGORITHMS: Readonly<Record<string, { type: 'rsa' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'rsa-pss'; oid: string }>> = {
  rsaEncryption: { type: 'rsa', oid: '1.2.840.113549.1.1.1' },
  rsassaPss: { type: 'rsa-pss', oid: '1.2.840.113549.1.1.10' },
  'id-ecPublicKey': { type: 'ec', oid: '1.2.840.10045.2.1' },
  dsaEncryption: { type: 'dsa', oid: '1.2.840.10040.4.1' },
  ED25519: { type: 'ed25519', oid: '1.3.101.112' },
  ED448: { type: 'ed448', oid: '1.3.101.113' },
};

/** OpenSSL long names Zeek logs as `certificate.sig_alg` → OID. */
export const SIGNATURE_ALGORITHM_OIDS: Readonly<Record<string, string>> = {
  md2WithRSAEncryption: '1.2.840.113549.1.1.2',
  md5WithRSAEncryption: '1.2.840.113549.1.1.4',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  sha224WithRSAEncryption: '1.2.840.113549.1.1.14',
  rsassaPss: '1.2.840.113549.1.1.10',
  'dsaWithSHA1': '1.2.840.10040.4.3',
  'dsa_with_SHA256': '2.16.840.1.101.3.4.3.2',
  'ecdsa-with-SHA1': '1.2.840.10045.4.1',
  'ecdsa-with-SHA224': '1.2.840.10045.4.3.1',
  'ecdsa-with-SHA256': '1.2.840.10045.4.3.2',
  'ecdsa-with-SHA384': '1.2.840.10045.4.3.3',
  'ecdsa-with-SHA512': '1.2.840.10045.4.3.4',
  ED25519: '1.3.101.112',
  ED448: '1.3.101.113',
  'ML-DSA-44': '2.16.840.1.101.3.4.3.17',
  'ML-DSA-65': '2.16.840.1.101.3.4.3.18',
  'ML-DSA-87': '2.16.840.1.101.3.4.3.19',
};

/** OpenSSL curve names (Zeek `certificate.curve`) → the NIST names CertFacts uses. */
export const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256', secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp224r1: 'P-224',
  prime192v1: 'P-192',
};
