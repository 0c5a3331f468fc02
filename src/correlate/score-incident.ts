/**
 * An incident's score and severity. Score: the finding's score plus, once per link kind among the tied detections,
 * 30 for a thumbprint, 25 for a name, 15 for an address, 10 for time; at most 100. Severity: the higher of the
 * finding's and the detections', one step up (to critical at most) when a detection's naming link (name or
 * thumbprint) is backed by its address or time. A certificate that chains to a trusted root was signed by a public
 * CA, not made by the host's tool: host detections then neither raise it nor step it up (it stays at least low).
 */
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
  const kinds = new Set<LinkKind>();
  for (const l of counted) for (const k of l.links) kinds.add(k.kind);
  let score = finding.score;
  for (const k of kinds) score += LINK_POINTS[k];
  if (finding.trust.verdict === 'trusted') return { score: Math.min(100, score), severity: higher(finding.severity, 'low') };
  let severity = finding.severity;
  for (const l of counted) severity = higher(severity, l.detection.verdict.severity);
  if (counted.some(corroborated)) severity = SEVERITIES[Math.min(SEVERITY_RANK[severity] + 1, SEVERITY_RANK.critical)];
  return { score: Math.min(100, score), severity };
}
