/**
 * The presented chain does not lead to a root trusted at the time, or one of its signatures fails. Exposure only:
 * the certificate whose signature failed carries the attack evidence (`bad-signature`, `self-issued-bad-signature`).
 * Medium on the certificate served (position 0), low on the CA certificates above it.
 */
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const untrustedChain: Detector = {
  id: 'untrusted-chain',
  group: 'trust',
  class: 'exposure',
  severity: 'medium',
  weight: 15,
  description: 'no path to a Mozilla-trusted root (or a signature on the path fails)',
  evaluate(ctx) {
    const { verdict, reason, anchor } = ctx.trust;
    if (verdict !== 'untrusted' && verdict !== 'bad-signature') return null;
    const evidence: Record<string, string> = { verdict, reason };
    if (anchor) evidence.anchor = anchor;
    // The served certificate carries the chain's exposure; the CAs above it are reported as context.
    const severity = ctx.position > 0 ? 'low' : 'medium';
    if (verdict === 'bad-signature') return makeSignal(untrustedChain, ctx, `chain signature does not verify: ${reason}`, evidence, severity);
    return makeSignal(untrustedChain, ctx, `chain does not lead to a trusted root: ${reason}`, evidence, severity);
  },
};
