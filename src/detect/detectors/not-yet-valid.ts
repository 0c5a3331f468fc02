/** Presented before its notBefore (judged at the first sighting): a post-dated or pre-made certificate, or a skewed clock. */
import { isoMs, isoOf, timestampMs } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const notYetValid: Detector = {
  id: 'not-yet-valid',
  group: 'time',
  class: 'exposure',
  severity: 'medium',
  weight: 10,
  description: 'notBefore later than the first sighting',
  evaluate(ctx) {
    const notBefore = isoMs(ctx.facts.notBefore);
    const seen = timestampMs(ctx.firstSeen);
    if (Number.isNaN(notBefore) || seen >= notBefore) return null;
    const hours = Math.round((notBefore - seen) / 3_600_000);
    return makeSignal(notYetValid, ctx, `seen ${isoOf(ctx.firstSeen)}, ${hours} h before notBefore ${ctx.facts.notBefore}`, {
      notBefore: ctx.facts.notBefore, firstSeen: isoOf(ctx.firstSeen), hoursEarly: hours,
    });
  },
};
