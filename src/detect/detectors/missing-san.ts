/** A leaf without subjectAltName: browsers have ignored the CN since 2017 (RFC 6125 §6.4.4), so only tools omit it. */
import { isLeaf } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const missingSan: Detector = {
  id: 'missing-san',
  group: 'naming',
  class: 'hygiene',
  severity: 'low',
  weight: 5,
  description: 'leaf certificate without any subjectAltName entry',
  evaluate(ctx) {
    if (!isLeaf(ctx)) return null;
    const { dns, ip, email, uri } = ctx.facts.san;
    if (dns.length + ip.length + email.length + uri.length > 0) return null;
    return makeSignal(missingSan, ctx, `leaf '${ctx.facts.subject.rfc4514 || '(empty subject)'}' has no subjectAltName`, {
      subject: ctx.facts.subject.rfc4514,
    });
  },
};
