/**
 * The subject or issuer names a known CA or brand that did not make this certificate: a different key than the
 * genuine CA's, a chain that does not prove it, a date past the genuine CA's life, look-alike spellings, or brand
 * domains on an untrusted chain (Storm-0501's self-signed 'Microsoft IT TLS CA 5', ATT&CK T1587.003).
 * Genuine CA facts: `baselines/reference/brands.json`.
 */
import { checkBrandDomains, checkBrandNames, checkControlCharacters } from '../reference/brand-match';
import { checkIssuerClaim, checkSubjectClaim } from '../reference/ca-identity';
import { strongest, type Claim } from '../reference/claim';
import { exactKey } from '../reference/name-keys';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const impersonatesKnownCa: Detector = {
  id: 'impersonates-known-ca',
  group: 'identity',
  class: 'attack',
  severity: 'high',
  weight: 45,
  description: 'names a known CA or brand (or a look-alike) without being issued by it',
  evaluate(ctx) {
    // Signatures verified up to a genuine brand CA (an Amazon RDS root): the names are that brand's to give.
    if (ctx.trust.genuineCa) return null;
    const f = ctx.facts;
    const ref = ctx.reference;
    const claims: Array<Claim | null> = [];
    const subjectCa = f.subject.commonName ? ref.caByName.get(exactKey(f.subject.commonName)) : undefined;
    const subjectClaim = subjectCa ? checkSubjectClaim(ctx, subjectCa) : null;
    claims.push(subjectClaim);
    // A genuine CA certificate (its key or fingerprint matched) proves its own issuer link.
    const genuine = subjectCa !== undefined && subjectClaim === null;
    const issuerCa = !genuine && !f.selfIssued && f.issuer.commonName ? ref.caByName.get(exactKey(f.issuer.commonName)) : undefined;
    if (issuerCa) claims.push(checkIssuerClaim(ctx, issuerCa));
    // Control characters first: of two high claims the first is reported, and a hidden NUL explains a look-alike SAN.
    claims.push(checkControlCharacters(f), checkBrandNames(ctx, subjectCa !== undefined), checkBrandDomains(ctx));
    const best = strongest(claims);
    if (!best) return null;
    return makeSignal(impersonatesKnownCa, ctx, best.reason, best.evidence, best.severity);
  },
};
