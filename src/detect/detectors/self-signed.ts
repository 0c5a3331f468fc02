/** A certificate signed by its own key (subject = issuer, signature verified) outside a trusted chain. */
import { dnText, isLeaf, isTrusted } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const selfSigned: Detector = {
  id: 'self-signed',
  group: 'trust',
  class: 'exposure',
  severity: 'medium',
  weight: 20,
  description: 'subject equals issuer and the signature verifies under the certificate\'s own key, outside a trusted chain',
  evaluate(ctx) {
    const f = ctx.facts;
    if (!f.selfIssued) return null;
    if (f.selfSignatureValid === undefined) {
      if (!isLeaf(ctx)) return null;
      return makeSignal(selfSigned, ctx, `self-issued leaf '${dnText(f.subject)}': signature not verifiable from Zeek logs`, { subject: f.subject.rfc4514, verified: false }, 'info');
    }
    // A root that anchors a trusted chain is self-signed by design.
    if (!f.selfSignatureValid || isTrusted(ctx)) return null;
    const leaf = isLeaf(ctx);
    return makeSignal(
      selfSigned,
      ctx,
      `self-signed ${leaf ? 'leaf' : 'CA'} '${dnText(f.subject)}' (signature verified with its own key)`,
      { subject: f.subject.rfc4514, position: ctx.position, verified: true },
      leaf ? 'medium' : 'low',
    );
  },
};
