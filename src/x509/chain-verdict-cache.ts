/**
 * Memo of trusted chain verdicts, so a chain seen in thousands of handshakes is built and signature-checked once.
 * A trusted verdict is kept with the time window in which every certificate on its path and its anchor are valid
 * (and the anchor not yet removed); a sighting inside that window gets the same verdict, any other is recomputed.
 * Other verdicts are not memoised (no window bounds them); their signature checks are, as every check is: once
 * per certificate and key (`signatures`), so a chain judged again as its findings are updated costs no check.
 */
import { createHash } from 'node:crypto';
import { chainVerdict, type ChainVerdict } from './chain-verdict';
import { CertFactsCache } from './facts-cache';
import { SignatureMemo } from './signature-memo';
import type { TrustStore } from './trust-store';

/** Default bound on memoised chains. */
export const DEFAULT_CHAIN_CACHE_ENTRIES = 10_000;

interface Entry {
  readonly verdict: ChainVerdict;
  readonly from: number;
  readonly until: number;
}

export class ChainVerdictCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  /** Verdicts answered from the memo. */
  hits = 0;

  /** `signatures`: checks made once per certificate and key, whatever the verdict (untrusted ones are not memoised). */
  constructor(
    private readonly roots: TrustStore,
    readonly facts: CertFactsCache = new CertFactsCache(),
    maxEntries = DEFAULT_CHAIN_CACHE_ENTRIES,
    readonly signatures = new SignatureMemo(),
  ) {
    this.maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  /** Same result as `chainVerdict(chain, at, roots)`; `sha256s` (lower-case hex per DER) saves hashing. */
  verdict(chain: readonly Buffer[], at: Date, sha256s?: readonly string[]): ChainVerdict {
    const digests = sha256s ?? chain.map((der) => createHash('sha256').update(der).digest('hex'));
    const key = digests.join(',');
    const t = at.getTime();
    const hit = this.entries.get(key);
    if (hit && t >= hit.from && t <= hit.until) {
      this.hits++;
      return hit.verdict;
    }
    const v = chainVerdict(chain, at, this.roots, this.facts, this.signatures);
    if (v.verdict === 'trusted' || v.verdict === 'trusted-private') this.remember(key, v, chain, digests);
    return v;
  }

  private remember(key: string, v: ChainVerdict, chain: readonly Buffer[], digests: readonly string[]): void {
    let from = -Infinity;
    let until = Infinity;
    for (const sha of v.path) {
      const der = chain[digests.indexOf(sha)];
      if (!der) return;
      const f = this.facts.get(der, sha);
      from = Math.max(from, Date.parse(f.notBefore));
      until = Math.min(until, Date.parse(f.notAfter));
    }
    const anchor = v.anchor ? this.roots.withFingerprint(v.anchor) : undefined;
    if (anchor) {
      from = Math.max(from, anchor.notBefore);
      until = Math.min(until, anchor.notAfter, (anchor.trustedUntil ?? Infinity) - 1);
    }
    if (Number.isNaN(from) || Number.isNaN(until)) return;
    this.entries.delete(key);
    this.entries.set(key, { verdict: v, from, until });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
