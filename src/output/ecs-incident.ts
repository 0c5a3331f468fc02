/**
 * One incident as an ECS alert: the finding's document (certificate under `tls.*`, its signals) with the incident's
 * score and severity on `event`, the linked hosts under `host`/`process` (one value per distinct detection value),
 * and `certhound.links` listing every link with its kind, evidence and the detection it ties.
 */
import type { Incident } from '../correlate/types';
import { timestampMs } from '../detect/cert-helpers';
import { ipKey } from '../correlate/ip-key';
import { findingDocument } from './ecs-finding';

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function message(i: Incident): string {
  const hosts = distinct(i.detections.map((l) => l.detection.event.host ?? l.detection.event.hostIp));
  const kinds = distinct(i.detections.flatMap((l) => l.links.map((k) => k.kind)));
  return `${i.severity}: ${i.finding.facts.subject || i.finding.sha256} tied to ${hosts.join(', ') || 'a host event'} by ${kinds.join('+')}`;
}

export function incidentDocument(i: Incident): Record<string, unknown> {
  // The finding's document at the incident's severity and score gives event.severity/risk_score their ECS banding.
  const doc = findingDocument({ ...i.finding, severity: i.severity, score: i.score });
  const findingEvent = doc.event as Record<string, unknown>;
  const events = i.detections.map((l) => l.detection.event);
  const earliest = Math.min(...events.map((e) => e.time).filter((t) => Number.isFinite(t) && t > 0));
  return {
    ...doc,
    message: message(i),
    event: {
      ...findingEvent,
      category: ['network', 'process'], dataset: 'certhound.incident',
      // The incident starts with the host event when that came before the network sighting.
      start: earliest < timestampMs(i.finding.sightings.first) ? new Date(earliest).toISOString() : findingEvent.start,
    },
    // ECS host.ip is an `ip` field: only addresses, in a form Elasticsearch takes (no brackets or zone).
    host: { name: distinct(events.map((e) => e.host)), ip: distinct(events.map((e) => (e.hostIp === undefined ? undefined : ipKey(e.hostIp)))) },
    process: { command_line: distinct(events.map((e) => e.commandLine)) },
    registry: events.some((e) => e.kind === 'registry') ? { path: distinct(events.map((e) => e.registryKey)) } : undefined,
    certhound: {
      ...(doc.certhound as Record<string, unknown>),
      finding: { severity: i.finding.severity, score: i.finding.score },
      links: i.detections.flatMap((l, detection) => l.links.map((k) => ({ kind: k.kind, evidence: k.evidence, basis: k.basis, detection }))),
      detections: i.detections.map(({ detection: d }) => ({
        '@timestamp': Number.isFinite(d.event.time) && d.event.time > 0 ? new Date(d.event.time).toISOString() : undefined,
        host: { name: d.event.host, ip: d.event.hostIp },
        user: d.event.user,
        process: { executable: d.event.image, command_line: d.event.commandLine },
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
