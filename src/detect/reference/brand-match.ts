/**
 * Look-alike CA and brand names (homoglyphs such as `Micros0ft`, swapped words) in a DN; brand names and brand domains
 * on chains that do not prove them; host names that imitate a brand once punycode is decoded and confusables folded
 * (`xn--pypal-4ve.com`), by a typo or a swapped top-level domain (`mamzon.ru`) or a brand plus a word
 * (`paypal-secure.net`); control characters hidden inside a CN or SAN (the null-prefix attack).
 */
import type { CertFacts } from '../../x509/types';
import { attr, claimedHostNames, isCa, shortList } from '../cert-helpers';
import { factsMemo } from '../facts-memo';
import type { CertContext, Severity } from '../types';
import type { Claim } from './claim';
import { strongest } from './claim';
import { brandOfHost, hostLookalike, type HostLookalike } from './host-lookalike';
import { MIN_SKELETON_LENGTH } from './reference-data';
import { compactKey, CONTROL_CHARACTER, exactKey, leetKey, skeletonKey, tokenKey } from './name-keys';
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
  // Every genuine CA name (reference CAs, their issuers, the trust store's roots) is itself, never a copy of another.
  if (ref.genuineCaNames.has(exactKey(value)) || ref.caByName.has(exactKey(value))) return null;
  const skeleton = skeletonKey(value);
  if (skeleton.length >= MIN_SKELETON_LENGTH) {
    const g = ref.caBySkeleton.get(skeleton);
    if (g) return { kind: 'look-alike characters', target: g.name };
  }
  const byTokens = ref.caByTokens.get(tokenKey(value));
  if (byTokens) return { kind: 'swapped words', target: byTokens.name };
  const leet = leetKey(value);
  const compact = compactKey(value);
  for (const w of ref.brandKeys.words) {
    if (leet.includes(w.skeleton) && !compact.includes(w.compact)) return { kind: 'look-alike characters', target: w.brand };
  }
  return null;
}

function brandMentioned(value: string, ref: ReferenceData): string | undefined {
  const compact = compactKey(value);
  return ref.brandKeys.mentions.find((m) => compact.includes(m.compact))?.brand;
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

/** A CN or SAN that carries NUL or another control character: no CA issues one, clients that stop at NUL read another name. */
export function checkControlCharacters(facts: CertFacts): Claim | null {
  const fields: Array<[string, string]> = [];
  for (const a of facts.subject.attributes) if (a.type === 'CN') fields.push(['subject CN', a.value]);
  for (const a of facts.issuer.attributes) if (a.type === 'CN') fields.push(['issuer CN', a.value]);
  for (const d of facts.san.dns) fields.push(['SAN dNSName', d]);
  for (const e of facts.san.email) fields.push(['SAN rfc822Name', e]);
  for (const [field, value] of fields) {
    if (!CONTROL_CHARACTER.test(value)) continue;
    const shown = JSON.stringify(value).slice(1, -1);
    const visible = value.split(/\u0000/)[0];
    return {
      severity: 'high',
      reason: `${field} '${shown}' hides a control character${value.includes('\u0000') ? ` (NUL: a client that stops there reads '${visible}')` : ''}`,
      evidence: { field, value: shown, readAs: visible },
    };
  }
  return null;
}

const LOOKALIKE_WORDS: Readonly<Record<HostLookalike['kind'], string>> = {
  homograph: 'look-alike characters',
  typo: 'a typo',
  'tld-swap': 'another top-level domain',
  'brand-plus-word': 'the brand plus a word',
};

/**
 * How sure a host look-alike is. On a chain proven not to be a CA's (self-issued, untrusted, a failing signature)
 * every kind is high. Otherwise (trusted, incomplete, or no certificate bytes in a Zeek log) a homograph, which only
 * a forger writes, is medium; typos, swapped TLDs and brand-plus-word names are low, because a brand's short links and
 * secondary domains read alike (`youtu.be`, `googlemail.com`); and a brand glued to a word is not said at all.
 */
function lookalikeSeverity(hit: HostLookalike, unproven: boolean): Severity | null {
  if (unproven) return 'high';
  if (hit.glued) return null;
  return hit.kind === 'homograph' ? 'medium' : 'low';
}

/** Each host name the certificate claims, with the brand that owns it and the brand domain it imitates, if any. */
const hostReadings = factsMemo((facts: CertFacts, ref: ReferenceData) =>
  claimedHostNames(facts).map((host) => ({ host, brand: brandOfHost(host, ref), lookalike: hostLookalike(host, ref) })));

export function checkBrandDomains(ctx: CertContext): Claim | null {
  if (ctx.position !== 0 || isCa(ctx.facts)) return null;
  const hosts = hostReadings(ctx.facts, ctx.reference);
  if (hosts.length === 0) return null;
  const claims: Array<Claim | null> = [];
  const unproven = unprovenSeverity(ctx);
  if (unproven) {
    const owned = new Map<string, string[]>();
    for (const { host, brand } of hosts) {
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
  const verdict = ctx.trust.verdict;
  const unprovenChain = verdict === 'untrusted' || verdict === 'bad-signature' || (ctx.facts.selfIssued && verdict !== 'trusted');
  for (const { host, lookalike: hit } of hosts) {
    const severity = hit ? lookalikeSeverity(hit, unprovenChain) : null;
    if (!hit || !severity) continue;
    const shown = hit.decoded === host.toLowerCase() ? host : `${host} (${hit.decoded})`;
    claims.push({
      severity,
      reason: `host name ${shown} imitates ${hit.brand} domain ${hit.imitates} (${LOOKALIKE_WORDS[hit.kind]})`,
      evidence: { brand: hit.brand, names: [host], decoded: hit.decoded, imitates: hit.imitates, kind: hit.kind },
    });
  }
  return strongest(claims);
}
