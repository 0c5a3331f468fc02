/** One certificate on its own (`certhound cert <file>`): no sightings, judged at a given time. */
import type { CertHistory } from '../baseline/types';
import type { CertFacts } from '../x509/types';
import { compileAllowlist, markReason, suppressionReason } from './allowlist';
import { dateToTimestamp } from './cert-helpers';
import type { DetectConfig } from './config-types';
import { summarizeFacts } from './facts-summary';
import { findingId } from './finding-id';
import { groupOf, runDetectors } from './registry';
import type { ReferenceData } from './reference/reference-types';
import { rateSignals } from './score';
import type { CertContext, Finding, TrustResult } from './types';

/**
 * `chainFacts` is the chain the certificate came with, leaf first (may be just `[facts]`); `trust` its verdict at
 * `trustTime(chain, at)`. Reuse and freshness need sightings and stay silent here; `history` (baseline) is optional.
 */
export function evaluateCertificate(
  facts: CertFacts,
  chainFacts: CertFacts[],
  trust: TrustResult,
  config: DetectConfig,
  at: Date,
  reference: ReferenceData,
  history?: CertHistory,
): Finding {
  const found = chainFacts.findIndex((c) => c.sha256 === facts.sha256);
  const chain = found < 0 ? [facts, ...chainFacts] : chainFacts;
  const position = found < 0 ? 0 : found;
  const now = dateToTimestamp(at);
  const ctx: CertContext = {
    facts,
    chainFacts: chain,
    position,
    trust,
    sightings: [],
    sightingCount: 0,
    firstSeen: now,
    lastSeen: now,
    reuse: { servers: 0, serverNames: 0, subjectsForKey: 1 },
    config,
    reference,
    history,
  };
  const signals = runDetectors(ctx);
  const reason = markReason(history) ?? suppressionReason(compileAllowlist(config.allowlist), facts, [], [], true);
  return {
    id: findingId(facts.sha256),
    sha256: facts.sha256,
    facts: summarizeFacts(facts),
    cert: facts,
    roles: [],
    position,
    trust,
    sightings: { count: 0, servers: [], serverNames: [], clients: [], distinctServers: 0, distinctServerNames: 0, first: now, last: now, sources: [], kept: [] },
    signals,
    ...rateSignals(signals, groupOf, reason),
  };
}
