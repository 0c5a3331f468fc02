/**
 * Look-alike CA and brand names (homoglyphs such as `Micros0ft`, swapped words) in a DN, brand names and brand
 * domains on chains that do not prove them.
 */
import type { CertFacts } from '../../x509/types';
import { attr, claimedHostNames, isCa, shortList } from '../cert-helpers';
import type { CertContext } from '../types';
import type { Claim } from './claim';
import { strongest } from './claim';
import { MIN_SKELETON_LENGTH } from './reference-data';
import { compactKey, exactKey, skeletonKey, tokenKey } from './name-keys';
import type { ReferenceData } from './reference-types';

/** Brand words shorter than this are not searched inside other text (`HP` is in too many words). */
const MIN_BRAND_SKELETON = 5;

/** The CN and O values of subject and issuer, each with where it came from. */
function dnNames(f: CertFacts): Array<{ where: string; value: string }> {
  const out: Array<{ where: string; value: string }> = [];
  for (const [where, dn] of [['subject', f.subject], ['issuer', f.issuer]] as const) {
    for (const type of ['CN', 'O']) {
      const value = attr(dn, type);
      if (value) out.push({ where: `${where} ${type}`, value });
    }
  }
  return out;
}

/** Another-looking spelling of a known CA name or brand (exact names are the identity checks' business). */
export function lookalikeName(value: string, ref: ReferenceData): { kind: string; target: string } | null {
  if (ref.caByName.has(exactKey(value))) return null;
  const skeleton = skeletonKey(value);
  if (skeleton.length >= MIN_SKELETON_LENGTH) {
    const g = ref.caBySkeleton.get(skeleton);
    if (g) return { kind: 'look-alike characters', target: g.name };
  }
  const byTokens = ref.caByTokens.get(tokenKey(value));
  if (byTokens) return { kind: 'swapped words', target: byTokens.name };
  const compact = compactKey(value);
  for (const brand of ref.brands) {
    for (const name of brand.names) {
      const brandSkeleton = skeletonKey(name);
      if (brandSkeleton.length < MIN_BRAND_SKELETON) continue;
      if (skeleton.includes(brandSkeleton) && !compact.includes(compactKey(name))) return { kind: 'look-alike characters', target: brand.brand };
    }
  }
  return null;
}

function brandMentioned(value: string, ref: ReferenceData): string | undefined {
  const compact = compactKey(value);
  for (const brand of ref.brands) {
    if (brand.names.some((n) => compactKey(n).length >= MIN_BRAND_SKELETON && compact.includes(compactKey(n)))) return brand.brand;
  }
  return undefined;
}

function hostUnder(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
}

/** Severity for a brand claim the chain must back: certain when self-issued or untrusted, unknown without DER. */
function unprovenSeverity(ctx: CertContext): 'high' | 'medium' | 'info' | null {
  if (ctx.trust.verdict === 'trusted') return null;
  if (ctx.facts.selfIssued || ctx.trust.verdict === 'untrusted' || ctx.trust.verdict === 'bad-signature') return 'high';
  return ctx.trust.verdict === 'incomplete' ? 'medium' : 'info';
}

/**
 * Look-alike spellings anywhere in subject or issuer; plain brand names only in the subject of a certificate that is
 * self-issued or on an untrusted chain (an incomplete chain is too often a genuine server's mistake).
 * `subjectIsKnownCa`: the subject is a known CA name, judged by the identity checks instead.
 */
export function checkBrandNames(ctx: CertContext, subjectIsKnownCa: boolean): Claim | null {
  const claims: Array<Claim | null> = [];
  const verdict = ctx.trust.verdict;
  const trusted = verdict === 'trusted';
  const unproven = ctx.facts.selfIssued || verdict === 'untrusted' || verdict === 'bad-signature';
  for (const { where, value } of dnNames(ctx.facts)) {
    const look = lookalikeName(value, ctx.reference);
    if (look) {
      claims.push({
        severity: trusted ? 'medium' : 'high',
        reason: `${where} '${value}' imitates '${look.target}' (${look.kind})`,
        evidence: { field: where, value, imitates: look.target, kind: look.kind },
      });
      continue;
    }
    if (!where.startsWith('subject') || subjectIsKnownCa || trusted || !unproven) continue;
    const brand = brandMentioned(value, ctx.reference);
    if (brand) {
      // Many internal products name their vendor in self-signed certificates (Microsoft Exchange): medium, not high.
      claims.push({
        severity: 'medium',
        reason: `${where} '${value}' names ${brand} on a chain that is not trusted (${verdict}${ctx.facts.selfIssued ? ', self-issued' : ''})`,
        evidence: { field: where, value, brand, verdict },
      });
    }
  }
  return strongest(claims);
}

export function checkBrandDomains(ctx: CertContext): Claim | null {
  if (ctx.position !== 0 || isCa(ctx.facts)) return null;
  const hosts = claimedHostNames(ctx.facts);
  if (hosts.length === 0) return null;
  const claims: Array<Claim | null> = [];
  const unproven = unprovenSeverity(ctx);
  for (const brand of ctx.reference.brands) {
    const owned = hosts.filter((h) => brand.domains.some((d) => hostUnder(h, d)));
    if (owned.length > 0 && unproven) {
      claims.push({
        severity: unproven,
        reason: `names ${brand.brand} domain ${shortList(owned)} on a chain that is not trusted (${ctx.trust.verdict}${ctx.facts.selfIssued ? ', self-issued' : ''})`,
        evidence: { brand: brand.brand, names: owned, verdict: ctx.trust.verdict },
      });
    }
    const brandLabels = brand.domains.map((d) => d.split('.')[0]).filter((l) => skeletonKey(l).length >= MIN_BRAND_SKELETON);
    const lookalikes = hosts.filter((h) => h.toLowerCase().split('.').slice(0, -1).some((label) =>
      brandLabels.some((b) => label !== b && skeletonKey(label) === skeletonKey(b))));
    if (lookalikes.length > 0) {
      claims.push({
        severity: ctx.trust.verdict === 'trusted' ? 'medium' : 'high',
        reason: `host name ${shortList(lookalikes)} imitates a ${brand.brand} domain`,
        evidence: { brand: brand.brand, names: lookalikes },
      });
    }
  }
  return strongest(claims);
}
