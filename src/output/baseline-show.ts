/** `baseline show` and `baseline marks`: a certificate's history, a mark, or what a place (server or SNI) presented, as text or NDJSON. */
import type { PlaceEntry, ShowResult } from '../baseline/query';
import type { MarkRecord } from '../baseline/types';
import { renderTable, type Column } from './table';
import { hangingWrap, terminalSafe } from './terminal-text';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A mark in one line: kind (a CA mark covers what it issued), reason, source, date. */
function markText(m: MarkRecord): string {
  const kind = m.caDer ? 'trusted CA (covers what it issued)' : m.kind;
  return `${kind}: ${m.reason} (${m.source}, ${m.time > 0 ? iso(m.time) : 'undated'})`;
}

/** One line of `baseline marks`. */
export function formatMark(id: string, m: MarkRecord): string {
  return terminalSafe(`${id}  ${markText(m)}${m.subject ? `  ${m.subject}` : ''}`);
}

const PLACE_COLUMNS: Column<PlaceEntry>[] = [
  { header: 'FIRST SEEN', value: (e) => iso(e.presence.firstSeen), priority: 3, min: 20 },
  { header: 'LAST SEEN', value: (e) => iso(e.presence.lastSeen), priority: 2, min: 20 },
  { header: 'COUNT', value: (e) => String(e.presence.count), priority: 3 },
  { header: 'SHA256', value: (e) => e.sha256, priority: 4, min: 16 },
  { header: 'SUBJECT', value: (e) => e.cert?.subject ?? '', priority: 4, wrap: true, min: 20 },
];

export function formatShow(r: ShowResult, width = 200): string {
  if (r.kind === 'nothing') return `nothing known of ${terminalSafe(r.query)}\n`;
  if (r.kind === 'mark') {
    return terminalSafe(`certificate  ${r.id} (never seen)\n${r.mark.subject ? `subject      ${r.mark.subject}\n` : ''}marked       ${markText(r.mark)}`) + '\n';
  }
  if (r.kind === 'certificate') {
    const c = r.cert;
    const lines = [
      `certificate  ${c.sha256}`, `sha1         ${c.sha1}`, `subject      ${c.subject}`, `issuer       ${c.issuer}`,
      `validity     ${c.notBefore ?? '?'} → ${c.notAfter ?? '?'}`,
      `seen         ${c.sightings} times, ${iso(c.firstSeen)} → ${iso(c.lastSeen)}, as ${c.roles.join(' and ')}`,
      `servers      ${c.serverTotal}: ${c.servers.map((s) => s.replace('|', ':')).join(', ')}${c.serverTotal > c.servers.length ? ', …' : ''}`,
      `names        ${c.serverNameTotal}: ${c.serverNames.join(', ')}${c.serverNameTotal > c.serverNames.length ? ', …' : ''}`,
    ];
    if (r.keySharedWith.length > 0) lines.push(`same key as  ${r.keySharedWith.join(', ')}`);
    if (r.mark) lines.push(`marked       ${markText(r.mark)}`);
    return lines.flatMap((l) => hangingWrap(l.slice(0, 13), terminalSafe(l.slice(13)), width)).join('\n') + '\n';
  }
  if (r.entries.length === 0) return `nothing known of ${terminalSafe(r.place)}\n`;
  return `${terminalSafe(r.place)}: ${r.entries.length} certificate${r.entries.length === 1 ? '' : 's'}\n${renderTable(r.entries, PLACE_COLUMNS, width)}`;
}

/** The mark as NDJSON writes it: its fields without the CA's DER. */
function markDoc(m: MarkRecord | undefined): Record<string, unknown> | undefined {
  return m && { kind: m.kind, reason: m.reason, source: m.source, time: m.time > 0 ? iso(m.time) : undefined, subject: m.subject, ca: m.caDer ? true : undefined };
}

/** One JSON line per record: the certificate (with its mark and key siblings), a mark, or each certificate a place presented. */
export function showLines(r: ShowResult): string[] {
  if (r.kind === 'nothing') return [];
  if (r.kind === 'mark') return [JSON.stringify({ sha256: r.id, mark: markDoc(r.mark) })];
  if (r.kind === 'certificate') return [JSON.stringify({ ...r.cert, mark: markDoc(r.mark), key_shared_with: r.keySharedWith })];
  return r.entries.map((e) => JSON.stringify({
    place: r.place, sha256: e.sha256, first_seen: iso(e.presence.firstSeen), last_seen: iso(e.presence.lastSeen), count: e.presence.count,
    subject: e.cert?.subject, issuer: e.cert?.issuer,
  }));
}
