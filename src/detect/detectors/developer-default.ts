/**
 * A developer's or administrator's default (OpenSSL's `req` DN, mkcert, Java keytool, makecert, Go's generate_cert):
 * common on private servers and test rigs, so never attack evidence on its own, at most `low`. The facts and sources
 * are the `developer` entries of `baselines/reference/c2-defaults.json`.
 */
import { sourceLabel, toolHits, toolNames } from '../reference/tool-hits';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const developerDefault: Detector = {
  id: 'developer-default',
  group: 'naming',
  class: 'hygiene',
  severity: 'low',
  weight: 5,
  description: "a developer or admin tool's default certificate (OpenSSL req, mkcert, keytool, makecert): benign-leaning",
  evaluate(ctx) {
    const hits = toolHits(ctx.facts, ctx.reference.tools, true);
    if (hits.length === 0) return null;
    const best = hits[0];
    return makeSignal(
      developerDefault,
      ctx,
      `${best.description}: ${best.tools.join(' / ')} default (${sourceLabel(best.sources)}), a developer default, not attack evidence on its own`,
      { tools: toolNames(hits), matches: hits.map((h) => h.id), subject: ctx.facts.subject.rfc4514 },
      best.severity,
    );
  },
};
