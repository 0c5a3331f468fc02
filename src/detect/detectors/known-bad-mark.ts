/** The baseline store holds a `known-bad` mark for this certificate (set by an analyst or imported). */
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const knownBadMark: Detector = {
  id: 'known-bad-mark',
  group: 'history',
  severity: 'critical',
  weight: 100,
  description: 'certificate marked known-bad in the baseline store',
  evaluate(ctx) {
    const mark = ctx.history?.mark;
    if (mark?.kind !== 'known-bad') return null;
    return makeSignal(knownBadMark, ctx, `marked known-bad: ${mark.reason} (${mark.source})`, { reason: mark.reason, source: mark.source, markedAt: new Date(mark.time).toISOString() });
  },
};
