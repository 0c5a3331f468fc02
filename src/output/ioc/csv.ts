/**
 * Findings as CSV (RFC 4180): one row per certificate, a header first. A cell an spreadsheet would read as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'` (OWASP's CSV injection advice):
 * subjects and reasons come from attackers.
 */
import type { Finding } from '../../detect/types';
import { isoTimestamp } from '../time';

const COLUMNS: Array<[string, (f: Finding) => string]> = [
  ['severity', (f) => f.severity],
  ['score', (f) => String(f.score)],
  ['sha256', (f) => f.sha256],
  ['sha1', (f) => f.facts.sha1],
  ['subject', (f) => f.facts.subject],
  ['issuer', (f) => f.facts.issuer],
  ['serial', (f) => f.facts.serial],
  ['not_before', (f) => f.facts.notBefore],
  ['not_after', (f) => f.facts.notAfter],
  ['ja4x', (f) => f.cert.ja4x ?? ''],
  ['chain_position', (f) => String(f.position)],
  ['trust', (f) => f.trust.verdict],
  ['first_seen', (f) => isoTimestamp(f.sightings.first)],
  ['last_seen', (f) => isoTimestamp(f.sightings.last)],
  ['sightings', (f) => String(f.sightings.count)],
  ['servers', (f) => f.sightings.servers.join(' ')],
  ['server_names', (f) => f.sightings.serverNames.join(' ')],
  ['signals', (f) => f.signals.map((s) => s.id).join(' ')],
  ['reasons', (f) => f.signals.filter((s) => s.severity !== 'info').map((s) => s.reason).join(' | ')],
];

function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function findingsCsv(findings: readonly Finding[]): string {
  const rows = [COLUMNS.map(([name]) => name), ...findings.map((f) => COLUMNS.map(([, value]) => value(f)))];
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
