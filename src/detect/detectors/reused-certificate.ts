/**
 * One certificate (same SHA-256) presented by many distinct servers or for many SNIs in the input: shared attacker
 * infrastructure (Gamaredon reused one certificate across clusters). Trusted chains are CDNs far more often: info.
 */
import { isTrusted } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const reusedCertificate: Detector = {
  id: 'reused-certificate',
  group: 'reuse',
  class: 'exposure',
  severity: 'medium',
  weight: 20,
  description: 'one certificate on at least `reuseThreshold` distinct server addresses or SNIs',
  evaluate(ctx) {
    const { servers, serverNames } = ctx.reuse;
    const threshold = ctx.config.reuseThreshold;
    if (servers < threshold && serverNames < threshold) return null;
    const addresses = [...new Set(ctx.sightings.map((s) => s.server.ip))];
    const names = [...new Set(ctx.sightings.flatMap((s) => (s.serverName ? [s.serverName] : [])))];
    return makeSignal(
      reusedCertificate,
      ctx,
      `same certificate on ${servers} servers and ${serverNames} SNIs (threshold ${threshold}): ${addresses.slice(0, 3).join(', ')}`,
      { servers, serverNames, threshold, addresses, names },
      isTrusted(ctx) ? 'info' : 'medium',
    );
  },
};
