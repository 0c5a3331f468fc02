/**
 * Ties host detections to network findings. A tie needs a link that names the certificate (`name` or `thumbprint`),
 * or `address` and `time` together: time alone, or an address alone, is coincidence. An address with only a first
 * sighting in the window ties a leaf, not a CA certificate of the chain (a genuine intermediate is "first seen" with
 * every new leaf); a notBefore in the window says the certificate was made then, whatever its position.
 */
import { SEVERITY_RANK, type Finding } from '../detect/types';
import type { HostDetection } from '../host/types';
import { addressLink, nameLink, thumbprintLink, timeLink } from './links';
import { DetectionIndex } from './detection-index';
import { scoreIncident } from './score-incident';
import { DEFAULT_CORRELATE_OPTIONS, type CorrelateOptions, type Incident, type Link, type LinkedDetection } from './types';

export function linksBetween(f: Finding, d: HostDetection, o: CorrelateOptions = DEFAULT_CORRELATE_OPTIONS): Link[] {
  return [nameLink(f, d), thumbprintLink(f, d), addressLink(f, d, o), timeLink(f, d, o)].filter((l): l is Link => l !== undefined);
}

/** Whether these links between `f` and one detection are enough to call it one incident. */
export function ties(f: Finding, links: Link[]): boolean {
  let address = false;
  let time: Link | undefined;
  for (const l of links) {
    if (l.kind === 'name' || l.kind === 'thumbprint') return true;
    if (l.kind === 'address') address = true;
    else time = l;
  }
  return address && time !== undefined && (time.basis === 'not-before' || f.position === 0);
}

function strength(l: LinkedDetection): number {
  return new Set(l.links.map((k) => k.kind)).size * 10 + SEVERITY_RANK[l.detection.verdict.severity];
}

function incidentOf(finding: Finding, linked: LinkedDetection[]): Incident {
  linked.sort((a, b) => (a.detection.suppressed ? 1 : 0) - (b.detection.suppressed ? 1 : 0) || strength(b) - strength(a));
  const live = linked.filter((l) => !l.detection.suppressed);
  const { score, severity } = scoreIncident(finding, live.length > 0 ? live : linked);
  if (live.length > 0) return { finding, detections: linked, score, severity };
  const reasons = [...new Set(linked.map((l) => l.detection.suppressed?.reason ?? ''))];
  return { finding, detections: linked, score, severity, suppressed: { reason: reasons.join('; ') } };
}

/**
 * Incidents, most severe first. Findings no detection ties to are left out, and so are allowlisted findings;
 * suppressed detections tie only with `includeSuppressed`.
 */
export function correlate(findings: Finding[], detections: HostDetection[], o: CorrelateOptions = DEFAULT_CORRELATE_OPTIONS): Incident[] {
  const index = new DetectionIndex(o.includeSuppressed ? detections : detections.filter((d) => !d.suppressed), o);
  const incidents: Incident[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const linked: LinkedDetection[] = [];
    for (const d of index.candidates(f)) {
      const links = linksBetween(f, d, o);
      if (ties(f, links)) linked.push({ detection: d, links });
    }
    if (linked.length > 0) incidents.push(incidentOf(f, linked));
  }
  return incidents.sort((a, b) => (a.suppressed ? 1 : 0) - (b.suppressed ? 1 : 0)
    || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score);
}
