/**
 * The library's main job: inputs → handshakes → certificate facts (parsed once per SHA-256).
 * Sinks receive each connection as it completes; nothing is held per connection.
 */
import type { Handshake, CertBlob } from '../tls/types';
import type { CertFacts } from '../x509/types';
import { CertFactsCache } from '../x509';
import { extract, type ExtractStats, type InputProblem } from './extract';

export type FactsOf = (blob: CertBlob) => CertFacts | undefined;

export interface ScanHooks {
  onConnection(h: Handshake, factsOf: FactsOf): void;
  onProblem(p: InputProblem): void;
  onProgress?(file: string, bytes: number): void;
  drain?(): Promise<void>;
}

export interface ScanResult {
  stats: ExtractStats;
  /** Distinct certificates seen. */
  certificates: number;
}

export async function scan(paths: string[], hooks: ScanHooks): Promise<ScanResult> {
  const cache = new CertFactsCache();
  const seen = new Set<string>();
  const factsOf: FactsOf = (blob) => {
    if (!blob.der) return undefined;
    return cache.get(blob.der, blob.sha256);
  };
  const stats = await extract(paths, {
    onHandshake(h) {
      for (const c of h.serverChain.certs) seen.add(c.sha256);
      for (const c of h.clientChain.certs) seen.add(c.sha256);
      hooks.onConnection(h, factsOf);
    },
    onProblem: hooks.onProblem,
    onProgress: hooks.onProgress,
    drain: hooks.drain,
  });
  return { stats, certificates: seen.size };
}
