/** Compiled allowlists: which findings the user silenced, and why. */
import type { CertHistory } from '../baseline/types';
import type { CertFacts } from '../x509/types';
import { cidrContains, parseCidr, type Cidr } from './cidr';
import type { AllowlistConfig } from './config-types';
import { compilePattern, type Pattern } from './pattern';

export interface Allowlist {
  readonly fingerprints: ReadonlySet<string>;
  readonly subjectPatterns: readonly Pattern[];
  readonly sniDomains: readonly string[];
  readonly serverCidrs: ReadonlyArray<{ readonly source: string; readonly cidr: Cidr }>;
}

/** Entries were validated by `loadConfig`; anything unparsable here is skipped rather than thrown. */
export function compileAllowlist(config: AllowlistConfig): Allowlist {
  const cidrs: Array<{ source: string; cidr: Cidr }> = [];
  for (const source of config.serverCidrs) {
    const cidr = parseCidr(source);
    if (cidr) cidrs.push({ source, cidr });
  }
  const patterns: Pattern[] = [];
  for (const source of config.subjectPatterns) {
    try {
      patterns.push(compilePattern(source));
    } catch {
      // validated by loadConfig; a hand-built config with a bad pattern simply does not suppress
    }
  }
  return {
    fingerprints: new Set(config.fingerprints.map((f) => f.replace(/:/g, '').toLowerCase())),
    subjectPatterns: patterns,
    sniDomains: config.sniDomains.map((d) => d.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '')),
    serverCidrs: cidrs,
  };
}

function under(name: string, domain: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === domain || n.endsWith(`.${domain}`);
}

/**
 * Why a finding is silenced, or undefined. SNI and network entries silence only when every sighting is covered
 * (`complete` false means the distinct sets were capped, so "every" cannot be known).
 */
export function suppressionReason(
  allow: Allowlist,
  facts: CertFacts,
  serverIps: readonly string[],
  serverNames: readonly string[],
  complete: boolean,
): string | undefined {
  if (allow.fingerprints.has(facts.sha256.toLowerCase()) || allow.fingerprints.has(facts.sha1.toLowerCase())) return 'allowlisted fingerprint';
  const pattern = allow.subjectPatterns.find((p) => p.test(facts.subject.rfc4514));
  if (pattern) return `subject matches allowlist pattern ${pattern.source}`;
  if (!complete) return undefined;
  if (allow.sniDomains.length > 0 && serverNames.length > 0 && serverNames.every((n) => allow.sniDomains.some((d) => under(n, d)))) {
    return `every SNI is under an allowlisted domain (${allow.sniDomains.filter((d) => serverNames.some((n) => under(n, d))).join(', ')})`;
  }
  if (allow.serverCidrs.length > 0 && serverIps.length > 0) {
    const used = new Set<string>();
    const all = serverIps.every((ip) => {
      const hit = allow.serverCidrs.find((c) => cidrContains(c.cidr, ip));
      if (hit) used.add(hit.source);
      return hit !== undefined;
    });
    if (all) return `every server is in an allowlisted network (${[...used].join(', ')})`;
  }
  return undefined;
}

/** A `trusted` mark in the baseline silences a finding like an allowlist entry. */
export function markReason(history: CertHistory | undefined): string | undefined {
  return history?.mark?.kind === 'trusted' ? `marked trusted: ${history.mark.reason} (${history.mark.source})` : undefined;
}
