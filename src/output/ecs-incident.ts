/**
 * One incident as an ECS alert: the finding's document (certificate under `tls.*` and `threat.indicator`, its
 * signals) with the incident's score and severity on `event`, the linked hosts under `host`/`process` (one value per
 * distinct detection value), and `certhound.links` listing every link with its kind, evidence and the detection it ties.
 */
import type { Incident } from '../correlate/types';
import { timestampMs } from '../detect/cert-helpers';
import { ipKey } from '../correlate/ip-key';
import { findingDocument } from './ecs-finding';
import type { EcsOptions } from './ecs-common';
import { ecsDateFromMs, distinctValues } from './ecs-values';

function message(i: Incident): string {
  const hosts = distinctValues(i.detections.map((l) => l.detection.event.host ?? l.detection.event.hostIp)) ?? [];
  const kinds = distinctValues(i.detections.flatMap((l) => l.links.map((k) => k.kind))) ?? [];
  return `${i.severity}: ${i.finding.facts.subject || i.finding.sha256} tied to ${hosts.join(', ') || 'a host event'} by ${kinds.join('+')}`;
}

export function incidentDocument(i: Incident, opts: EcsOptions = {}): Record<string, unknown> {
  // The finding's document at the incident's severity and score gives event.severity/risk_score their ECS banding.
  const doc = findingDocument({ ...i.finding, severity: i.severity, score: i.score }, opts);
  const findingEvent = doc.event as Record<string, unknown>;
  const related = doc.related as Record<string, string[] | undefined>;
  const events = i.detections.map((l) => l.detection.event);
  const earliest = Math.min(...events.map((e) => e.time).filter((t) => Number.isFinite(t) && t > 0));
  // ECS host.ip is an `ip` field: only addresses, in a form Elasticsearch takes (no brackets or zone).
  const hostIps = distinctValues(events.map((e) => (e.hostIp === undefined ? undefined : ipKey(e.hostIp))));
  const hostNames = distinctValues(events.map((e) => e.host));
  return {
    ...doc,
    message: message(i),
    event: {
      ...findingEvent,
      category: ['intrusion_detection', 'network', 'process'], dataset: 'certhound.incident',
      // The incident starts with the host event when that came before the network sighting.
      start: earliest < timestampMs(i.finding.sightings.first) ? new Date(earliest).toISOString() : findingEvent.start,
    },
    host: { name: hostNames, ip: hostIps },
    process: { command_line: distinctValues(events.map((e) => e.commandLine)) },
    registry: events.some((e) => e.kind === 'registry') ? { path: distinctValues(events.map((e) => e.registryKey)) } : undefined,
    related: { ...related, ip: distinctValues([...(related.ip ?? []), ...(hostIps ?? [])]), hosts: distinctValues([...(related.hosts ?? []), ...(hostNames ?? [])]) },
    certhound: {
      ...(doc.certhound as Record<string, unknown>),
      finding: { severity: i.finding.severity, score: i.finding.score },
      links: i.detections.flatMap((l, detection) => l.links.map((k) => ({ kind: k.kind, evidence: k.evidence, basis: k.basis, detection }))),
      detections: i.detections.map(({ detection: d }) => ({
        timestamp: ecsDateFromMs(d.event.time),
        host_name: d.event.host,
        host_ip: d.event.hostIp,
        user: d.event.user,
        executable: d.event.image,
        command_line: d.event.commandLine,
        registry_path: d.event.registryKey,
        seed_branch: d.seed?.detectionBranch,
        severity: d.verdict.severity,
        reasons: d.verdict.reasons,
        suppressed: d.suppressed,
        source: d.event.source,
      })),
      suppressed: i.suppressed,
    },
  };
}
