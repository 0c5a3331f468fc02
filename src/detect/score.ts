/**
 * How signals combine into one finding's severity and score (the model is stated in `README.md`).
 *
 * - severity: the highest signal severity, where exposure and hygiene signals count at most `medium`; raised one
 *   step (up to critical) when medium-or-worse attack signals come from at least two detector groups
 *   (`DetectorGroup`): independent attack evidence agreeing. Exposure and hygiene never raise, so without attack
 *   evidence a finding stays at medium or below however many agree.
 * - score: Σ weight of the non-info signals (capped at 100) placed inside the severity's band (`SCORE_BANDS`), so a
 *   finding of higher severity never has a lower score and the score orders findings of one severity.
 * - no signal: score 0, severity info.
 */
import { SEVERITIES, SEVERITY_RANK, type DetectorGroup, type Finding, type Severity, type Signal } from './types';

export const MAX_SCORE = 100;
/** Distinct groups of medium+ attack signals needed to raise the severity one step. */
export const AGREEING_GROUPS = 2;
/** The most that exposure and hygiene signals give a finding on their own. */
export const NON_ATTACK_CEILING: Severity = 'medium';

/**
 * Score range per severity, inclusive. The bounds are Elastic's risk-score bands (detection rules map 0–21 low,
 * 22–47 medium, 48–73 high, 74–100 critical), so `event.risk_score` and `event.severity` tell the same story.
 */
export const SCORE_BANDS: Readonly<Record<Severity, readonly [number, number]>> = {
  info: [0, 0], low: [1, 21], medium: [22, 47], high: [48, 73], critical: [74, 100],
};

/** The weight sum `raw` (0–100) placed inside `severity`'s band. */
export function bandScore(severity: Severity, raw: number): number {
  const [lo, hi] = SCORE_BANDS[severity];
  return lo + Math.floor(((hi - lo) * Math.min(MAX_SCORE, Math.max(0, raw))) / MAX_SCORE);
}

export function scoreSignals(signals: readonly Signal[], groupOf: (id: string) => DetectorGroup | undefined): { score: number; severity: Severity } {
  const ceiling = SEVERITY_RANK[NON_ATTACK_CEILING];
  let raw = 0;
  let top = 0;
  const attackGroups = new Set<string>();
  for (const s of signals) {
    if (s.severity === 'info') continue;
    raw += s.weight;
    let rank = SEVERITY_RANK[s.severity];
    if (s.class !== 'attack') rank = Math.min(rank, ceiling);
    else if (rank >= SEVERITY_RANK.medium) attackGroups.add(groupOf(s.id) ?? s.id);
    if (rank > top) top = rank;
  }
  if (attackGroups.size >= AGREEING_GROUPS) top = Math.min(top + 1, SEVERITY_RANK.critical);
  const severity = SEVERITIES[top];
  return { score: bandScore(severity, Math.round(raw)), severity };
}

/**
 * A finding's severity, score and suppression. A suppressed finding (`reason`: allowlist, trust mark, learned normal)
 * is written at info and score 0, so a rule on either does not fire, and keeps what it would have had.
 */
export function rateSignals(
  signals: readonly Signal[],
  groupOf: (id: string) => DetectorGroup | undefined,
  suppressedBy?: string,
): Pick<Finding, 'score' | 'severity' | 'suppressed'> {
  const rated = scoreSignals(signals, groupOf);
  if (suppressedBy === undefined) return rated;
  return { score: 0, severity: 'info', suppressed: { reason: suppressedBy, ...rated } };
}

/** The order of every output: most severe first, then highest score, then earliest first sighting. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score
    || a.sightings.first.sec - b.sightings.first.sec || a.sightings.first.nsec - b.sightings.first.nsec;
}
