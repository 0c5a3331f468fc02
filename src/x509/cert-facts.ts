/** DER certificate to `CertFacts`: pure, never throws; what cannot be read is left empty and `parsed` is false. */
import { createHash } from 'node:crypto';
import { asn1TimeToIso } from './asn1-time';
import { certLayout, type CertLayout } from './cert-layout';
import { oidName, SIGNATURE_ALGORITHM_NAMES } from './consts';
import { childrenOf, oidToString, TAG, type Tlv } from './der';
import { distinguishedName } from './distinguished-name';
import { extensionFacts } from './extensions';
import { ja4x } from './ja4x';
import { publicKeyFacts, publicKeyObject } from './public-key';
import { certificateSignatureValid } from './signature';
import type { CertFacts, DistinguishedName } from './types';

export interface CertFactsOptions {
  /** Keep a copy of the DER in `CertFacts.der`. */
  readonly keepDer?: boolean;
}

/** Serial as OpenSSL prints it: upper-case hex of the content octets without sign padding, `-` when negative. */
export function serialHex(der: Uint8Array, serial: Tlv | undefined): string {
  if (!serial || serial.end === serial.contentStart) return '';
  const bytes = Buffer.from(der.subarray(serial.contentStart, serial.end));
  if (bytes[0] & 0x80) {
    let carry = 1; // two's complement magnitude
    for (let i = bytes.length - 1; i >= 0; i--) {
      const v = (~bytes[i] & 0xff) + carry;
      bytes[i] = v & 0xff;
      carry = v >> 8;
    }
    return '-' + stripZeros(bytes).toString('hex').toUpperCase();
  }
  return stripZeros(bytes).toString('hex').toUpperCase();
}

function stripZeros(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function algorithmOid(der: Uint8Array, algorithm: Tlv | undefined): string {
  const [oid] = algorithm ? childrenOf(der, algorithm) : [];
  return oid?.tag === TAG.OID ? oidToString(der, oid.contentStart, oid.end) ?? '' : '';
}

function sameName(der: Uint8Array, layout: CertLayout, subject: DistinguishedName, issuer: DistinguishedName): boolean {
  const s = layout.subject;
  const i = layout.issuer;
  if (!s || !i) return false;
  if (Buffer.compare(der.subarray(s.start, s.end), der.subarray(i.start, i.end)) === 0) return true;
  return subject.rfc4514.toLowerCase() === issuer.rfc4514.toLowerCase(); // RFC 5280 §7.1 caseIgnoreMatch, roughly
}

/** A copy in its own allocation: facts live long, and a copy from Buffer's shared pool would pin a whole pool slab. */
function ownCopy(der: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(der.length);
  der.copy(own);
  return own;
}

export function certFacts(der: Buffer, options: CertFactsOptions = {}): CertFacts {
  const layout = certLayout(der);
  const subject = distinguishedName(der, layout.subject);
  const issuer = distinguishedName(der, layout.issuer);
  const publicKey = publicKeyFacts(der, layout.spki);
  const extensions = extensionFacts(der, layout.extensions);
  const sigOid = algorithmOid(der, layout.signatureAlgorithm);
  const selfIssued = sameName(der, layout, subject, issuer);
  const selfSignatureValid = selfIssued && layout.complete ? certificateSignatureValid(der, layout, publicKeyObject(der, layout.spki)) : undefined;
  const { unreadable, ...ext } = extensions;
  return {
    sha256: createHash('sha256').update(der).digest('hex'),
    sha1: createHash('sha1').update(der).digest('hex'),
    subject,
    issuer,
    serial: serialHex(der, layout.serial),
    version: layout.version,
    notBefore: asn1TimeToIso(der, layout.notBefore) ?? '',
    notAfter: asn1TimeToIso(der, layout.notAfter) ?? '',
    publicKey,
    signatureAlgorithm: { oid: sigOid, name: oidName(SIGNATURE_ALGORITHM_NAMES, sigOid) },
    ...ext,
    spkiSha256: layout.spki ? createHash('sha256').update(der.subarray(layout.spki.start, layout.spki.end)).digest('hex') : '',
    ja4x: layout.tbs ? ja4x(der, layout) : undefined,
    selfIssued,
    ...(selfSignatureValid !== undefined ? { selfSignatureValid } : {}),
    ...(unreadable.length ? { unreadableExtensions: unreadable } : {}),
    parsed: layout.complete,
    ...(options.keepDer ? { der: ownCopy(der) } : {}),
  };
}
