/** Findings for a terminal: a header line per certificate, then one line per signal with its reason. */
import type { Finding } from '../detect/types';

function where(f: Finding): string {
  const s = f.sightings;
  if (s.count === 0) return '';
  const servers = s.servers.slice(0, 3).join(', ') + (s.distinctServers > 3 ? ` +${s.distinctServers - 3}` : '');
  const names = s.serverNames.slice(0, 3).join(', ') + (s.distinctServerNames > 3 ? ` +${s.distinctServerNames - 3}` : '');
  return ` · seen ${s.count}× on ${servers}${names ? ` (${names})` : ''}`;
}

function role(f: Finding): string {
  const pos = f.position > 0 || (f.roles.length === 0 && f.facts.ca) ? 'CA' : 'leaf';
  return f.roles.length > 0 ? `${f.roles.join('+')} ${pos}` : pos;
}

export function renderFindings(findings: Finding[], width = 200): string {
  const lines: string[] = [];
  for (const f of findings) {
    const head = `${f.severity.toUpperCase().padEnd(8)} ${String(f.score).padStart(3)}  ${f.facts.subject || '(empty subject)'}  [${role(f)}]${where(f)}`;
    lines.push(head.length > width ? `${head.slice(0, width - 1)}…` : head);
    lines.push(`         sha256 ${f.sha256}  issuer ${f.facts.issuer || '(empty)'}`);
    if (f.suppressed) lines.push(`         suppressed: ${f.suppressed.reason}`);
    const idWidth = Math.max(...f.signals.map((s) => s.id.length), 0);
    for (const s of f.signals) lines.push(`         ${s.id.padEnd(idWidth)}  ${s.severity.padEnd(8)} ${s.reason}`);
    lines.push('');
  }
  return lines.join('\n');
}
