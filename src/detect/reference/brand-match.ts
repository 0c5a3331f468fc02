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

type Lookalike = { kind: string; target: string } | null;

/** Distinct DN values remembered per reference data set; issuer names repeat across thousands of leaves. */
const LOOKALIKE_CACHE_ENTRIES = 4096;
const lookalikeCache = new WeakMap<ReferenceData, Map<string, Lookalike>>();

/** Another-looking spelling of a known CA name or brand (exact names are the identity checks' business). Memoized. */
export function lookalikeName(value: string, ref: ReferenceData): Lookalike {
  let cache = lookalikeCache.get(ref);
  if (!cache) lookalikeCache.set(ref, (cache = new Map()));
  const known = cache.get(value);
  if (known !== undefined) return known;
  const result = computeLookalike(value, ref);
  if (cache.size >= LOOKALIKE_CACHE_ENTRIES) cache.clear();
  cache.set(value, result);
  return result;
}

function computeLookalike(value: string, ref: ReferenceData): Lookalike {
  if (ref.caByName.has(exactKey(value))) return null;
  const skeleton = skeletonKey(value);
  if (skeleton.length >= MIN_SKELETON_LENGTH) {
    const g = ref.caBySkeleton.get(skeleton);
    if (g) return { kind: 'look-alike characters', target: g.name };
  }
  const byTokens = ref.caByTokens.get(tokenKey(value));
  if (byTokens) return { kind: 'swapped words', target: byTokens.name };
  const compact = compactKey(value);
  for (const w of ref.brandKeys.words) {
    if (skeleton.includes(w.skeleton) && !compact.includes(w.compact)) return { kind: 'look-alike characters', target: w.brand };
  }
  return null;
}

function brandMentioned(value: string, ref: ReferenceData): string | undefined {
  const compact = compactKey(value);
  return ref.brandKeys.mentions.find((m) => compact.includes(m.compact))?.brand;
}

/** The brand whose domain a host name is, or is under (`*.login.microsoftonline.com` → Microsoft). */
function brandOfHost(host: string, ref: ReferenceData): string | undefined {
  let h = host.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  for (;;) {
    const brand = ref.brandKeys.domains.get(h);
    if (brand) return brand;
    const dot = h.indexOf('.');
    if (dot < 0) return undefined;
    h = h.slice(dot + 1);
  }
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
  if (unproven) {
    const owned = new Map<string, string[]>();
    for (const host of hosts) {
      const brand = brandOfHost(host, ctx.reference);
      if (brand) owned.set(brand, [...(owned.get(brand) ?? []), host]);
    }
    for (const [brand, names] of owned) {
      claims.push({
        severity: unproven,
        reason: `names ${brand} domain ${shortList(names)} on a chain that is not trusted (${ctx.trust.verdict}${ctx.facts.selfIssued ? ', self-issued' : ''})`,
        evidence: { brand, names, verdict: ctx.trust.verdict },
      });
    }
  }
  // Host labels folded once; a label whose skeleton is a brand label's but whose spelling differs imitates it.
  const lookalikes = new Map<string, string[]>();
  for (const host of hosts) {
    const labels = host.toLowerCase().split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const hit = ctx.reference.brandKeys.labels.get(skeletonKey(labels[i]));
      if (hit && hit.label !== labels[i]) lookalikes.set(hit.brand, [...(lookalikes.get(hit.brand) ?? []), host]);
    }
  }
  for (const [brand, names] of lookalikes) {
    claims.push({
      severity: ctx.trust.verdict === 'trusted' ? 'medium' : 'high',
      reason: `host name ${shortList(names)} imitates a ${brand} domain`,
      evidence: { brand, names },
    });
  }
  return strongest(claims);
}
