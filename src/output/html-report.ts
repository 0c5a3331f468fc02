/**
 * One self-contained HTML file for a scan: a summary, the findings by severity with their reasons and evidence, the
 * certificate-to-server reuse graph and a timeline, drawn as inline SVG; inline CSS and a few lines of inline script
 * (severity filter and search). A Content-Security-Policy forbids every fetch, and every value from the input is
 * escaped: certificate names come from attackers.
 */
import type { Finding, Severity } from '../detect/types';
import { SEVERITIES, SEVERITY_RANK } from '../detect/types';
import { timestampMs } from '../detect/cert-helpers';
import { isoTimestamp } from './time';

export interface ReportInfo {
  generated: Date;
  inputs: string[];
  version: string;
  /** Distinct certificates seen (findings shown are those at or above `minSeverity`). */
  certificates: number;
  minSeverity: Severity;
}

/** Drawn at most, so a report of a big sweep stays readable and small; the lists below the drawing stay complete. */
const MAX_GRAPH_CERTS = 60;
const MAX_TIMELINE = 150;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const e = escapeHtml;

const COLOURS: Readonly<Record<Severity, string>> = { critical: '#7b1fa2', high: '#c62828', medium: '#ef6c00', low: '#1565c0', info: '#616161' };

function shortName(f: Finding): string {
  return f.cert.subject.commonName || f.facts.subject || `${f.sha256.slice(0, 16)}…`;
}

function summary(findings: Finding[], info: ReportInfo): string {
  const counts = SEVERITIES.slice().reverse().map((s) => `<li class="sev-${s}"><b>${findings.filter((f) => f.severity === s).length}</b> ${s}</li>`).join('');
  return `<section id="summary"><h2>Summary</h2>
<ul class="counts">${counts}</ul>
<p>${findings.length} findings at or above <b>${e(info.minSeverity)}</b> among ${info.certificates} distinct certificates,
from ${info.inputs.map((i) => `<code>${e(i)}</code>`).join(', ')}. Report made ${e(info.generated.toISOString())} by certhound ${e(info.version)}.</p></section>`;
}

function findingHtml(f: Finding): string {
  const s = f.sightings;
  const rows: Array<[string, string]> = [
    ['SHA-256', `<code>${e(f.sha256)}</code>`],
    ['SHA-1', `<code>${e(f.facts.sha1)}</code>`],
    ['issuer', e(f.facts.issuer || '(empty)')],
    ['serial', `<code>${e(f.facts.serial)}</code>`],
    ['validity', `${e(f.facts.notBefore)} → ${e(f.facts.notAfter)}`],
    ['key', `${e(f.facts.key)}, ${e(f.facts.signatureAlgorithm)}`],
    ['JA4X', f.cert.ja4x ? `<code>${e(f.cert.ja4x)}</code>` : '–'],
    ['place', `${f.position > 0 ? `CA certificate (chain position ${f.position})` : 'leaf'}${f.roles.length ? `, presented by ${e(f.roles.join(' and '))}` : ''}`],
    ['trust', `${e(f.trust.verdict)}: ${e(f.trust.reason)}`],
    ['seen', `${s.count}× from ${e(isoTimestamp(s.first))} to ${e(isoTimestamp(s.last))} on ${e(s.servers.join(', ') || '–')}${s.serverNames.length ? ` for ${e(s.serverNames.join(', '))}` : ''}`],
  ];
  if (f.suppressed) rows.push(['suppressed', `${e(f.suppressed.reason)} (would be ${e(f.suppressed.severity)})`]);
  const signals = f.signals.map((sig) => `<li><span class="badge sev-${sig.severity}">${e(sig.severity)}</span> <code>${e(sig.id)}</code> ${e(sig.reason)}
<details><summary>evidence</summary><pre>${e(JSON.stringify(sig.evidence, null, 2))}</pre></details></li>`).join('\n');
  return `<article class="finding sev-${f.severity}" id="f-${e(f.sha256)}" data-severity="${f.severity}" data-sha256="${e(f.sha256)}">
<h3><span class="badge sev-${f.severity}">${e(f.severity)} ${f.score}</span> <span class="subject">${e(f.facts.subject || '(empty subject)')}</span></h3>
<table>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>
<ul class="signals">${signals}</ul></article>`;
}

function findingsBySeverity(findings: Finding[]): string {
  const groups = SEVERITIES.slice().reverse().map((sev) => {
    const group = findings.filter((f) => f.severity === sev);
    return group.length === 0 ? '' : `<h2 class="sev-${sev}">${sev} (${group.length})</h2>\n${group.map(findingHtml).join('\n')}`;
  });
  return `<section id="findings"><h2>Findings</h2>
<p class="controls">${SEVERITIES.slice().reverse().map((s) => `<label><input type="checkbox" class="sev-filter" value="${s}" checked> ${s}</label>`).join(' ')}
<input type="search" id="search" placeholder="filter by name, hash, reason"></p>
${groups.join('\n')}</section>`;
}

/** Certificates on the left, the servers that presented them on the right, an edge per presentation. */
function reuseGraph(findings: Finding[]): string {
  const certs = findings.filter((f) => f.sightings.servers.length > 0).slice(0, MAX_GRAPH_CERTS);
  const servers = [...new Set(certs.flatMap((f) => f.sightings.servers))];
  if (certs.length === 0) return '<section id="reuse"><h2>Certificate reuse</h2><p>No certificate was seen on a server.</p></section>';
  const rowH = 22;
  const height = Math.max(certs.length, servers.length) * rowH + 20;
  const y = (i: number, n: number) => 20 + i * rowH + ((Math.max(certs.length, servers.length) - n) * rowH) / 2;
  const edges = certs.flatMap((f, i) => f.sightings.servers.map((srv) => {
    const j = servers.indexOf(srv);
    return `<line x1="330" y1="${y(i, certs.length) - 4}" x2="570" y2="${y(j, servers.length) - 4}" stroke="${COLOURS[f.severity]}" stroke-opacity="0.6"><title>${e(shortName(f))} on ${e(srv)}</title></line>`;
  }));
  const certNodes = certs.map((f, i) => `<g class="node"><circle cx="330" cy="${y(i, certs.length) - 4}" r="5" fill="${COLOURS[f.severity]}"/><text x="320" y="${y(i, certs.length)}" text-anchor="end"><a href="#f-${e(f.sha256)}">${e(shortName(f).slice(0, 40))}</a> (${f.sightings.distinctServers})</text></g>`);
  const serverNodes = servers.map((srv, j) => `<g class="node"><circle cx="570" cy="${y(j, servers.length) - 4}" r="4" fill="#455a64"/><text x="580" y="${y(j, servers.length)}">${e(srv)}</text></g>`);
  const more = findings.length > certs.length ? `<p>${findings.length - certs.length} more findings not drawn.</p>` : '';
  return `<section id="reuse"><h2>Certificate reuse</h2><p>Each line is a certificate presented by a server; a certificate with many lines is reused.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${height}" role="img" aria-label="certificate to server graph">${edges.join('')}${certNodes.join('')}${serverNodes.join('')}</svg>${more}</section>`;
}

/** One bar per finding from its first to its last sighting, on one time axis. */
function timeline(findings: Finding[]): string {
  const shown = findings.slice(0, MAX_TIMELINE).sort((a, b) => timestampMs(a.sightings.first) - timestampMs(b.sightings.first));
  if (shown.length === 0) return '<section id="timeline"><h2>Timeline</h2><p>Nothing to draw.</p></section>';
  const start = Math.min(...shown.map((f) => timestampMs(f.sightings.first)));
  const end = Math.max(...shown.map((f) => timestampMs(f.sightings.last)));
  const span = Math.max(end - start, 1000);
  const x = (ms: number) => 260 + ((ms - start) / span) * 600;
  const rowH = 16;
  const bars = shown.map((f, i) => {
    const x1 = x(timestampMs(f.sightings.first));
    const x2 = Math.max(x(timestampMs(f.sightings.last)), x1 + 3);
    const yy = 30 + i * rowH;
    return `<g><text x="250" y="${yy + 10}" text-anchor="end">${e(shortName(f).slice(0, 36))}</text><rect x="${x1.toFixed(1)}" y="${yy}" width="${(x2 - x1).toFixed(1)}" height="11" fill="${COLOURS[f.severity]}"><title>${e(shortName(f))}: ${e(isoTimestamp(f.sightings.first))} → ${e(isoTimestamp(f.sightings.last))}</title></rect></g>`;
  });
  const axis = `<text x="260" y="18">${e(new Date(start).toISOString())}</text><text x="860" y="18" text-anchor="end">${e(new Date(start + span).toISOString())}</text>`;
  return `<section id="timeline"><h2>Timeline</h2><p>First to last sighting of each finding.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${40 + shown.length * rowH}" role="img" aria-label="timeline">${axis}${bars.join('')}</svg></section>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#212121}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;word-break:break-all;background:#f5f5f5;padding:.5em}
.counts{display:flex;gap:1em;list-style:none;padding:0}.counts li{padding:.3em .8em;border-radius:4px;color:#fff}
.finding{border-left:6px solid;padding:.2em 1em;margin:1em 0;background:#fafafa}.finding table{border-collapse:collapse}
.finding th{text-align:left;padding-right:1em;vertical-align:top;font-weight:600}.finding td{word-break:break-all}
.badge{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:12px;text-transform:uppercase}
.signals{padding-left:1em}.signals li{margin:.3em 0;list-style:none}svg text{font-size:11px}.controls label{margin-right:1em}
${SEVERITIES.map((s) => `.badge.sev-${s},.counts .sev-${s}{background:${COLOURS[s]}}.finding.sev-${s}{border-color:${COLOURS[s]}}h2.sev-${s}{color:${COLOURS[s]}}`).join('\n')}`;

const SCRIPT = `(function(){var boxes=document.querySelectorAll('.sev-filter'),q=document.getElementById('search');
function apply(){var on={};boxes.forEach(function(b){on[b.value]=b.checked});var t=(q.value||'').toLowerCase();
document.querySelectorAll('article.finding').forEach(function(a){a.hidden=!on[a.dataset.severity]||(t&&a.textContent.toLowerCase().indexOf(t)<0)})}
boxes.forEach(function(b){b.addEventListener('change',apply)});q.addEventListener('input',apply);})();`;

export function htmlReport(findings: readonly Finding[], info: ReportInfo): string {
  const sorted = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.score - a.score);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>certhound report ${e(info.generated.toISOString())}</title><style>${STYLE}</style></head>
<body><h1>certhound report</h1>
<nav><a href="#summary">summary</a> · <a href="#findings">findings</a> · <a href="#reuse">reuse graph</a> · <a href="#timeline">timeline</a></nav>
${summary(sorted, info)}
${findingsBySeverity(sorted)}
${reuseGraph(sorted)}
${timeline(sorted)}
<script>${SCRIPT}</script></body></html>
`;
}
