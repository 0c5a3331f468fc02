/**
 * A leaf valid longer than publicly trusted CAs may issue (CA/B Forum Baseline Requirements §6.3.2: 398 days for
 * certificates issued on or after 2020-09-01). Tool defaults run to 10 years (PoshC2) or more.
 */
import { MS_PER_DAY, isLeaf, isTrusted, isoMs } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

/** Before this date publicly trusted leaves could legally run to 825 days or longer. */
const BR_398_DAYS_FROM_MS = Date.UTC(2020, 8, 1);

export const validityTooLong: Detector = {
  id: 'validity-too-long',
  group: 'time',
  class: 'hygiene',
  severity: 'low',
  weight: 10,
  description: 'leaf validity longer than `maxLeafValidityDays` (398)',
  evaluate(ctx) {
    if (!isLeaf(ctx)) return null;
    const from = isoMs(ctx.facts.notBefore);
    const to = isoMs(ctx.facts.notAfter);
    if (Number.isNaN(from) || Number.isNaN(to)) return null;
    const days = Math.floor((to - from) / MS_PER_DAY);
    if (days <= ctx.config.maxLeafValidityDays) return null;
    const legacy = isTrusted(ctx) && from < BR_398_DAYS_FROM_MS;
    return makeSignal(
      validityTooLong,
      ctx,
      `leaf valid for ${days} days (${ctx.facts.notBefore} → ${ctx.facts.notAfter}), limit ${ctx.config.maxLeafValidityDays}`,
      { days, limit: ctx.config.maxLeafValidityDays, notBefore: ctx.facts.notBefore, notAfter: ctx.facts.notAfter },
      legacy ? 'info' : 'low',
    );
  },
};
