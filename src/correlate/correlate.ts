/**
 * Ties host detections to network findings. A tie needs a link that names the certificate (`name` or `thumbprint`),
 * or `address` and `time` together: time alone, or an address alone, is coincidence. An address with only a first
 * sighting in the window ties a leaf, not a CA certificate of the chain (a genuine intermediate is "first seen" with
 * every new leaf); a notBefore in the window says the certificate was made then, whatever its position. A host event
 * whose command line names a subject or DNS name, none of them this certificate's, made another certificate: address
 * and time do not tie it. Address and time alone are a weak tie, listed as such, that does not raise the incident.
 */
import { SEVERITY_RANK, type Finding } from '../detect/types';
import type { HostDetection } from '../host/types';
import { addressLink, contradictingNames, nameLink, thumbprintLink, timeLink, weakened } from './links';
import { DetectionIndex } from './detection-index';
import { scoreIncident } from './score-incident';
import { DEFAULT_CORRELATE_OPTIONS, type CorrelateOptions, type Incident, type Link, type LinkedDetection } from './types';

export function linksBetween(f: Finding, d: HostDetection, o: CorrelateOptions = DEFAULT_CORRELATE_OPTIONS): Link[] {
  return [nameLink(f, d), thumbprintLink(f, d), addressLink(f, d, o), timeLink(f, d, o)].filter((l): l is Link => l !== undefined);
}

/** How these links between `f` and one detection tie: by what names the certificate, weakly by address and time, or not. */
export function ties(f: Finding, links: Link[], contradicted = false): 'strong' | 'weak' | undefined {
  let address = false;
  let time: Link | undefined;
  for (const l of links) {
    if (l.kind === 'name' || l.kind === 'thumbprint') return 'strong';
    if (l.kind === 'address') address = true;
    else time = l;
  }
  if (contradicted) return undefined;
  return address && time !== undefined && (time.basis === 'not-before' || f.position === 0) ? 'weak' : undefined;
}

function strength(l: LinkedDetection): number {
  return new Set(l.links.map((k) => k.kind)).size * 10 + SEVERITY_RANK[l.detection.verdict.severity];
}

function incidentOf(finding: Finding, linked: LinkedDetection[]): Incident {
  linked.sort((a, b) => (a.detection.suppressed ? 1 : 0) - (b.detection.suppressed ? 1 : 0) || (a.weak ? 1 : 0) - (b.weak ? 1 : 0) || strength(b) - strength(a));
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
      const tie = ties(f, links, contradictingNames(f, d) !== undefined);
      if (tie === 'strong') linked.push({ detection: d, links });
      else if (tie === 'weak') linked.push({ detection: d, links: links.map(weakened), weak: true });
    }
    if (linked.length > 0) incidents.push(incidentOf(f, linked));
  }
  return incidents.sort((a, b) => (a.suppressed ? 1 : 0) - (b.suppressed ? 1 : 0)
    || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score);
}
