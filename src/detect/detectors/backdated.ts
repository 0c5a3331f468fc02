/**
 * notBefore earlier than its issuer could have signed it: before the presented issuer's own notBefore, before the
 * genuine CA it names existed, or before TLS existed at all. Issuer dates only count outside verified chains:
 * a cross-signed or re-issued intermediate is often younger than the leaves it is served with.
 */
import { MS_PER_DAY, isoMs, isTrusted } from '../cert-helpers';
import { exactKey } from '../reference/name-keys';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

/** SSL 2.0 shipped in 1995; a server certificate dated earlier is fabricated. */
const EARLIEST_PLAUSIBLE_MS = Date.UTC(1995, 0, 1);
/** CAs backdate by hours (Let's Encrypt: 1 h) to absorb clock skew; tolerate a day. */
const TOLERANCE_MS = MS_PER_DAY;

export const backdated: Detector = {
  id: 'backdated',
  group: 'time',
  class: 'exposure',
  severity: 'medium',
  weight: 15,
  description: 'notBefore before the issuer existed (presented issuer or genuine CA) or before 1995',
  evaluate(ctx) {
    const f = ctx.facts;
    const notBefore = isoMs(f.notBefore);
    if (Number.isNaN(notBefore)) return null;
    if (notBefore < EARLIEST_PLAUSIBLE_MS && !(f.selfIssued && isTrusted(ctx))) {
      return makeSignal(backdated, ctx, `notBefore ${f.notBefore} predates TLS (1995)`, { notBefore: f.notBefore });
    }
    // Cross-signs and re-issued intermediates are younger than the leaves below them; a verified chain settles it.
    if (f.selfIssued || isTrusted(ctx)) return null;
    const issuer = ctx.chainFacts[ctx.position + 1];
    if (issuer && issuer.subject.rfc4514 === f.issuer.rfc4514) {
      const issuerStart = isoMs(issuer.notBefore);
      if (notBefore + TOLERANCE_MS < issuerStart) {
        return makeSignal(backdated, ctx, `notBefore ${f.notBefore} is before its issuer '${issuer.subject.commonName ?? issuer.subject.rfc4514}' existed (${issuer.notBefore})`, {
          notBefore: f.notBefore, issuerNotBefore: issuer.notBefore, issuer: f.issuer.rfc4514,
        });
      }
    }
    const named = f.issuer.commonName ? ctx.reference.caByName.get(exactKey(f.issuer.commonName)) : undefined;
    if (named?.earliestNotBefore !== undefined && notBefore + TOLERANCE_MS < named.earliestNotBefore) {
      return makeSignal(backdated, ctx, `notBefore ${f.notBefore} is before the genuine '${named.name}' existed (${new Date(named.earliestNotBefore).toISOString()})`, {
        notBefore: f.notBefore, genuineIssuerNotBefore: new Date(named.earliestNotBefore).toISOString(), issuer: f.issuer.rfc4514,
      });
    }
    return null;
  },
};
