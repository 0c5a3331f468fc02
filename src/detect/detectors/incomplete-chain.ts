/**
 * An issuer is missing from the presented chain and from the roots: often a misconfigured server, so kept apart from
 * `untrusted-chain` and low.
 */
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const incompleteChain: Detector = {
  id: 'incomplete-chain',
  group: 'trust',
  class: 'exposure',
  severity: 'low',
  weight: 5,
  description: 'an issuer is missing from the presented chain and from the trusted roots',
  evaluate(ctx) {
    if (ctx.trust.verdict !== 'incomplete') return null;
    return makeSignal(incompleteChain, ctx, `chain incomplete: ${ctx.trust.reason}`, {
      verdict: 'incomplete', reason: ctx.trust.reason, issuer: ctx.facts.issuer.rfc4514,
    });
  },
};
