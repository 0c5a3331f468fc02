/**
 * Findings for a terminal: a header per certificate (severity, score, subject, where it was seen), its hashes, then
 * one line per signal with its reason. Everything wraps to the width with a hanging indent; nothing is cut.
 */
import type { Finding, Severity } from '../detect/types';
import { NO_PAINT, type Paint } from './colour';
import { clip, displayWidth, hangingWrap, terminalSafe } from './terminal-text';

const INDENT = 9;
/** Columns a reason needs beside its label before it moves to lines of its own. */
const MIN_TEXT = 24;

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

/**
 * `prefix` + `label` + `text`, wrapped to `width` under the text; when less than MIN_TEXT columns would be left for it,
 * the text goes on the next lines at `indent`. `label` (a severity) is painted where it stands.
 */
function labelled(prefix: string, label: string, severity: Severity, text: string, width: number, paint: Paint, indent: number): string[] {
  const first = prefix + label;
  const lines = width - displayWidth(first) >= MIN_TEXT
    ? hangingWrap(first, text, width)
    : [clip(first.trimEnd(), width), ...hangingWrap(' '.repeat(indent), text, width)];
  const bare = label.trimEnd();
  if (lines[0].startsWith(prefix + bare)) lines[0] = prefix + paint(severity, bare) + lines[0].slice(prefix.length + bare.length);
  return lines;
}

export function renderFindings(findings: Finding[], width = 200, paint: Paint = NO_PAINT): string {
  const lines: string[] = [];
  for (const f of findings) {
    const label = `${f.severity.toUpperCase().padEnd(8)} `;
    lines.push(...labelled('', label, f.severity, `${String(f.score).padStart(3)}  ${terminalSafe(f.facts.subject || '(empty subject)')}  [${role(f)}]${terminalSafe(where(f))}`, width, paint, INDENT));
    lines.push(...hangingWrap(' '.repeat(INDENT), `sha256 ${f.sha256}  issuer ${terminalSafe(f.facts.issuer || '(empty)')}`, width, INDENT + 2));
    if (f.suppressed) {
      lines.push(...hangingWrap(' '.repeat(INDENT), `suppressed (would be ${f.suppressed.severity} ${f.suppressed.score}): ${terminalSafe(f.suppressed.reason)}`, width, INDENT + 2));
    }
    const idWidth = Math.max(...f.signals.map((s) => s.id.length), 0);
    for (const s of f.signals) {
      lines.push(...labelled(`${' '.repeat(INDENT)}${s.id.padEnd(idWidth)}  `, `${s.severity.padEnd(8)} `, s.severity, terminalSafe(s.reason), width, paint, INDENT + 2));
    }
    lines.push('');
  }
  return lines.join('\n');
}
