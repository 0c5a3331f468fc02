/** Small pure readings of `CertFacts` and `CertContext` shared by detectors. */
import { X509Certificate } from 'node:crypto';
import type { Timestamp } from '../capture/types';
import type { CertFacts, DistinguishedName } from '../x509/types';
import type { CertContext } from './types';

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export function timestampMs(ts: Timestamp): number {
  return ts.sec * 1000 + Math.floor(ts.nsec / 1e6);
}

export function dateToTimestamp(at: Date): Timestamp {
  const ms = at.getTime();
  return { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6 };
}

/** ISO 8601 → ms; NaN when the text is not a date. */
export function isoMs(iso: string): number {
  return Date.parse(iso);
}

export function isoOf(ts: Timestamp): string {
  return new Date(timestampMs(ts)).toISOString();
}

/** First value of an attribute type (case-insensitive type), if any. */
export function attr(dn: DistinguishedName, type: string): string | undefined {
  const want = type.toUpperCase();
  for (const a of dn.attributes) if (a.type.toUpperCase() === want || a.oid === type) return a.value;
  return undefined;
}

/** A DN with no attributes, or whose every value is empty (Go's `pkix.Name{Organization: []string{""}}`). */
export function isEmptyDn(dn: DistinguishedName): boolean {
  return dn.attributes.every((a) => a.value.trim() === '');
}

export function dnText(dn: DistinguishedName): string {
  return dn.rfc4514 === '' ? '(empty)' : dn.rfc4514;
}

export function isCa(facts: CertFacts): boolean {
  return facts.basicConstraints?.ca === true;
}

/** Served as a leaf: seen at position 0 and not a CA certificate. */
export function isLeaf(ctx: CertContext): boolean {
  return ctx.position === 0 && !isCa(ctx.facts);
}

/** Verified to a public root or to a private anchor the user gave: naming, time and hygiene detectors treat both alike. */
export function isTrusted(ctx: CertContext): boolean {
  return ctx.trust.verdict === 'trusted' || ctx.trust.verdict === 'trusted-private';
}

export function keyLabel(facts: CertFacts): string {
  const k = facts.publicKey;
  if (k.curve) return `${k.type}-${k.curve}`;
  return k.bits ? `${k.type}-${k.bits}` : k.type;
}

/** DNS-looking names a certificate claims: SAN DNS entries, else a CN that looks like a host name. */
export function claimedHostNames(facts: CertFacts): string[] {
  if (facts.san.dns.length > 0) return facts.san.dns;
  const cn = facts.subject.commonName;
  return cn && /^[*a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i.test(cn) ? [cn] : [];
}

/**
 * Whether the certificate's signature verifies under its own public key although its issuer names someone else
 * (Metasploit's Rex shape). Undefined without DER or when Node cannot read the certificate.
 */
export function signedByOwnKey(facts: CertFacts): boolean | undefined {
  if (facts.selfIssued) return facts.selfSignatureValid;
  if (!facts.der) return undefined;
  try {
    const cert = new X509Certificate(facts.der);
    return cert.verify(cert.publicKey);
  } catch {
    return undefined;
  }
}

/** Does `issuer`'s key verify `cert`? Undefined without DER or when Node cannot read either. */
export function signedBy(cert: CertFacts, issuer: CertFacts | undefined): boolean | undefined {
  if (!cert.der || !issuer?.der) return undefined;
  try {
    return new X509Certificate(cert.der).verify(new X509Certificate(issuer.der).publicKey);
  } catch {
    return undefined;
  }
}

/** `names` shortened for a reason line: at most `max` entries then `+N more`. */
export function shortList(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} +${names.length - max} more`;
}

/** Does a certificate name (possibly `*.example.com`) cover a host name? RFC 6125 §6.4.3: wildcard only as the whole left-most label. */
export function nameCovers(certName: string, host: string): boolean {
  const pattern = certName.toLowerCase().replace(/\.$/, '');
  const name = host.toLowerCase().replace(/\.$/, '');
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot) === suffix;
}

/**
 * When to judge a chain's trust: the sighting time, moved inside the window where every certificate of the chain is
 * valid. Trust then answers "does this chain lead to a trusted root" and `expired` / `not-yet-valid` report the time
 * on their own; otherwise every genuine certificate seen after its expiry would also read as an untrusted chain.
 */
export function trustTime(chain: readonly CertFacts[], at: Date): Date {
  let lo = -Infinity;
  let hi = Infinity;
  for (const c of chain) {
    const from = isoMs(c.notBefore);
    const to = isoMs(c.notAfter);
    if (!Number.isNaN(from)) lo = Math.max(lo, from);
    if (!Number.isNaN(to)) hi = Math.min(hi, to);
  }
  const t = at.getTime();
  if (lo > hi || (t >= lo && t <= hi)) return at;
  return new Date(t < lo ? lo : hi);
}
