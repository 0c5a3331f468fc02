/**
 * One leaf certificate presented by at least `reuseThreshold` distinct servers counted across every run the
 * baseline holds, and known from an earlier run: infrastructure that rotates addresses but keeps its certificate
 * (reused-certificate sees only the current input). Trusted chains are CDNs far more often: info.
 */
import { isTrusted, shortList } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const reusedAcrossRuns: Detector = {
  id: 'reused-across-runs',
  group: 'reuse',
  class: 'exposure',
  severity: 'medium',
  weight: 20,
  description: 'one leaf on at least `reuseThreshold` distinct servers across the baseline\'s runs, seen in an earlier run',
  evaluate(ctx) {
    const h = ctx.history;
    const threshold = ctx.config.reuseThreshold;
    if (!h || h.firstSeenEver || ctx.position !== 0 || h.serverTotal < threshold) return null;
    const servers = h.servers.map((s) => {
      const bar = s.lastIndexOf('|');
      const ip = s.slice(0, bar);
      return `${ip.includes(':') ? `[${ip}]` : ip}:${s.slice(bar + 1)}`;
    });
    return makeSignal(
      reusedAcrossRuns,
      ctx,
      `same certificate on ${h.serverTotal} distinct servers across runs (threshold ${threshold}): ${shortList(servers)}`,
      { servers: h.serverTotal, threshold, thisRun: ctx.reuse.servers, addresses: servers },
      isTrusted(ctx) ? 'info' : 'medium',
    );
  },
};
