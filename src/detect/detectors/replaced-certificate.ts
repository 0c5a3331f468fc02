/**
 * A server or SNI that presented other certificates before (baseline history) presents this one now. Routine
 * renewals happen on trusted chains (low); a known place suddenly serving an untrusted certificate is how an
 * interception or a hijacked host looks (medium).
 */
import { isTrusted, shortList } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const replacedCertificate: Detector = {
  id: 'replaced-certificate',
  group: 'history',
  severity: 'medium',
  weight: 15,
  description: 'a server or SNI known from the baseline presented a different certificate before',
  evaluate(ctx) {
    const replaced = ctx.history?.replaced ?? [];
    if (ctx.position !== 0 || replaced.length === 0) return null;
    const places = replaced.map((r) => r.place);
    const previous = [...new Set(replaced.flatMap((r) => r.previous))];
    return makeSignal(
      replacedCertificate,
      ctx,
      `replaces ${previous.length} earlier certificate(s) at ${shortList(places)}`,
      { places, previous },
      isTrusted(ctx) ? 'low' : 'medium',
    );
  },
};
