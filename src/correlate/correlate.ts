/**
 * Ties host detections to network findings. A tie needs a link that names the certificate (`name` or
 * `thumbprint`), or `address` and `time` together: time alone, or an address alone, is coincidence.
 * Score: the finding's score + 30 for a thumbprint, 25 for a name, 15 for an address, 10 for time, at most 100;
 * severity: the higher of the finding's and the detection's, one step up (to critical at most) when a
 * naming link is backed by address or time.
 */
import { SEVERITIES, SEVERITY_RANK, type Finding, type Severity } from '../detect/types';
import type { HostDetection } from '../host/types';
import { addressLink, nameLink, thumbprintLink, timeLink } from './links';
import { DEFAULT_CORRELATE_OPTIONS, type CorrelateOptions, type Incident, type Link, type LinkKind, type LinkedDetection } from './types';

const LINK_POINTS: Record<LinkKind, number> = { thumbprint: 30, name: 25, address: 15, time: 10 };

export function linksBetween(f: Finding, d: HostDetection, o: CorrelateOptions = DEFAULT_CORRELATE_OPTIONS): Link[] {
  return [nameLink(f, d), thumbprintLink(f, d), addressLink(f, d), timeLink(f, d, o)].filter((l): l is Link => l !== undefined);
}

function ties(links: Link[]): boolean {
  const kinds = new Set(links.map((l) => l.kind));
  return kinds.has('name') || kinds.has('thumbprint') || (kinds.has('address') && kinds.has('time'));
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

function incidentOf(finding: Finding, detections: LinkedDetection[]): Incident {
  let score = finding.score;
  let severity = finding.severity;
  for (const { detection, links } of detections) {
    for (const kind of new Set(links.map((l) => l.kind))) score += LINK_POINTS[kind];
    severity = maxSeverity(severity, detection.verdict.severity);
    const kinds = new Set(links.map((l) => l.kind));
    const named = kinds.has('name') || kinds.has('thumbprint');
    if (named && (kinds.has('address') || kinds.has('time'))) {
      severity = SEVERITIES[Math.min(SEVERITY_RANK[severity] + 1, SEVERITY_RANK.critical)];
    }
  }
  return { finding, detections, score: Math.min(100, score), severity };
}

/** Incidents, most severe first; findings no detection ties to are left out. */
export function correlate(findings: Finding[], detections: HostDetection[], o: CorrelateOptions = DEFAULT_CORRELATE_OPTIONS): Incident[] {
  const incidents: Incident[] = [];
  for (const f of findings) {
    const linked: LinkedDetection[] = [];
    for (const d of detections) {
      if (d.suppressed) continue;
      const links = linksBetween(f, d, o);
      if (ties(links)) linked.push({ detection: d, links });
    }
    if (linked.length > 0) incidents.push(incidentOf(f, linked));
  }
  return incidents.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score);
}
