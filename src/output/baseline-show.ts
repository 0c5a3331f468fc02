/** Text for `baseline show` and `baseline marks`. */
import type { ShowResult } from '../baseline/query';
import type { MarkRecord } from '../baseline/types';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A mark in one line: kind (a CA mark covers what it issued), reason, source, date. */
function markText(m: MarkRecord): string {
  const kind = m.caDer ? 'trusted CA (covers what it issued)' : m.kind;
  return `${kind}: ${m.reason} (${m.source}, ${m.time > 0 ? iso(m.time) : 'undated'})`;
}

/** One line of `baseline marks`. */
export function formatMark(id: string, m: MarkRecord): string {
  return `${id}  ${markText(m)}${m.subject ? `  ${m.subject}` : ''}`;
}

export function formatShow(r: ShowResult): string {
  if (r.kind === 'nothing') return `nothing known of ${r.query}\n`;
  if (r.kind === 'mark') return `certificate  ${r.id} (never seen)\n${r.mark.subject ? `subject      ${r.mark.subject}\n` : ''}marked       ${markText(r.mark)}\n`;
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
    return lines.join('\n') + '\n';
  }
  if (r.entries.length === 0) return `nothing known of ${r.place}\n`;
  return r.entries.map((e) => `${iso(e.presence.firstSeen)} → ${iso(e.presence.lastSeen)}  ${String(e.presence.count).padStart(6)}×  ${e.sha256}  ${e.cert?.subject ?? ''}`).join('\n') + '\n';
}
