/**
 * Incidents for a terminal: a header line per incident (severity, score, certificate, where it was seen), then each
 * tied host detection with its command line, then one line per link with its evidence.
 */
import type { Incident, LinkedDetection } from '../correlate/types';
import { NO_PAINT, type Paint } from './colour';
import { hangingWrap, terminalSafe } from './terminal-text';

/** A line wrapped to `width`, its continuation lines indented under its text. */
function wrapped(indent: number, text: string, width: number, hang = indent + 2): string[] {
  return hangingWrap(' '.repeat(indent), terminalSafe(text), width, hang);
}

function detectionLine(l: LinkedDetection): string {
  const e = l.detection.event;
  const time = e.time > 0 ? new Date(e.time).toISOString().slice(0, 19).replace('T', ' ') : '(no time)';
  const host = e.host && e.hostIp ? `${e.host} (${e.hostIp})` : e.host ?? e.hostIp ?? '(unknown host)';
  const what = (e.commandLine ?? e.registryKey ?? e.image ?? '').replace(/[\r\n\t]+/g, ' ');
  const suppressed = l.detection.suppressed ? ` [suppressed: ${l.detection.suppressed.reason}]` : '';
  return `host ${host} ${time} ${l.detection.verdict.severity}${suppressed}: ${what}`;
}

export function renderIncidents(incidents: Incident[], width = 200, paint: Paint = NO_PAINT): string {
  const lines: string[] = [];
  for (const i of incidents) {
    const f = i.finding;
    const where = f.sightings.servers.slice(0, 3).join(', ') + (f.sightings.distinctServers > 3 ? ` +${f.sightings.distinctServers - 3}` : '');
    const role = `${f.roles.join('+') || 'lone'} ${f.position > 0 ? `CA, chain position ${f.position}` : 'leaf'}`;
    const label = i.severity.toUpperCase();
    const head = wrapped(0, `${label.padEnd(8)} ${String(i.score).padStart(3)}  ${f.facts.subject || '(empty subject)'}  [${role}] · seen ${f.sightings.count}× on ${where || '-'}`, width, 9);
    head[0] = paint(i.severity, label) + head[0].slice(label.length);
    lines.push(...head);
    lines.push(...wrapped(9, `sha256 ${f.sha256}  sha1 ${f.facts.sha1}  finding ${f.severity} ${f.score}`, width));
    if (i.suppressed) lines.push(...wrapped(9, `suppressed: ${i.suppressed.reason}`, width));
    for (const l of i.detections) {
      lines.push(...wrapped(9, detectionLine(l), width));
      for (const k of l.links) lines.push(...wrapped(11, `${k.kind.padEnd(10)} ${k.evidence}`, width, 22));
    }
    lines.push('');
  }
  return lines.join('\n');
}
