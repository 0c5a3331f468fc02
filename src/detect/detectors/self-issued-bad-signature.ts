/**
 * Subject equals issuer but the certificate's own key does not verify its signature: a copy of a CA's name signed by
 * someone else, or a tampered certificate. (RFC 5280 §3.2 key-rollover certificates are self-issued but signed by the
 * old key; inside a trusted chain they stay quiet.)
 */
import { dnText } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const selfIssuedBadSignature: Detector = {
  id: 'self-issued-bad-signature',
  group: 'trust',
  severity: 'high',
  weight: 35,
  description: 'subject equals issuer but the signature does not verify under the certificate\'s own key',
  evaluate(ctx) {
    const f = ctx.facts;
    if (!f.selfIssued || f.selfSignatureValid !== false || ctx.trust.verdict === 'trusted') return null;
    return makeSignal(
      selfIssuedBadSignature,
      ctx,
      `self-issued '${dnText(f.subject)}' is not signed by its own key (${f.signatureAlgorithm.name})`,
      { subject: f.subject.rfc4514, signatureAlgorithm: f.signatureAlgorithm.name, position: ctx.position },
    );
  },
};
