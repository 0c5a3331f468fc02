/**
 * A certificate as a generator makes it when nobody changes the defaults: OpenSSL's default DN, makecert, Java
 * keytool's extension shape, and C2 frameworks (Cobalt Strike, Metasploit, Sliver, Covenant, Empire, PoshC2, Mythic).
 * The facts and their sources are in `baselines/reference/c2-defaults.json`.
 */
import { matchesTool } from '../reference/tool-match';
import { makeSignal } from '../signal';
import { SEVERITY_RANK, type Detector, type Severity } from '../types';

export const toolDefault: Detector = {
  id: 'tool-default',
  group: 'tooling',
  class: 'attack',
  severity: 'high',
  weight: 40,
  description: 'names, serial or extension shape of a certificate tool\'s or C2 framework\'s default certificate',
  evaluate(ctx) {
    const hits = ctx.reference.tools.filter((t) => matchesTool(ctx.facts, t.match));
    if (hits.length === 0) return null;
    let severity: Severity = 'info';
    for (const h of hits) if (SEVERITY_RANK[h.severity] > SEVERITY_RANK[severity]) severity = h.severity;
    const tools = [...new Set(hits.map((h) => h.tool))];
    return makeSignal(
      toolDefault,
      ctx,
      `${tools.join(' + ')} default: ${hits.map((h) => h.description).join('; ')}`,
      { tools, matches: hits.map((h) => h.id), subject: ctx.facts.subject.rfc4514, serial: ctx.facts.serial },
      severity,
    );
  },
};
