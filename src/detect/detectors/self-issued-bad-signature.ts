/**
 * Subject equals issuer but the certificate's own key does not verify its signature: a copy of a CA's name signed by
 * someone else, or a tampered certificate. Two ordinary cases stay low: the next certificate of the presented chain
 * carries the same name and its key verifies the signature (a CA and its leaf both left at a tool's default DN), and
 * RFC 5280 §3.2 key-rollover certificates inside a trusted chain (silent).
 */
import { X509Certificate } from 'node:crypto';
import { dnText } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { CertFacts } from '../../x509/types';
import type { Detector } from '../types';

/** Does `issuer`'s key verify `cert`? Undefined without DER or when Node cannot read either. */
function signedBy(cert: CertFacts, issuer: CertFacts | undefined): boolean | undefined {
  if (!cert.der || !issuer?.der) return undefined;
  try {
    return new X509Certificate(cert.der).verify(new X509Certificate(issuer.der).publicKey);
  } catch {
    return undefined;
  }
}

export const selfIssuedBadSignature: Detector = {
  id: 'self-issued-bad-signature',
  group: 'trust',
  severity: 'high',
  weight: 35,
  description: 'subject equals issuer but the signature does not verify under the certificate\'s own key',
  evaluate(ctx) {
    const f = ctx.facts;
    if (!f.selfIssued || f.selfSignatureValid !== false || ctx.trust.verdict === 'trusted') return null;
    const next = ctx.chainFacts[ctx.position + 1];
    const evidence = { subject: f.subject.rfc4514, signatureAlgorithm: f.signatureAlgorithm.name, position: ctx.position };
    if (next && next.subject.rfc4514 === f.subject.rfc4514 && signedBy(f, next)) {
      return makeSignal(selfIssuedBadSignature, ctx, `subject equals issuer '${dnText(f.subject)}' but a presented CA of the same name signed it (a reused DN)`, { ...evidence, signerSha256: next.sha256 }, 'low');
    }
    return makeSignal(selfIssuedBadSignature, ctx, `self-issued '${dnText(f.subject)}' is not signed by its own key (${f.signatureAlgorithm.name})`, evidence);
  },
};
