/**
 * The certificate names an issuer, and that issuer's key (a presented CA or a trust anchor of that name) does not
 * verify its signature: another key under the same name signed it. Attack evidence at medium: a forger copies a
 * CA's name, but so does a private CA left at a tool's default name; other evidence decides which.
 * Self-issued certificates are `self-issued-bad-signature`'s.
 */
import { dnText } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const badSignature: Detector = {
  id: 'bad-signature',
  group: 'identity',
  class: 'attack',
  severity: 'medium',
  weight: 25,
  description: 'the key of the issuer it names (presented CA or trust anchor) does not verify its signature',
  evaluate(ctx) {
    const f = ctx.facts;
    if (ctx.trust.failedAt !== f.sha256) return null;
    if (f.selfIssued && f.selfSignatureValid === false) return null;
    return makeSignal(badSignature, ctx, `issuer '${dnText(f.issuer)}' has another key: ${ctx.trust.reason}`, {
      issuer: f.issuer.rfc4514, signatureAlgorithm: f.signatureAlgorithm.name, reason: ctx.trust.reason,
    });
  },
};
