/** A leaf named for an IP address or a local-only host name (`localhost`, `*.local`): made for one box, not a service. */
import { isLeaf, isTrusted, shortList } from '../cert-helpers';
import { parseIp } from '../cidr';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

/** Names that only resolve on the local machine or network (RFC 6761 §6.3, RFC 6762 §3). */
const LOCAL_NAME = /^(localhost|localhost\.localdomain|.*\.localhost|.*\.local|.*\.localdomain)\.?$/i;

export const ipOrLocalhostName: Detector = {
  id: 'ip-or-localhost-name',
  group: 'naming',
  class: 'hygiene',
  severity: 'low',
  weight: 5,
  description: 'leaf whose CN or SAN is an IP address or a local-only name such as localhost',
  evaluate(ctx) {
    if (!isLeaf(ctx)) return null;
    const f = ctx.facts;
    const hits: string[] = [...f.san.ip];
    for (const name of [f.subject.commonName ?? '', ...f.san.dns]) {
      if (name && (LOCAL_NAME.test(name) || parseIp(name)) && !hits.includes(name)) hits.push(name);
    }
    if (hits.length === 0) return null;
    return makeSignal(ipOrLocalhostName, ctx, `leaf named for an address or local host: ${shortList(hits)}`, { names: hits }, isTrusted(ctx) ? 'info' : 'low');
  },
};
