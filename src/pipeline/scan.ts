/**
 * The library's main job: inputs → handshakes → certificate facts (parsed once per SHA-256) → baseline history →
 * one finding per certificate. Connections reach the sink as they complete; each certificate is judged at the next
 * pause of the input after its first sighting (`onFinding`, action `created`), and judged again now and then and at
 * the end of input, an `updated` finding following when its judgement changed. End of input is only the last flush.
 * When that is depends on the input alone (how many sightings it brought), so a file scanned on one thread gives the
 * same bytes every time; a live input (standard input, `--follow`) is also judged again every REJUDGE_EVERY_MS.
 */
import type { Handshake } from '../tls/types';
import type { BaselineSession } from '../baseline/session';
import type { CertSighting } from '../baseline/types';
import type { DetectConfig, Severity } from '../detect/types';
import { DEFAULT_CONFIG } from '../detect/config';
import { FindingBuilder, type FindingEvent } from '../detect/finding-builder';
import type { CertFacts } from '../x509/types';
import type { PrivateAnchorInput } from '../x509';
import { extract, logSweeps, type ExtractOptions, type ExtractStats, type InputProblem, type LoneCertificate } from './extract';
import { handshakeSightings, loneSighting } from './sightings';
import type { RunProgress } from './progress-meter';
import { inputIdentities } from './input-identity';
import { Judge, type FactsOf } from './judge';
import { loadRenderer } from './connection-renderer';
import { shippedReference } from './reference-files';

export type { FactsOf } from './judge';

/** Sightings read between two rounds of judging again the certificates already judged whose sightings changed. */
export const REJUDGE_EVERY_SIGHTINGS = 10_000;
/**
 * And at least this many per certificate to judge again. Judging one again (detectors, and a document when its
 * judgement changed) costs about 200 µs, a Zeek ssl line about 20 µs to read: a round stays under a tenth of the
 * reading before it (a 1 M-line sweep over 3,020 certificates took 12 % longer at 16 per certificate).
 */
const REJUDGE_SIGHTINGS_PER_CERT = 64;
/** A live input is also judged again this often (an update should not wait for input that comes slowly)... */
export const REJUDGE_EVERY_MS = 2000;
/** ...unless a round costs more than this share of the time since the last. */
const REJUDGE_COST_SHARE = 20;

export interface ScanHooks {
  /** `rendered`: the connection as `ScanOptions.renderConnection` writes it (when one is given). */
  onConnection?(h: Handshake, factsOf: FactsOf, rendered?: string): void;
  /** A finding first judged, or judged again with another result. Without it, no certificate is judged. */
  onFinding?(e: FindingEvent): void;
  onProblem(p: InputProblem): void;
  onProgress?(p: RunProgress): void;
  drain?(): Promise<void>;
}

export interface ScanOptions extends ExtractOptions {
  /** History to read and (unless the session is read-only) update. */
  baseline?: BaselineSession;
  /** Score certificates (off for `baseline learn`, and to price scoring in the bench). */
  findings?: boolean;
  config?: DetectConfig;
  /** Findings are announced from this severity on (default: all). */
  minSeverity?: Severity;
  /** Private trust anchors (`--trust-roots`, `trust.roots`); the baseline's CA marks are added to them. */
  trustAnchors?: readonly PrivateAnchorInput[];
}

export interface ScanResult {
  stats: ExtractStats;
  /** Distinct certificates seen. */
  certificates: number;
  factsOf: FactsOf;
}

/** Facts of a chain's certificates; those without facts (unparsed, or unknown to the logs) are noted in `unjudged`. */
function chainFacts(certs: Handshake['serverChain']['certs'], factsOf: FactsOf, unjudged: Set<string>): CertFacts[] {
  const out: CertFacts[] = [];
  for (const c of certs) {
    const f = factsOf(c);
    if (f) out.push(f);
    else unjudged.add(c.sha256 || c.sha1);
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
  const onFinding = hooks.onFinding;
  const builder = opts.findings === false || !onFinding
    ? undefined
    : new FindingBuilder(opts.config ?? DEFAULT_CONFIG, judge.trust, shippedReference(), opts.baseline && ((sha) => opts.baseline?.history(sha)), { announceFrom: opts.minSeverity });
  // Handshakes arrive on the synchronous packet path; their baseline work waits for the next pause between chunks.
  let pending: CertSighting[][] = [];
  const observePending = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    await opts.baseline?.observeAll(batch);
  };
  // Certificates already judged are judged again once enough sightings came (see REJUDGE_EVERY_SIGHTINGS): updates
  // wait, reading does not. A live input is also judged again by the clock.
  const live = opts.follow === true || paths.includes('-');
  let sightingsSince = 0;
  let nextRejudge = Date.now() + REJUDGE_EVERY_MS;
  const announce = (final: boolean): void => {
    if (!builder || !onFinding) return;
    const now = live ? Date.now() : 0;
    const updates = final || sightingsSince >= Math.max(REJUDGE_EVERY_SIGHTINGS, REJUDGE_SIGHTINGS_PER_CERT * builder.waiting) || (live && now >= nextRejudge);
    for (const e of builder.judge(updates)) onFinding(e);
    if (updates) {
      sightingsSince = 0;
      if (live) {
        const done = Date.now();
        nextRejudge = done + Math.max(REJUDGE_EVERY_MS, (done - now) * REJUDGE_COST_SHARE);
      }
    }
  };
  const sweeps = logSweeps(opts);
  const sight = (h: Handshake, role: 'server' | 'client', certs: Handshake['serverChain']['certs']): void => {
    if (certs.length === 0) return;
    if (!builder) {
      for (const c of certs) seen.add(c.sha256 || c.sha1);
      return;
    }
    builder.addSighting(chainFacts(certs, factsOf, unjudged), {
      ts: h.ts, server: h.server, client: h.client, serverName: h.serverName, role, source: h.source, transport: h.transport, uid: h.uid, flowId: h.flowId,
    });
  };
  const stats = await extract(paths, {
    onHandshake(h, rendered) {
      sightingsSince++;
      sight(h, 'server', h.serverChain.certs);
      sight(h, 'client', h.clientChain.certs);
      if (opts.baseline) pending.push(handshakeSightings(h, factsOf, inputs));
      hooks.onConnection?.(h, factsOf, rendered ?? render?.(h, factsOf));
    },
    onCertificate(c: LoneCertificate) {
      const facts = factsOf(c.blob);
      if (!facts) return;
      sightingsSince++;
      if (builder) builder.addSighting([facts], { ts: c.ts, role: c.role, source: c.source });
      else seen.add(facts.sha256);
      if (opts.baseline) pending.push([loneSighting(c, facts, inputs)]);
    },
    onSignatureChecks: builder ? judge.takeSignatureChecks : undefined,
    onProblem: hooks.onProblem,
    onProgress: hooks.onProgress,
    async drain() {
      await observePending();
      announce(false);
      await hooks.drain?.();
    },
  }, opts, sweeps);
  await observePending();
  // Log cursors move only once the sightings of the lines they pass are written.
  if (opts.cursors) {
    await opts.baseline?.flush();
    await sweeps.zeek.commit();
    await sweeps.eve.commit();
  }
  announce(true);
  let certificates = seen.size;
  if (builder) {
    certificates = builder.size;
    for (const sha of unjudged) if (!builder.has(sha)) certificates++;
  }
  return { stats, certificates, factsOf };
}
