/**
 * The subject or issuer names a known CA or brand that did not make this certificate: a different key than the
 * genuine CA's, a chain that does not prove it, a date past the genuine CA's life, look-alike spellings, or brand
 * domains on an untrusted chain (Storm-0501's self-signed 'Microsoft IT TLS CA 5', ATT&CK T1587.003), or a leaf served
 * without the CA it names whose signature that CA's genuine key does not verify.
 * Genuine CA facts: `baselines/reference/brands.json`.
 */
import { checkBrandDomains, checkBrandNames, checkControlCharacters } from '../reference/brand-match';
import { checkIssuerClaim, checkSubjectClaim } from '../reference/ca-identity';
import { strongest, type Claim } from '../reference/claim';
import { forgedIssuerClaim, genuineIssuerSignature } from '../reference/issuer-signature';
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
    // Control characters first: of two high claims the first is reported, and a hidden NUL explains a look-alike SAN
    // (and why a genuine CA's signature no longer verifies over a SAN someone edited).
    claims.push(subjectClaim, checkControlCharacters(f));
    // A genuine CA certificate (its key or fingerprint matched) proves its own issuer link.
    const genuine = subjectCa !== undefined && subjectClaim === null;
    // Served without its issuer: the genuine key of the CA it names settles the claim either way.
    const signature = genuine ? undefined : genuineIssuerSignature(ctx);
    if (signature?.valid === false) claims.push(forgedIssuerClaim(ctx, signature));
    const issuerCa = !genuine && !f.selfIssued && signature?.valid !== true && f.issuer.commonName ? ref.caByName.get(exactKey(f.issuer.commonName)) : undefined;
    if (issuerCa) claims.push(checkIssuerClaim(ctx, issuerCa));
    // A leaf the genuine CA's key signed was issued by that public CA: its brand names read as on a trusted chain.
    const named = signature?.valid ? { ...ctx, trust: { verdict: 'trusted' as const, reason: `signed with the genuine '${signature.name}' key (${signature.sources.join(', ')})` } } : ctx;
    claims.push(checkBrandNames(named, subjectCa !== undefined), checkBrandDomains(named));
    const best = strongest(claims);
    if (!best) return null;
    return makeSignal(impersonatesKnownCa, ctx, best.reason, best.evidence, best.severity);
  },
};
