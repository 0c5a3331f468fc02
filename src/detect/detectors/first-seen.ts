/**
 * The certificate was never seen on this network before (absent from a baseline that has learned at least one
 * run). New certificates are everyday events, so alone this is little: info on a trusted chain, low otherwise,
 * where it adds its small weight to what the other detectors found. Silent on an empty baseline, where
 * everything would be new.
 */
import { isTrusted } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const firstSeen: Detector = {
  id: 'first-seen',
  group: 'history',
  class: 'exposure',
  severity: 'low',
  weight: 5,
  description: 'certificate absent from a baseline that has learned at least one run',
  evaluate(ctx) {
    const h = ctx.history;
    if (!h?.learned || !h.firstSeenEver) return null;
    return makeSignal(firstSeen, ctx, 'never seen on this network before', { servers: h.serverTotal }, isTrusted(ctx) ? 'info' : 'low');
  },
};
