/**
 * The library's main job: inputs → handshakes → certificate facts (parsed once per SHA-256) → baseline history →
 * one finding per certificate. Connections reach the sink as they complete; findings come at the end, when every
 * sighting of a certificate is known.
 */
import type { Handshake } from '../tls/types';
import type { BaselineSession } from '../baseline/session';
import type { CertSighting } from '../baseline/types';
import type { DetectConfig, Finding } from '../detect/types';
import { DEFAULT_CONFIG } from '../detect/config';
import { FindingBuilder } from '../detect/finding-builder';
import type { CertFacts } from '../x509/types';
import type { PrivateAnchorInput } from '../x509';
import { extract, type ExtractOptions, type ExtractStats, type InputProblem } from './extract';
import { handshakeSightings } from './sightings';
import { inputIdentities } from './input-identity';
import { Judge, type FactsOf } from './judge';
import { loadRenderer } from './connection-renderer';
import { shippedReference } from './reference-files';
import { ZeekSweep } from '../zeek';

export type { FactsOf } from './judge';

export interface ScanHooks {
  /** `rendered`: the connection as `ScanOptions.renderConnection` writes it (when one is given). */
  onConnection?(h: Handshake, factsOf: FactsOf, rendered?: string): void;
  onProblem(p: InputProblem): void;
  onProgress?(file: string, bytes: number): void;
  drain?(): Promise<void>;
}

export interface ScanOptions extends ExtractOptions {
  /** History to read and (unless the session is read-only) update. */
  baseline?: BaselineSession;
  /** Score certificates (off for `baseline learn`, and to price scoring in the bench). */
  findings?: boolean;
  config?: DetectConfig;
  /** Private trust anchors (`--trust-roots`, `trust.roots`); the baseline's CA marks are added to them. */
  trustAnchors?: readonly PrivateAnchorInput[];
}

export interface ScanResult {
  stats: ExtractStats;
  /** Distinct certificates seen. */
  certificates: number;
  findings: Finding[];
  factsOf: FactsOf;
}

/** Facts of a chain's certificates; those without facts (unparsed, or unknown to the logs) are noted in `unjudged`. */
function chainFacts(certs: Handshake['serverChain']['certs'], factsOf: FactsOf, unjudged: Set<string>): CertFacts[] {
  const out: CertFacts[] = [];
  for (const c of certs) {
    const f = factsOf(c);
    if (f) out.push(f);
    else unjudged.add(c.sha256);
  }
  return out;
}

export async function scan(paths: string[], hooks: ScanHooks, opts: ScanOptions = {}): Promise<ScanResult> {
  const judge = new Judge([...(opts.trustAnchors ?? []), ...((await opts.baseline?.caAnchors()) ?? [])]);
  // The run is named by its inputs' content before the first sighting (the baseline tells replays by it).
  const inputs = opts.baseline ? await inputIdentities(paths) : undefined;
  if (inputs) opts.baseline?.beginRun(inputs.values());
  const factsOf = judge.factsOf;
  const render = opts.renderConnection && loadRenderer(opts.renderConnection);
  // Distinct certificates: the builder holds those with facts; these sets the rest (or all, without a builder).
  const seen = new Set<string>();
  const unjudged = new Set<string>();
  const builder = opts.findings === false
    ? undefined
    : new FindingBuilder(opts.config ?? DEFAULT_CONFIG, judge.trust, shippedReference(), opts.baseline && ((sha) => opts.baseline?.history(sha)));
  // Handshakes arrive on the synchronous packet path; their baseline work waits for the next pause between chunks.
  let pending: CertSighting[][] = [];
  const observePending = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    await opts.baseline?.observeAll(batch);
  };
  const sweep = new ZeekSweep(opts.cursors, opts);
  const sight = (h: Handshake, role: 'server' | 'client', certs: Handshake['serverChain']['certs']): void => {
    if (certs.length === 0) return;
    if (!builder) {
      for (const c of certs) seen.add(c.sha256);
      return;
    }
    builder.addSighting(chainFacts(certs, factsOf, unjudged), {
      ts: h.ts, server: h.server, client: h.client, serverName: h.serverName, role, source: h.source, transport: h.transport, uid: h.uid, flowId: h.flowId,
    });
  };
  const stats = await extract(paths, {
    onHandshake(h, rendered) {
      sight(h, 'server', h.serverChain.certs);
      sight(h, 'client', h.clientChain.certs);
      if (opts.baseline) pending.push(handshakeSightings(h, factsOf, inputs));
      hooks.onConnection?.(h, factsOf, rendered ?? render?.(h, factsOf));
    },
    onProblem: hooks.onProblem,
    onProgress: hooks.onProgress,
    async drain() {
      await observePending();
      await hooks.drain?.();
    },
  }, opts, sweep);
  await observePending();
  // Zeek cursors move only once the sightings of the lines they pass are written.
  if (opts.cursors) {
    await opts.baseline?.flush();
    await sweep.commit();
  }
  let certificates = seen.size;
  if (builder) {
    certificates = builder.size;
    for (const sha of unjudged) if (!builder.has(sha)) certificates++;
  }
  return { stats, certificates, findings: builder?.findings() ?? [], factsOf };
}
