/** notBefore only hours before the first sighting: made for this operation (or a fresh ACME certificate). */
import { MS_PER_HOUR, isTrusted, isoMs, isoOf, timestampMs } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const freshCertificate: Detector = {
  id: 'fresh-certificate',
  group: 'time',
  class: 'exposure',
  severity: 'medium',
  weight: 10,
  description: 'notBefore within `freshHours` before the first sighting',
  evaluate(ctx) {
    if (ctx.position !== 0 || ctx.sightingCount === 0) return null;
    const notBefore = isoMs(ctx.facts.notBefore);
    if (Number.isNaN(notBefore)) return null;
    const ageMs = timestampMs(ctx.firstSeen) - notBefore;
    if (ageMs < 0 || ageMs > ctx.config.freshHours * MS_PER_HOUR) return null;
    const hours = Math.round((ageMs / MS_PER_HOUR) * 10) / 10;
    return makeSignal(
      freshCertificate,
      ctx,
      `first seen ${hours} h after notBefore ${ctx.facts.notBefore} (window ${ctx.config.freshHours} h)`,
      { notBefore: ctx.facts.notBefore, firstSeen: isoOf(ctx.firstSeen), ageHours: hours },
      isTrusted(ctx) ? 'low' : 'medium',
    );
  },
};
