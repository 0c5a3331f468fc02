/** certhound's own verdict, from its own fields (never from the seed's targetsRootStore). */
import { storeRank, type CommandLineAnalysis, type CommandAction } from './analysis';
import type { HostConfig } from './config';
import type { HostSeverity, SeedResult } from './types';

const SEVERITY_ORDER: readonly HostSeverity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Reasons gathered with their severity; the verdict is the highest, or critical when two reasons are high. */
export class VerdictBuilder {
  private readonly found: Array<{ severity: HostSeverity; reason: string }> = [];

  add(severity: HostSeverity, reason: string): void {
    this.found.push({ severity, reason });
  }

  /** Highest severity so far ('info' when none). */
  level(): HostSeverity {
    let best = 0;
    let highs = 0;
    for (const f of this.found) {
      const rank = SEVERITY_ORDER.indexOf(f.severity);
      if (rank > best) best = rank;
      if (f.severity === 'high') highs++;
    }
    return highs >= 2 ? 'critical' : SEVERITY_ORDER[best];
  }

  build(): { severity: HostSeverity; reasons: string[] } {
    return { severity: this.level(), reasons: this.found.map((f) => f.reason) };
  }
}

const ACTION_VERDICT: Readonly<Record<Exclude<CommandAction, 'store-import' | 'other'>, [HostSeverity, string]>> = {
  'certificate-creation': ['medium', 'makes a certificate'],
  'self-signed-certificate': ['medium', 'makes a self-signed certificate'],
  'certificate-request': ['low', 'makes a certificate request'],
  'key-generation': ['low', 'makes a private key'],
  'pfx-export': ['low', 'packs a key and certificate into PKCS#12'],
  'trust-anchor-install': ['high', 'installs a certificate as a trust anchor'],
  'ca-publish': ['high', 'publishes a CA certificate to Active Directory'],
  'trust-refresh': ['low', 'rebuilds the system trust bundle'],
  'certificate-api': ['low', 'uses .NET certificate classes'],
};

/** Judges one command line's analysis. */
export function judgeCommand(
  a: CommandLineAnalysis,
  tool: string | undefined,
  rootStore: boolean,
  seed: SeedResult | null,
  config: HostConfig,
): VerdictBuilder {
  const v = new VerdictBuilder();
  for (const action of a.actions) {
    if (action === 'store-import') {
      const rank = a.store === undefined ? 0 : storeRank(a.store);
      const severity: HostSeverity = rootStore ? 'high' : rank >= 4 ? 'medium' : 'low';
      v.add(severity, `imports a certificate into the ${a.store ?? 'default'} store`);
    } else if (action !== 'other') {
      const [severity, text] = ACTION_VERDICT[action];
      v.add(severity, `${tool ?? 'process'} ${text}`);
    }
  }
  const makes = a.actions.some((x) => x === 'certificate-creation' || x === 'self-signed-certificate');
  if (makes && a.names.isCa) v.add('high', 'the certificate made is a CA (can sign others)');
  // Only a certificate (or request) being made can impersonate; naming a store entry to delete cannot.
  const brand = makes || a.actions.includes('certificate-request') ? impersonatedBrand(a, config) : undefined;
  if (brand !== undefined) v.add('high', `names "${brand}", a brand it does not belong to`);
  if (seed !== null) v.add('low', `seed rule: ${seed.detectionBranch}`);
  return v;
}

/** The first configured brand found as a whole word in the subject or DNS names. */
function impersonatedBrand(a: CommandLineAnalysis, config: HostConfig): string | undefined {
  const texts = [a.names.subject ?? '', a.names.commonName ?? '', ...a.names.dnsNames].map((t) => t.toLowerCase());
  if (texts.every((t) => t === '')) return undefined;
  for (const [brand, word] of brandPatterns(config)) {
    if (texts.some((t) => word.test(t))) return brand;
  }
  return undefined;
}

const BRAND_PATTERNS = new WeakMap<readonly string[], Array<[string, RegExp]>>();

function brandPatterns(config: HostConfig): Array<[string, RegExp]> {
  let patterns = BRAND_PATTERNS.get(config.impersonatedBrands);
  if (!patterns) {
    patterns = config.impersonatedBrands.map((b) => [b, new RegExp(`(^|[^a-z0-9])${escapeRegExp(b.toLowerCase())}([^a-z0-9]|$)`)]);
    BRAND_PATTERNS.set(config.impersonatedBrands, patterns);
  }
  return patterns;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
