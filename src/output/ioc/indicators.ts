/**
 * What every IOC export shares: the findings worth exporting (at or above a severity, not suppressed), collected as
 * they stream in (the last version of each finding wins; bounded), and the attribution a finding carries (tool names
 * from `tool-default` evidence).
 */
import { SEVERITY_RANK, type Finding, type Severity } from '../../detect/types';

/**
 * Findings an export holds at most (each keeps its certificate's facts and kept sightings, a few KiB): past this,
 * further findings are counted, not kept. An indicator list or a report of more serves no one.
 */
export const MAX_EXPORTED = 20_000;

/** The latest version of each finding worth exporting, in first-seen order. */
export class ExportSet {
  private readonly byKey = new Map<string, Finding>();
  dropped = 0;

  /** `keepSuppressed`: a report shows silenced findings (at info) when asked to; an IOC export never lists them. */
  constructor(private readonly minSeverity: Severity, private readonly keepSuppressed = false, private readonly max = MAX_EXPORTED) {}

  /** Takes a finding as first judged or as updated; one below the severity (or suppressed) leaves the set. */
  add(f: Finding): void {
    const key = f.sha256;
    if ((f.suppressed && !this.keepSuppressed) || SEVERITY_RANK[f.severity] < SEVERITY_RANK[this.minSeverity]) {
      this.byKey.delete(key);
      return;
    }
    if (!this.byKey.has(key) && this.byKey.size >= this.max) {
      this.dropped++;
      return;
    }
    this.byKey.set(key, f);
  }

  get findings(): Finding[] {
    return [...this.byKey.values()];
  }
}

/** A tool a finding's `tool-default` signal names, and whether it is a malware family (a RAT builder's) or a dual-use tool. */
export interface Attribution {
  readonly name: string;
  readonly malware: boolean;
}

/** Tools named by a finding's `tool-default` signal; a RAT builder's kind (evidence `kinds`) makes them malware. */
export function attributionsOf(f: Finding): Attribution[] {
  const out = new Map<string, Attribution>();
  for (const s of f.signals) {
    if (s.id !== 'tool-default') continue;
    const tools = Array.isArray(s.evidence.tools) ? s.evidence.tools : typeof s.evidence.tools === 'string' ? [s.evidence.tools] : [];
    const kinds = Array.isArray(s.evidence.kinds) ? s.evidence.kinds : [];
    const allRat = kinds.length > 0 && kinds.every((k) => k === 'rat');
    for (const name of tools) out.set(name, { name, malware: allRat || (kinds.includes('rat') && /rat\b/i.test(name)) });
  }
  return [...out.values()];
}

/** One line saying why a finding is exported: severity, subject, the reasons of its worst signals. */
export function describe(f: Finding, maxReasons = 3): string {
  const reasons = f.signals.filter((s) => s.severity !== 'info').slice(0, maxReasons).map((s) => s.reason);
  return `certhound ${f.severity} ${f.score}: ${f.facts.subject || '(empty subject)'}${reasons.length ? ` — ${reasons.join('; ')}` : ''}`;
}

/** Leaf servers a finding was presented by (addresses only), for address indicators. */
export function serverAddresses(f: Finding): string[] {
  if (f.position > 0) return [];
  return [...new Set(f.sightings.kept.filter((s) => s.role === 'server').map((s) => s.server.ip))];
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;

/** Domains a finding's evidence says are a brand's own (a brand-domain claim), not a look-alike's. */
function genuineBrandDomains(f: Finding): string[] {
  return f.signals.flatMap((s) => (s.evidence.brand !== undefined && s.evidence.imitates === undefined && Array.isArray(s.evidence.names)
    ? s.evidence.names.map((n) => n.toLowerCase().replace(/^\*\./, ''))
    : []));
}

/** An interception proxy's certificate is made for the sites its victims visit: their names are no indicator. */
function intercepts(f: Finding): boolean {
  return f.signals.some((s) => s.id === 'tool-default' && Array.isArray(s.evidence.kinds) && s.evidence.kinds.includes('interception'));
}

/**
 * SNIs a leaf was served for that are host names, less those that are someone else's: a brand's own domain the
 * certificate claims, or any site an interception proxy's certificate stands in for.
 */
export function attackerDomains(f: Finding): string[] {
  if (f.position > 0 || intercepts(f)) return [];
  const brands = genuineBrandDomains(f);
  const isBrand = (name: string) => brands.some((b) => name === b || name.endsWith(`.${b}`));
  return [...new Set(f.sightings.serverNames.filter((n) => HOST_NAME.test(n) && !isBrand(n.toLowerCase())))];
}
