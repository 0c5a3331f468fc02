/**
 * How signals combine into one finding's score and severity.
 *
 * - score = min(100, Σ weight of each signal); info signals weigh 0.
 * - severity = the highest signal severity, raised one step (up to critical) when medium-or-worse signals come from
 *   at least two detector groups (`DetectorGroup`): independent evidence agreeing. Signals of one group repeat one
 *   story (a self-signed leaf is also an untrusted chain) and never raise.
 * - no signal: score 0, severity info.
 */
import { SEVERITIES, SEVERITY_RANK, type DetectorGroup, type Severity, type Signal } from './types';

export const MAX_SCORE = 100;
/** Distinct groups of medium+ signals needed to raise the severity one step. */
export const AGREEING_GROUPS = 2;

export function scoreSignals(signals: readonly Signal[], groupOf: (id: string) => DetectorGroup | undefined): { score: number; severity: Severity } {
  let sum = 0;
  let top = 0;
  const groups = new Set<string>();
  for (const s of signals) {
    sum += s.severity === 'info' ? 0 : s.weight;
    const rank = SEVERITY_RANK[s.severity];
    if (rank > top) top = rank;
    if (rank >= SEVERITY_RANK.medium) groups.add(groupOf(s.id) ?? s.id);
  }
  if (groups.size >= AGREEING_GROUPS) top = Math.min(top + 1, SEVERITY_RANK.critical);
  return { score: Math.min(MAX_SCORE, Math.round(sum)), severity: SEVERITIES[top] };
}
