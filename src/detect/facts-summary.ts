/** The few `CertFacts` fields a finding carries. */
import type { CertFacts } from '../x509/types';
import { isCa, keyLabel } from './cert-helpers';
import type { FactsSummary } from './types';

export function summarizeFacts(f: CertFacts): FactsSummary {
  return {
    sha1: f.sha1,
    subject: f.subject.rfc4514,
    issuer: f.issuer.rfc4514,
    serial: f.serial,
    notBefore: f.notBefore,
    notAfter: f.notAfter,
    key: keyLabel(f),
    signatureAlgorithm: f.signatureAlgorithm.name,
    san: [...f.san.dns, ...f.san.ip],
    selfIssued: f.selfIssued,
    ca: isCa(f),
    spkiSha256: f.spkiSha256,
  };
}
