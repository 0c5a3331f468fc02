/** Presented after its notAfter, judged at the last sighting (never at today's date). */
import { isoMs, isoOf, timestampMs } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const expired: Detector = {
  id: 'expired',
  group: 'time',
  class: 'hygiene',
  severity: 'low',
  weight: 5,
  description: 'notAfter earlier than the last sighting',
  evaluate(ctx) {
    const notAfter = isoMs(ctx.facts.notAfter);
    const seen = timestampMs(ctx.lastSeen);
    if (Number.isNaN(notAfter) || seen <= notAfter) return null;
    const days = Math.floor((seen - notAfter) / 86_400_000);
    return makeSignal(expired, ctx, `expired ${ctx.facts.notAfter}, seen ${isoOf(ctx.lastSeen)} (${days} days later)`, {
      notAfter: ctx.facts.notAfter, lastSeen: isoOf(ctx.lastSeen), daysExpired: days,
    });
  },
};
