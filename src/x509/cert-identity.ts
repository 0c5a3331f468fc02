/**
 * What a certificate is known by: the SHA-256 of its DER. A log that carries neither the DER nor a SHA-256 gives a
 * labelled stand-in in the same place, so that two certificates never share an identity (and a finding):
 * `sha1:<hex>` or `md5:<hex>` when the log has its own digest of the DER (Zeek with another
 * `X509::hash_function`, Bro 2.x's `cert_hash`, Suricata's `fingerprint`), else `fields:<hex>`, the SHA-256 of
 * the serial, issuer, subject and validity the log gives (Zeek < 4.1 x509.log joined by file ids).
 */
import { createHash } from 'node:crypto';

export type IdentityKind = 'sha256' | 'sha1' | 'md5' | 'fields';

const LABELLED = /^(sha1|md5|fields):/;

/** Which kind of identity a certificate's `sha256` field holds. */
export function identityKind(identity: string): IdentityKind {
  const m = LABELLED.exec(identity);
  return m ? (m[1] as IdentityKind) : 'sha256';
}

/** The identity of a certificate a log names by another digest of its DER (lower-case hex). */
export function digestIdentity(kind: 'sha1' | 'md5', hex: string): string {
  return `${kind}:${hex.toLowerCase()}`;
}

/** The identity of a certificate a log only describes: its serial, names and validity, as the log gives them. */
export function fieldsIdentity(f: { serial: string; issuer: string; subject: string; notBefore: string; notAfter: string }): string {
  const described = [f.serial, f.issuer, f.subject, f.notBefore, f.notAfter].join('\x00');
  return `fields:${createHash('sha256').update(described).digest('hex')}`;
}
