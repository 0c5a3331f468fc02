/**
 * The library's main job: inputs → handshakes → certificate facts (parsed once per SHA-256) → baseline history.
 * Sinks receive each connection as it completes; nothing is held per connection.
 */
import type { Handshake, CertBlob } from '../tls/types';
import type { CertFacts } from '../x509/types';
import type { BaselineSession } from '../baseline/session';
import type { CertSighting } from '../baseline/types';
import { CertFactsCache } from '../x509';
import { extract, type ExtractStats, type InputProblem } from './extract';
import { handshakeSightings } from './sightings';

export type FactsOf = (blob: CertBlob) => CertFacts | undefined;

export interface ScanHooks {
  onConnection?(h: Handshake, factsOf: FactsOf): void;
  onProblem(p: InputProblem): void;
  onProgress?(file: string, bytes: number): void;
  drain?(): Promise<void>;
}

export interface ScanOptions {
  /** History to read and (unless the session is read-only) update. */
  baseline?: BaselineSession;
}

export interface ScanResult {
  stats: ExtractStats;
  /** Distinct certificates seen. */
  certificates: number;
  factsOf: FactsOf;
}

export async function scan(paths: string[], hooks: ScanHooks, opts: ScanOptions = {}): Promise<ScanResult> {
  const cache = new CertFactsCache();
  const seen = new Set<string>();
  const factsOf: FactsOf = (blob) => (blob.der ? cache.get(blob.der, blob.sha256) : undefined);
  // Handshakes arrive on the synchronous packet path; their baseline work waits for the next pause between chunks.
  let pending: CertSighting[][] = [];
  const observePending = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    for (const sightings of batch) await opts.baseline?.observe(sightings);
  };
  const stats = await extract(paths, {
    onHandshake(h) {
      for (const c of h.serverChain.certs) seen.add(c.sha256);
      for (const c of h.clientChain.certs) seen.add(c.sha256);
      if (opts.baseline) pending.push(handshakeSightings(h, factsOf));
      hooks.onConnection?.(h, factsOf);
    },
    onProblem: hooks.onProblem,
    onProgress: hooks.onProgress,
    async drain() {
      await observePending();
      await hooks.drain?.();
    },
  });
  await observePending();
  return { stats, certificates: seen.size, factsOf };
}
