/** Weak keys and signatures: small or short RSA, DSA, MD5/SHA-1 signatures. Hygiene: poor practice, not an attack. */
import { BROKEN_RSA_BITS, MD5_OR_WEAKER_SIGNATURES, MIN_RSA_EXPONENT, SHA1_SIGNATURES } from '../consts';
import { isTrusted } from '../cert-helpers';
import { makeSignal } from '../signal';
import { SEVERITY_RANK, type Detector, type Severity } from '../types';

export const weakCrypto: Detector = {
  id: 'weak-crypto',
  group: 'crypto',
  class: 'hygiene',
  severity: 'medium',
  weight: 15,
  description: 'RSA below `minRsaBits` or with a small exponent, DSA keys, MD5 or SHA-1 signatures',
  evaluate(ctx) {
    const f = ctx.facts;
    // A CA above the served certificate is the chain's context (a once-trusted 1024-bit root): low, as on a trusted chain.
    const trusted = isTrusted(ctx) || ctx.position > 0;
    const problems: string[] = [];
    let severity: Severity = 'info';
    const raise = (to: Severity, problem: string): void => {
      problems.push(problem);
      if (SEVERITY_RANK[to] > SEVERITY_RANK[severity]) severity = to;
    };
    const k = f.publicKey;
    if ((k.type === 'rsa' || k.type === 'rsa-pss') && k.bits !== undefined && k.bits < ctx.config.minRsaBits) {
      raise(k.bits < BROKEN_RSA_BITS ? 'medium' : trusted ? 'low' : 'medium', `RSA ${k.bits} bits`);
    }
    if (k.rsaExponent !== undefined && k.rsaExponent < MIN_RSA_EXPONENT) raise(trusted ? 'low' : 'medium', `RSA exponent ${k.rsaExponent}`);
    if (k.type === 'dsa') raise(trusted ? 'low' : 'medium', `DSA key${k.bits ? ` ${k.bits} bits` : ''}`);
    // A root's self-signature is never checked by clients (they trust the root or not); only signatures relied on count.
    const anchorSelfSignature = f.selfIssued && ctx.position > 0;
    if (!anchorSelfSignature) {
      const oid = f.signatureAlgorithm.oid;
      if (MD5_OR_WEAKER_SIGNATURES.has(oid)) raise(trusted ? 'low' : 'medium', `${f.signatureAlgorithm.name} signature`);
      // SHA-1 was the norm until 2016 (genuine old captures are full of it); on its own it says little about intent.
      else if (SHA1_SIGNATURES.has(oid)) raise('low', `${f.signatureAlgorithm.name} signature`);
    }
    if (problems.length === 0) return null;
    return makeSignal(weakCrypto, ctx, `weak crypto: ${problems.join(', ')}`, {
      problems, keyType: k.type, keyBits: k.bits ?? 0, signatureAlgorithm: f.signatureAlgorithm.name,
    }, severity);
  },
};
