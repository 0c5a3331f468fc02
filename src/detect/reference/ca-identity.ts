/**
 * Is a certificate that names a known CA (as its subject or its issuer) really that CA's? Compares with the genuine
 * certificates in `brands.json`: key (SPKI SHA-256), fingerprints, issuer names, key identifiers and lifetimes, and
 * falls back on the chain's trust verdict where the names alone cannot tell.
 */
import { isoMs, timestampMs } from '../cert-helpers';
import type { CertContext } from '../types';
import type { Claim } from './claim';
import { strongest } from './claim';
import { exactKey } from './name-keys';
import type { KnownCaGroup } from './reference-types';

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function genuineEvidence(g: KnownCaGroup): Record<string, string[] | string> {
  return {
    claimedCa: g.name,
    genuineSha256: g.certs.map((c) => c.sha256),
    genuineIssuers: g.certs.map((c) => c.issuerName),
  };
}

/**
 * The certificate's subject CN is a known CA name. Null when it is genuine (same key or same fingerprint).
 * Without the key (Zeek logs) an unknown issuer may be a cross-sign we do not hold, so only name-level certainties
 * (a self-issued copy of an intermediate) stay high.
 */
export function checkSubjectClaim(ctx: CertContext, g: KnownCaGroup): Claim | null {
  const f = ctx.facts;
  if (g.fingerprints.has(f.sha256) || g.fingerprints.has(f.sha1)) return null;
  if (f.spkiSha256 && g.spkiSha256s.has(f.spkiSha256)) return null;
  // A chain verified to a Mozilla root was issued by a public CA: a variant of the name we do not hold.
  if (ctx.trust.verdict === 'trusted') return null;
  const base = { ...genuineEvidence(g), subject: f.subject.rfc4514, issuer: f.issuer.rfc4514, spkiSha256: f.spkiSha256 };
  const genuineIssuers = [...new Set(g.certs.map((c) => c.issuerName))].join("', '");
  const keyKnown = f.spkiSha256 !== '' && g.spkiSha256s.size > 0;
  const claims: Array<Claim | null> = [];
  if (f.selfIssued && g.certs.length > 0 && !g.isRoot) {
    claims.push({ severity: 'high', reason: `self-issued certificate named '${g.name}'; the genuine CA is issued by '${genuineIssuers}'`, evidence: base });
  }
  const issuerCn = f.issuer.commonName;
  if (!f.selfIssued && g.issuerNames.size > 0 && (!issuerCn || !g.issuerNames.has(exactKey(issuerCn)))) {
    claims.push({
      severity: keyKnown ? 'high' : 'info',
      reason: `'${g.name}' issued by '${issuerCn ?? f.issuer.rfc4514}', but the genuine CA is issued by '${genuineIssuers}'${keyKnown ? '' : ' (key not verifiable from Zeek logs)'}`,
      evidence: base,
    });
  }
  if (g.latestNotAfter !== undefined) {
    const genuineNotAfter = iso(g.latestNotAfter);
    if (isoMs(f.notBefore) > g.latestNotAfter) {
      claims.push({ severity: keyKnown ? 'high' : 'medium', reason: `'${g.name}' dated ${f.notBefore}, after the genuine CA expired (${genuineNotAfter})`, evidence: { ...base, genuineNotAfter } });
    }
    if (keyKnown && timestampMs(ctx.lastSeen) > g.latestNotAfter) {
      claims.push({ severity: 'high', reason: `'${g.name}' with another key seen after the genuine CA expired (${genuineNotAfter})`, evidence: { ...base, genuineNotAfter } });
    }
  }
  claims.push(trustClaim(ctx, g, keyKnown ? `'${g.name}' is not signed with the genuine key` : `certificate named '${g.name}'`, base));
  return strongest(claims);
}

/** What the chain verdict adds when the names did not settle it. */
function trustClaim(ctx: CertContext, g: KnownCaGroup, what: string, evidence: Record<string, string | string[]>): Claim | null {
  const hasGenuineData = g.spkiSha256s.size > 0;
  switch (ctx.trust.verdict) {
    case 'trusted':
      return null;
    case 'bad-signature':
      return { severity: 'high', reason: `${what} and its chain signature fails (${ctx.trust.reason})`, evidence };
    case 'trusted-private': // a private anchor is not the public CA it is named after
    case 'untrusted':
      return { severity: hasGenuineData ? 'high' : 'medium', reason: `${what} and its chain is not trusted (${ctx.trust.reason})`, evidence };
    case 'incomplete':
      return { severity: hasGenuineData ? 'medium' : 'low', reason: `${what} and its chain is incomplete (${ctx.trust.reason})`, evidence };
    case 'not-verifiable':
      return { severity: 'info', reason: `${what}; key not verifiable from Zeek logs`, evidence };
  }
}

/** The certificate names a known CA as its issuer. */
export function checkIssuerClaim(ctx: CertContext, g: KnownCaGroup): Claim | null {
  const f = ctx.facts;
  if (ctx.trust.verdict === 'trusted') return null;
  const base = { ...genuineEvidence(g), subject: f.subject.rfc4514, issuer: f.issuer.rfc4514, authorityKeyId: f.authorityKeyId ?? '' };
  const claims: Array<Claim | null> = [];
  const notBefore = isoMs(f.notBefore);
  if (g.latestNotAfter !== undefined && notBefore > g.latestNotAfter) {
    claims.push({ severity: 'high', reason: `issued ${f.notBefore} by '${g.name}', after the genuine CA expired (${iso(g.latestNotAfter)})`, evidence: { ...base, genuineNotAfter: iso(g.latestNotAfter) } });
  }
  const akiMismatch = f.authorityKeyId !== undefined && g.subjectKeyIds.size > 0 && !g.subjectKeyIds.has(f.authorityKeyId.toLowerCase());
  const presented = ctx.chainFacts[ctx.position + 1];
  const forgedIssuer = presented !== undefined && presented.subject.rfc4514 === f.issuer.rfc4514 && presented.spkiSha256 !== ''
    && g.spkiSha256s.size > 0 && !g.spkiSha256s.has(presented.spkiSha256);
  if (forgedIssuer) {
    claims.push({ severity: 'high', reason: `issued by a '${g.name}' that does not carry the genuine CA's key`, evidence: { ...base, presentedIssuerSha256: presented.sha256 } });
  }
  if (akiMismatch) {
    claims.push({ severity: 'high', reason: `claims issuer '${g.name}' but its authority key id ${f.authorityKeyId} is not the genuine CA's`, evidence: { ...base, genuineSubjectKeyIds: [...g.subjectKeyIds] } });
  }
  const verdict = ctx.trust.verdict;
  if (verdict === 'bad-signature') claims.push({ severity: 'high', reason: `claims issuer '${g.name}' but the signature fails (${ctx.trust.reason})`, evidence: base });
  else if (verdict === 'untrusted') {
    // An authority key id naming the genuine key points at an expired or unanchored genuine chain, not a forgery.
    const akiMatches = f.authorityKeyId !== undefined && g.subjectKeyIds.has(f.authorityKeyId.toLowerCase());
    claims.push({ severity: akiMatches ? 'low' : 'medium', reason: `claims issuer '${g.name}' but the chain is not trusted (${ctx.trust.reason})`, evidence: base });
  }
  else if (verdict === 'incomplete' && f.authorityKeyId === undefined) claims.push({ severity: 'low', reason: `claims issuer '${g.name}', chain incomplete and no authority key id to compare`, evidence: base });
  else if (verdict === 'not-verifiable') claims.push({ severity: 'info', reason: `claims issuer '${g.name}'; signature not verifiable from Zeek logs`, evidence: base });
  return strongest(claims);
}
