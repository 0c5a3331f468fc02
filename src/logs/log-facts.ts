/**
 * What certificate facts made from a log (Zeek's x509.log, Suricata's EVE fields) share: the fields only DER tells,
 * as placeholders (their names go in CertFacts.unknown), and the self-issued test the x509 stage makes.
 */
import type { CertFacts, DistinguishedName } from '../x509/types';

/** Extension-borne facts a log does not carry: empty, each call its own arrays. */
export function extensionPlaceholders(): Pick<CertFacts, 'keyUsage' | 'extendedKeyUsage' | 'aia' | 'policies' | 'extensionOids' | 'spkiSha256'> {
  return { keyUsage: [], extendedKeyUsage: [], aia: { ocsp: [], caIssuers: [] }, policies: [], extensionOids: [], spkiSha256: '' };
}

/** Subject equals issuer, compared as the x509 stage compares names. */
export function selfIssued(subject: DistinguishedName, issuer: DistinguishedName): boolean {
  return subject.rfc4514.toLowerCase() === issuer.rfc4514.toLowerCase();
}
