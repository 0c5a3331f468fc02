/** The baseline store holds a `known-bad` mark for this certificate (`baseline distrust`, or an imported SSLBL list). */
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const knownBad: Detector = {
  id: 'known-bad',
  group: 'history',
  class: 'attack',
  severity: 'critical',
  weight: 100,
  description: 'certificate marked known-bad in the baseline (analyst or imported list such as abuse.ch SSLBL)',
  evaluate(ctx) {
    const mark = ctx.history?.mark;
    if (mark?.kind !== 'known-bad') return null;
    return makeSignal(knownBad, ctx, `known bad: ${mark.reason} (${mark.source})`, {
      reason: mark.reason,
      source: mark.source,
      markedAt: new Date(mark.time).toISOString(),
    });
  },
};
