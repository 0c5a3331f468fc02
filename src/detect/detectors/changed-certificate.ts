/**
 * A server or SNI known from the baseline presents a certificate it never presented before; the signal names the
 * certificate(s) it presented until now. Routine renewals happen on trusted chains (low); a known place suddenly
 * serving an untrusted certificate is how an interception or a hijacked host looks (medium).
 */
import { isTrusted, shortList } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const changedCertificate: Detector = {
  id: 'changed-certificate',
  group: 'history',
  class: 'exposure',
  severity: 'medium',
  weight: 15,
  description: 'a server or SNI known from the baseline presents a certificate it never presented before',
  evaluate(ctx) {
    const replaced = ctx.history?.replaced ?? [];
    if (ctx.position !== 0 || replaced.length === 0) return null;
    const places = replaced.map((r) => r.place);
    const placesTotal = ctx.history?.replacedTotal ?? places.length;
    const where = placesTotal > places.length ? `${shortList(places)} (${placesTotal} places in all)` : shortList(places);
    const bySha = new Map(replaced.flatMap((r) => r.previous).map((p) => [p.sha256, p.subject]));
    const previous = [...bySha.keys()];
    const subjects = [...bySha.values()];
    const named = subjects[0] ? `${previous[0]} (${subjects[0]})` : previous[0];
    return makeSignal(
      changedCertificate,
      ctx,
      `new certificate at ${where}; it presented ${named}${previous.length > 1 ? ` and ${previous.length - 1} other(s)` : ''} before`,
      { places, placesTotal, previous, previousSubjects: subjects },
      isTrusted(ctx) ? 'low' : 'medium',
    );
  },
};
