/**
 * An incident's score and severity. Severity: the higher of the finding's and the strongly tied detections', one
 * step up (to critical at most) when a detection's naming link (name or thumbprint) is backed by its address or time.
 * Weak ties (address and time alone) neither raise nor step up. A certificate verified to a trusted root (public or
 * the user's private anchor) was issued by that CA, not made by the host's tool: host detections then neither raise
 * it nor step it up (it stays at least low). Score: the finding's score plus, once per link kind among the strong
 * ties, 30 for a thumbprint, 25 for a name, 15 for an address, 10 for time, kept inside the severity's band
 * (detect/score.ts SCORE_BANDS), so incidents also sort by severity, then score.
 */
import { SCORE_BANDS } from '../detect/score';
import { SEVERITIES, SEVERITY_RANK, type Finding, type Severity } from '../detect/types';
import type { LinkKind, LinkedDetection } from './types';

export const LINK_POINTS: Readonly<Record<LinkKind, number>> = { thumbprint: 30, name: 25, address: 15, time: 10 };

function higher(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

function corroborated(l: LinkedDetection): boolean {
  const kinds = new Set(l.links.map((k) => k.kind));
  return (kinds.has('name') || kinds.has('thumbprint')) && (kinds.has('address') || kinds.has('time'));
}

/** `counted`: the tied detections that weigh in (suppressed ones only when nothing else tied). */
export function scoreIncident(finding: Finding, counted: LinkedDetection[]): { score: number; severity: Severity } {
  const strong = counted.filter((l) => !l.weak);
  const kinds = new Set<LinkKind>();
  for (const l of strong) for (const k of l.links) kinds.add(k.kind);
  let raw = finding.score;
  for (const k of kinds) raw += LINK_POINTS[k];
  const trusted = finding.trust.verdict === 'trusted' || finding.trust.verdict === 'trusted-private';
  let severity = trusted ? higher(finding.severity, 'low') : finding.severity;
  if (!trusted) {
    for (const l of strong) severity = higher(severity, l.detection.verdict.severity);
    if (strong.some(corroborated)) severity = SEVERITIES[Math.min(SEVERITY_RANK[severity] + 1, SEVERITY_RANK.critical)];
  }
  const [lo, hi] = SCORE_BANDS[severity];
  return { score: Math.min(hi, Math.max(lo, raw)), severity };
}
