/** Does a certificate look like a tool's default? Conditions of a `ToolMatch` are ANDed. */
import type { CertFacts, DistinguishedName } from '../../x509/types';
import { attr, isEmptyDn, signedByOwnKey } from '../cert-helpers';
import type { ToolMatch } from './reference-types';

function sameSet(actual: readonly string[], wanted: readonly string[]): boolean {
  const a = actual.map((s) => s.toUpperCase()).sort();
  const w = wanted.map((s) => s.toUpperCase()).sort();
  return a.length === w.length && a.every((v, i) => v === w[i]);
}

function attributesMatch(dn: DistinguishedName, wanted: Readonly<Record<string, string>>, exactly: boolean | undefined): boolean {
  for (const [type, value] of Object.entries(wanted)) {
    const got = attr(dn, type);
    if (got === undefined || got.toLowerCase() !== value.toLowerCase()) return false;
  }
  if (exactly) {
    const allowed = new Set(Object.keys(wanted).map((t) => t.toUpperCase()));
    if (dn.attributes.some((a) => !allowed.has(a.type.toUpperCase()))) return false;
  }
  return true;
}

/** Cheap name and number checks first; the signature check (`signedByOwnKey`) only when everything else held. */
export function matchesTool(facts: CertFacts, m: ToolMatch): boolean {
  if (m.serial !== undefined && facts.serial.replace(/^0+/, '') !== m.serial.replace(/^0+/, '')) return false;
  if (m.selfIssued !== undefined && facts.selfIssued !== m.selfIssued) return false;
  if (m.issuerEmpty !== undefined && isEmptyDn(facts.issuer) !== m.issuerEmpty) return false;
  if (m.subject && !attributesMatch(facts.subject, m.subject, m.subjectExactly)) return false;
  if (m.issuer && !attributesMatch(facts.issuer, m.issuer, m.issuerExactly)) return false;
  if (m.subjectAttributeTypes && !sameSet(facts.subject.attributes.map((a) => a.type), m.subjectAttributeTypes)) return false;
  if (m.issuerAttributeTypes && !sameSet(facts.issuer.attributes.map((a) => a.type), m.issuerAttributeTypes)) return false;
  if (m.extensionOidsExactly && !sameSet(facts.extensionOids, m.extensionOidsExactly)) return false;
  if (m.signedByOwnKey !== undefined && signedByOwnKey(facts) !== m.signedByOwnKey) return false;
  return true;
}
