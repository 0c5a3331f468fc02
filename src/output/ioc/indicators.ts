/**
 * What every IOC export shares: the findings worth exporting (at or above a severity, not suppressed), collected as
 * they stream in (the last version of each finding wins; bounded), and the attribution a finding carries (tool names
 * from `tool-default` evidence).
 */
import { SEVERITY_RANK, type Finding, type Severity } from '../../detect/types';

/** Findings an export holds at most: past this, further findings are counted, not kept. */
export const MAX_EXPORTED = 100_000;

/** The latest version of each finding worth exporting, in first-seen order. */
export class ExportSet {
  private readonly byKey = new Map<string, Finding>();
  dropped = 0;

  constructor(private readonly minSeverity: Severity, private readonly max = MAX_EXPORTED) {}

  /** Takes a finding as first judged or as updated; one below the severity (or suppressed) leaves the set. */
  add(f: Finding): void {
    const key = f.sha256;
    if (f.suppressed || SEVERITY_RANK[f.severity] < SEVERITY_RANK[this.minSeverity]) {
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

/** Tools named by a finding's `tool-default` signal. */
export function toolsOf(f: Finding): string[] {
  const names = new Set<string>();
  for (const s of f.signals) {
    if (s.id !== 'tool-default') continue;
    const tools = s.evidence.tools;
    if (Array.isArray(tools)) tools.forEach((t) => names.add(t));
    else if (typeof tools === 'string') names.add(tools);
  }
  return [...names];
}

/** Remote-access trojans and other malware families (not dual-use tools), by name. */
export function isMalwareFamily(tool: string): boolean {
  return /rat\b|\brat|trojan|bot\b|stealer|loader/i.test(tool);
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

/**
 * SNIs a leaf was served for that are host names, when no signal says the name belongs to someone the certificate
 * impersonates or intercepts (a brand's own domain is no indicator of the attacker).
 */
export function attackerDomains(f: Finding): string[] {
  if (f.position > 0 || f.signals.some((s) => /impersonat|intercept|brand/.test(s.id))) return [];
  return [...new Set(f.sightings.serverNames.filter((n) => HOST_NAME.test(n)))];
}
