/**
 * One x509.log line → `ZeekCertFacts`. Zeek logs carry no certificate bytes (unless `log-certs-base64.zeek` added
 * the `cert` column), so these facts come from the logged fields; what a log cannot tell is listed in `unknown`.
 * Field meanings: zeek scripts/base/files/x509/main.zeek and X509.cc `ParseCertificate`.
 */
import { createHash } from 'node:crypto';
import { CURVE_NAMES, KEY_ALGORITHMS, lookup, MAX_CERT_BASE64, SIGNATURE_ALGORITHM_OIDS } from './consts';
import { digestIdentity, fieldsIdentity } from '../x509/cert-identity';
import type { KeyType, PublicKeyFacts } from '../x509/types';
import type { UnknownFromLog, ZeekCertFacts, ZeekFields } from './types';
import { asBool, asNumber, asStrings, asText, asTimestamp, isoSeconds } from './values';
import { rfc2253Name } from '../logs/name-text';
import { extensionPlaceholders, selfIssued } from '../logs/log-facts';

const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const ALWAYS_UNKNOWN: readonly UnknownFromLog[] = [
  'keyUsage', 'extendedKeyUsage', 'subjectKeyId', 'authorityKeyId', 'aia', 'policies', 'extensionOids',
  'spkiSha256', 'ja4x', 'selfSignatureValid', 'basicConstraints.critical',
];

/** DER of the `cert` column (base64), when the line has a plausible one. */
export function certDer(fields: ZeekFields): Buffer | undefined {
  const b64 = asText(fields.cert);
  if (!b64 || b64.length > MAX_CERT_BASE64 || !BASE64.test(b64)) return undefined;
  const der = Buffer.from(b64, 'base64');
  return der.length > 0 && der[0] === 0x30 ? der : undefined; // a certificate is a DER SEQUENCE
}

/** The SHA-256 the line names: its `fingerprint` when that is SHA-256 (Zeek ≥ 4.1 default). */
export function x509Fingerprint(fields: ZeekFields): string | undefined {
  const fp = asText(fields.fingerprint)?.toLowerCase();
  return fp && HEX64.test(fp) ? fp : undefined;
}

function publicKey(fields: ZeekFields): PublicKeyFacts {
  const keyAlg = asText(fields['certificate.key_alg']) ?? '';
  const known = lookup(KEY_ALGORITHMS, keyAlg);
  const zeekType = asText(fields['certificate.key_type']);
  let type: KeyType = known?.type ?? 'unknown';
  if (!known) {
    if (zeekType === 'rsa') type = 'rsa';
    else if (zeekType === 'ecdsa') type = 'ec';
    else if (zeekType === 'dsa') type = 'dsa';
  }
  const algorithmOid = known?.oid ?? (/^\d+(\.\d+)+$/.test(keyAlg) ? keyAlg : '');
  const bits = asNumber(fields['certificate.key_length']);
  const exponent = asNumber(fields['certificate.exponent']);
  const curveName = asText(fields['certificate.curve']);
  return {
    type,
    algorithmOid,
    ...(bits !== undefined ? { bits } : {}),
    ...(curveName ? { curve: lookup(CURVE_NAMES, curveName) ?? curveName } : {}),
    ...(exponent !== undefined && type === 'rsa' ? { rsaExponent: exponent } : {}),
  };
}

/** OpenSSL prints serials over 35 bytes with `\`+newline breaks (i2a_ASN1_INTEGER); drop them. */
function serialOf(fields: ZeekFields): string {
  const s = asText(fields['certificate.serial']) ?? '';
  return (s.includes('\\') || s.includes('\n') ? s.replace(/[\\\n]/g, '') : s).toUpperCase();
}

/**
 * Facts of one x509.log line (or of the certificate columns of a Bro 2.x ssl line, named the same way).
 * `der` (from the `cert` column) sets the digests. Without it the line's `fingerprint` gives the identity: a
 * SHA-256, else a labelled SHA-1 or MD5 (another hash function, Bro's `cert_hash`), else one made of the serial,
 * names and validity (see x509/cert-identity.ts); sha1 is '' unless known.
 */
export function x509Facts(fields: ZeekFields, der?: Buffer): ZeekCertFacts {
  const unknown: UnknownFromLog[] = [...ALWAYS_UNKNOWN];
  const logged = asText(fields.fingerprint)?.toLowerCase();
  const sha1 = der ? createHash('sha1').update(der).digest('hex') : logged && HEX40.test(logged) ? logged : '';
  if (!sha1) unknown.push('sha1');
  const subject = rfc2253Name(asText(fields['certificate.subject']) ?? '');
  const issuer = rfc2253Name(asText(fields['certificate.issuer']) ?? '');
  const before = asTimestamp(fields['certificate.not_valid_before']);
  const after = asTimestamp(fields['certificate.not_valid_after']);
  const serial = serialOf(fields);
  const notBefore = (before && isoSeconds(before)) ?? '';
  const notAfter = (after && isoSeconds(after)) ?? '';
  let sha256 = der ? createHash('sha256').update(der).digest('hex') : x509Fingerprint(fields);
  if (sha256 === undefined) {
    unknown.push('sha256');
    if (sha1) sha256 = digestIdentity('sha1', sha1);
    else if (logged && HEX32.test(logged)) sha256 = digestIdentity('md5', logged);
    else sha256 = fieldsIdentity({ serial, issuer: issuer.rfc4514, subject: subject.rfc4514, notBefore, notAfter });
  }
  const sigName = asText(fields['certificate.sig_alg']) ?? '';
  const ca = asBool(fields['basic_constraints.ca']);
  const pathLength = asNumber(fields['basic_constraints.path_len']);
  const fuid = asText(fields.id);
  const hostCert = asBool(fields.host_cert);
  const clientCert = asBool(fields.client_cert);
  return {
    fromLog: true,
    unknown,
    sha256,
    sha1,
    subject,
    issuer,
    serial,
    version: asNumber(fields['certificate.version']) ?? 0,
    notBefore,
    notAfter,
    publicKey: publicKey(fields),
    signatureAlgorithm: { oid: lookup(SIGNATURE_ALGORITHM_OIDS, sigName) ?? (/^\d+(\.\d+)+$/.test(sigName) ? sigName : ''), name: sigName },
    san: {
      dns: asStrings(fields['san.dns']),
      ip: asStrings(fields['san.ip']),
      email: asStrings(fields['san.email']),
      uri: asStrings(fields['san.uri']),
    },
    ...(ca !== undefined ? { basicConstraints: { ca, critical: false, ...(pathLength !== undefined ? { pathLength } : {}) } } : {}),
    ...extensionPlaceholders(),
    selfIssued: selfIssued(subject, issuer),
    parsed: true,
    ...(fuid ? { fuid } : {}),
    ...(hostCert !== undefined ? { hostCert } : {}),
    ...(clientCert !== undefined ? { clientCert } : {}),
  };
}
