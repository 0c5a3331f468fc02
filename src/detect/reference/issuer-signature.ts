/**
 * A leaf that names a reference CA or a public root as its issuer but arrives without that issuer: its signature is
 * checked against the genuine CA's key (`ReferenceData.issuerKeys`). A key identifier can be copied; a signature
 * cannot. The result is kept per certificate, so a leaf seen again is not verified again.
 */
import { certLayout } from '../../x509/cert-layout';
import type { GenuineKey } from '../../x509/genuine-issuer-keys';
import { certificateSignatureValid } from '../../x509/signature';
import type { CertFacts } from '../../x509/types';
import type { CertContext } from '../types';
import type { Claim } from './claim';

export interface IssuerSignature {
  /** Whether a genuine key of the named issuer verifies the signature. */
  readonly valid: boolean;
  /** The issuer's name as the genuine certificate carries it, and where the keys tried come from. */
  readonly name: string;
  readonly sources: readonly string[];
}

const checked = new WeakMap<CertFacts, IssuerSignature | null>();

/**
 * The signature checked under the genuine keys of the issuer the certificate names, or undefined when there is
 * nothing to check: no DER (Zeek logs), a self-issued certificate, an issuer presented in the chain (the chain
 * verdict checks that one), a chain already verified, or an issuer name that is no reference CA or root.
 */
export function genuineIssuerSignature(ctx: CertContext): IssuerSignature | undefined {
  const f = ctx.facts;
  const keyring = ctx.reference.issuerKeys;
  if (!keyring || !f.der || f.selfIssued || ctx.trust.verdict === 'trusted' || ctx.trust.verdict === 'trusted-private') return undefined;
  const presented = ctx.chainFacts[ctx.position + 1];
  if (presented && presented.subject.rfc4514.toLowerCase() === f.issuer.rfc4514.toLowerCase()) return undefined;
  let result = checked.get(f);
  if (result === undefined) {
    result = verify(f.der, keyring.keysFor(f.issuer.rfc4514));
    checked.set(f, result);
  }
  return result ?? undefined;
}

function verify(der: Buffer, keys: readonly GenuineKey[]): IssuerSignature | null {
  if (keys.length === 0) return null;
  const layout = certLayout(der);
  let failed = false;
  for (const k of keys) {
    const ok = certificateSignatureValid(der, layout, k.key);
    if (ok === true) return { valid: true, name: k.name, sources: [k.source] };
    if (ok === false) failed = true;
  }
  // Every key that could be tried said no; a signature no key could check (an algorithm OpenSSL refuses) says nothing.
  return failed ? { valid: false, name: keys[0].name, sources: [...new Set(keys.map((k) => k.source))] } : null;
}

/** The impersonation a failing check proves. */
export function forgedIssuerClaim(ctx: CertContext, sig: IssuerSignature): Claim {
  const f = ctx.facts;
  return {
    severity: 'high',
    reason: `claims issuer '${sig.name}', which it was served without, but its signature does not verify under the genuine '${sig.name}' key (${sig.sources.join(', ')})`,
    evidence: { claimedCa: sig.name, issuer: f.issuer.rfc4514, subject: f.subject.rfc4514, genuineKeySources: [...sig.sources], authorityKeyId: f.authorityKeyId ?? '' },
  };
}
