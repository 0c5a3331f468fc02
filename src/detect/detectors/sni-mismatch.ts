/** The SNI the client asked for is not a name the served leaf covers (RFC 6125 §6.4 matching). */
import { claimedHostNames, isTrusted, nameCovers, shortList } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const sniMismatch: Detector = {
  id: 'sni-mismatch',
  group: 'naming',
  class: 'exposure',
  severity: 'medium',
  weight: 10,
  description: 'a server leaf that covers none of the SNIs it was presented for',
  evaluate(ctx) {
    if (ctx.position !== 0) return null;
    const names = claimedHostNames(ctx.facts);
    const missed = new Set<string>();
    for (const s of ctx.sightings) {
      if (s.role !== 'server' || s.position !== 0 || !s.serverName) continue;
      const sni = s.serverName;
      if (!names.some((n) => nameCovers(n, sni))) missed.add(sni.toLowerCase());
    }
    if (missed.size === 0) return null;
    const list = [...missed];
    return makeSignal(
      sniMismatch,
      ctx,
      `SNI ${shortList(list)} not covered by the certificate's names (${names.length ? shortList(names) : 'none'})`,
      { serverNames: list, certificateNames: names },
      isTrusted(ctx) ? 'low' : 'medium',
    );
  },
};
