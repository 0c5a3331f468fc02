/**
 * An issuer DN with no attributes or only empty values. RFC 5280 §4.1.2.4 requires a non-empty issuer; Sliver's
 * generated CA uses `pkix.Name{Organization: []string{""}}` (BishopFox/sliver server/certs/certs.go).
 */
import { isEmptyDn } from '../cert-helpers';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const emptyIssuer: Detector = {
  id: 'empty-issuer',
  group: 'naming',
  class: 'hygiene',
  severity: 'medium',
  weight: 15,
  description: 'issuer distinguished name empty or made of empty values',
  evaluate(ctx) {
    if (!isEmptyDn(ctx.facts.issuer)) return null;
    const raw = ctx.facts.issuer.rfc4514;
    return makeSignal(emptyIssuer, ctx, `issuer is empty${raw ? ` ('${raw}')` : ''}`, { issuer: raw, attributes: ctx.facts.issuer.attributes.length });
  },
};
