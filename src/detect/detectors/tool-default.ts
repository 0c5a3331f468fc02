/**
 * A certificate as an offensive tool makes it when nobody changes the defaults: C2 frameworks, RAT builders,
 * interception proxies and phishing kits, each shape read from the tool's own code (or public descriptions for
 * closed tools), and the C2 certificates malware families make the way published analyses describe (IcedID, Ursnif). The facts, versions and sources are in `baselines/reference/c2-defaults.json`; developer and admin
 * defaults (OpenSSL, mkcert, keytool, makecert) are `developer-default`'s.
 */
import { sourceLabel, toolHits, toolNames } from '../reference/tool-hits';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const toolDefault: Detector = {
  id: 'tool-default',
  group: 'tooling',
  class: 'attack',
  severity: 'high',
  weight: 40,
  description: "a C2 framework's, RAT builder's, interception proxy's or phishing kit's default certificate, or a malware family's C2 certificate (names, serial, key and extension shape)",
  evaluate(ctx) {
    const hits = toolHits(ctx.facts, ctx.reference.tools, false);
    if (hits.length === 0) return null;
    const best = hits[0];
    const tools = toolNames(hits);
    // Malware makes its C2 certificates itself: the shape is the family's, not a setting someone left alone.
    const what = best.kind === 'malware' ? 'C2 certificate' : 'default';
    const also = hits.length > 1 ? `; also ${hits.slice(1).map((h) => h.id).join(', ')}` : '';
    return makeSignal(
      toolDefault,
      ctx,
      `${best.description}: ${best.tools.join(' / ')} ${what} (${best.versions}; ${sourceLabel(best.sources)})${also}`,
      {
        tools,
        matches: hits.map((h) => h.id),
        kinds: [...new Set(hits.map((h) => h.kind))],
        confidence: best.confidence,
        source: sourceLabel(best.sources),
        subject: ctx.facts.subject.rfc4514,
        serial: ctx.facts.serial,
      },
      best.severity,
    );
  },
};
