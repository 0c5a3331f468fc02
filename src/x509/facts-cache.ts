/** Parse each distinct certificate once: `CertFacts` by SHA-256, least recently used evicted past a bound. */
import { createHash } from 'node:crypto';
import { certFacts, type CertFactsOptions } from './cert-facts';
import type { CertFacts } from './types';

/** Default bound: a CertFacts is a few KB, so 10 000 entries stay in the tens of MB. */
export const DEFAULT_CERT_CACHE_ENTRIES = 10_000;

export class CertFactsCache {
  private readonly entries = new Map<string, CertFacts>();
  private readonly maxEntries: number;
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that parsed a certificate. */
  misses = 0;

  /** `opts.keepDer` keeps each certificate's DER in its facts (chain verdicts need it later). */
  constructor(maxEntries: number = DEFAULT_CERT_CACHE_ENTRIES, private readonly opts: CertFactsOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Facts of `der`; `sha256` (lower-case hex of the DER) saves hashing when the caller already has it. */
  get(der: Buffer, sha256?: string): CertFacts {
    const key = sha256 ?? createHash('sha256').update(der).digest('hex');
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key); // re-insert: Map order is the recency order
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const facts = certFacts(der, this.opts);
    this.entries.set(key, facts);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return facts;
  }
}
