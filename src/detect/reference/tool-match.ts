/**
 * Does a certificate look like a tool's default? Conditions of a `ToolMatch` are ANDed; numbers and names first,
 * the signature check (`signedByOwnKey`) only when everything else held. Runs once per distinct certificate.
 */
import type { CertFacts, DistinguishedName } from '../../x509/types';
import { attr, isEmptyDn, signedByOwnKey } from '../cert-helpers';
import type { ToolMatch, ToolRelation } from './reference-types';

const MS_PER_DAY = 86_400_000;

function sameSet(actual: readonly string[], wanted: readonly string[]): boolean {
  if (actual.length !== wanted.length) return false;
  const a = actual.map((s) => s.toUpperCase()).sort();
  const w = wanted.map((s) => s.toUpperCase()).sort();
  return a.every((v, i) => v === w[i]);
}

function sameOrder(actual: readonly string[], wanted: readonly string[]): boolean {
  return actual.length === wanted.length && actual.every((t, i) => t.toUpperCase() === wanted[i].toUpperCase());
}

function attributesMatch(dn: DistinguishedName, wanted: Readonly<Record<string, string>> | undefined, patterns: Readonly<Record<string, RegExp>> | undefined, exactly: boolean | undefined): boolean {
  if (wanted) {
    for (const type in wanted) {
      const got = attr(dn, type);
      if (got === undefined || got.toLowerCase() !== wanted[type].toLowerCase()) return false;
    }
  }
  if (patterns) {
    for (const type in patterns) {
      const got = attr(dn, type);
      if (got === undefined || !patterns[type].test(got)) return false;
    }
  }
  if (exactly) {
    for (const a of dn.attributes) {
      const t = a.type;
      const known = (wanted && hasKey(wanted, t)) || (patterns && hasKey(patterns, t));
      if (!known) return false;
    }
  }
  return true;
}

function hasKey(map: Readonly<Record<string, unknown>>, type: string): boolean {
  if (type in map) return true;
  const upper = type.toUpperCase();
  for (const k in map) if (k.toUpperCase() === upper) return true;
  return false;
}

/** Bit length of an upper-case hex serial. */
export function serialBits(hex: string): number {
  const h = hex.replace(/^0+/, '');
  if (h === '') return 0;
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

function validityDays(facts: CertFacts): number {
  return (Date.parse(facts.notAfter) - Date.parse(facts.notBefore)) / MS_PER_DAY;
}

function basicConstraintsState(facts: CertFacts): 'absent' | 'not-ca' | 'ca' {
  if (!facts.basicConstraints) return 'absent';
  return facts.basicConstraints.ca ? 'ca' : 'not-ca';
}

function relationHolds(facts: CertFacts, relation: ToolRelation): boolean {
  switch (relation) {
    case 'email-is-ou-at-cn': {
      const email = attr(facts.subject, 'emailAddress');
      const ou = attr(facts.subject, 'OU');
      const cn = facts.subject.commonName;
      return email !== undefined && ou !== undefined && cn !== undefined && email.toLowerCase() === `${ou}@${cn}`.toLowerCase();
    }
    case 'san-dns-is-cn':
      return facts.san.dns.length === 1 && facts.san.dns[0] === (facts.subject.commonName ?? '');
    case 'c-holds-whole-dn': {
      const c = attr(facts.subject, 'C');
      return c !== undefined && c.length > 2 && /\/(ST|O|CN)=/.test(c);
    }
  }
}

/** Whether every condition of `m` holds for the certificate. */
export function matchesTool(facts: CertFacts, m: ToolMatch): boolean {
  if (m.sha256 !== undefined && facts.sha256 !== m.sha256) return false;
  if (m.ja4x !== undefined && facts.ja4x !== m.ja4x) return false;
  if (m.serial !== undefined && facts.serial.replace(/^0+/, '') !== m.serial.replace(/^0+/, '')) return false;
  if (m.serialBits) {
    const bits = serialBits(facts.serial);
    if (bits < m.serialBits[0] || bits > m.serialBits[1]) return false;
  }
  if (m.selfIssued !== undefined && facts.selfIssued !== m.selfIssued) return false;
  if (m.version !== undefined && facts.version !== m.version) return false;
  if (m.keyType !== undefined && facts.publicKey.type !== m.keyType) return false;
  if (m.keyBits && (facts.publicKey.bits === undefined || !m.keyBits.includes(facts.publicKey.bits))) return false;
  if (m.curves && (facts.publicKey.curve === undefined || !m.curves.includes(facts.publicKey.curve))) return false;
  if (m.signatureAlgorithm !== undefined && facts.signatureAlgorithm.name !== m.signatureAlgorithm) return false;
  if (m.notBefore !== undefined && Date.parse(facts.notBefore) !== Date.parse(m.notBefore)) return false;
  if (m.notAfter !== undefined && Date.parse(facts.notAfter) !== Date.parse(m.notAfter)) return false;
  if (m.validityDays || m.validityDaysRange) {
    const days = validityDays(facts);
    if (m.validityDays && !m.validityDays.includes(days)) return false;
    if (m.validityDaysRange && (days < m.validityDaysRange[0] || days > m.validityDaysRange[1])) return false;
  }
  if (m.basicConstraints !== undefined && basicConstraintsState(facts) !== m.basicConstraints) return false;
  if (m.subjectEmpty !== undefined && isEmptyDn(facts.subject) !== m.subjectEmpty) return false;
  if (m.issuerEmpty !== undefined && isEmptyDn(facts.issuer) !== m.issuerEmpty) return false;
  if (!attributesMatch(facts.subject, m.subject, m.subjectPatterns, m.subjectExactly)) return false;
  if (!attributesMatch(facts.issuer, m.issuer, m.issuerPatterns, m.issuerExactly)) return false;
  if (m.subjectAttributeTypes && !sameSet(facts.subject.attributes.map((a) => a.type), m.subjectAttributeTypes)) return false;
  if (m.issuerAttributeTypes && !sameSet(facts.issuer.attributes.map((a) => a.type), m.issuerAttributeTypes)) return false;
  if (m.subjectOrder && !sameOrder(facts.subject.attributes.map((a) => a.type), m.subjectOrder)) return false;
  if (m.subjectLacks && m.subjectLacks.some((t) => attr(facts.subject, t) !== undefined)) return false;
  if (m.extensionOidsExactly && !sameSet(facts.extensionOids, m.extensionOidsExactly)) return false;
  if (m.extensionOidsInclude && !m.extensionOidsInclude.every((oid) => facts.extensionOids.includes(oid))) return false;
  if (m.keyUsageExactly && !sameSet(facts.keyUsage, m.keyUsageExactly)) return false;
  if (m.extendedKeyUsageExactly && !sameSet(facts.extendedKeyUsage, m.extendedKeyUsageExactly)) return false;
  if (m.relations && !m.relations.every((r) => relationHolds(facts, r))) return false;
  if (m.signedByOwnKey !== undefined && signedByOwnKey(facts) !== m.signedByOwnKey) return false;
  return true;
}
