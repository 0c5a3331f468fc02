/**
 * Certificate extensions (RFC 5280 §4.2) decoded by a bounded DER walk, one extension at a time: a malformed
 * extension lands in `unreadable` and costs only its own facts. (@peculiar/x509 decodes the same extensions about
 * 50 times slower; test/x509/extensions.test.ts uses it as the independent reference.)
 */
import { EXTENDED_KEY_USAGE_NAMES, EXTENSION_OID, KEY_USAGE_NAMES, oidName } from './consts';
import { childrenCoverContent, childrenOf, hexOf, oidToString, readTlv, TAG, type Tlv } from './der';
import { addGeneralName, addGeneralNames, type GeneralNameLists } from './general-names';
import type { CertFacts } from './types';

export type ExtensionFacts = Pick<CertFacts,
  'basicConstraints' | 'keyUsage' | 'extendedKeyUsage' | 'subjectKeyId' | 'authorityKeyId' | 'san' | 'aia' | 'policies' | 'extensionOids'
> & { readonly unreadable: string[] };

interface Mutable {
  basicConstraints?: { ca: boolean; pathLength?: number; critical: boolean };
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  san: GeneralNameLists;
  aia: { ocsp: string[]; caIssuers: string[] };
  policies: string[];
}

const ACCESS_METHOD = { ocsp: '1.3.6.1.5.5.7.48.1', caIssuers: '1.3.6.1.5.5.7.48.2' } as const;
const AKI_KEY_IDENTIFIER = 0x80;
/** Largest INTEGER read as a path length; anything longer is reported as unreadable. */
const MAX_PATH_LENGTH_OCTETS = 4;

/** The value's single top-level TLV, or undefined when it is malformed or followed by junk. */
function sole(der: Uint8Array, value: Tlv, tag: number): Tlv | undefined {
  const inner = readTlv(der, value.contentStart, value.end);
  return inner && inner.tag === tag && inner.end === value.end ? inner : undefined;
}

function oidsOf(der: Uint8Array, seq: Tlv): string[] | undefined {
  const out: string[] = [];
  for (const child of childrenOf(der, seq)) {
    const oid = child.tag === TAG.OID ? oidToString(der, child.contentStart, child.end) : undefined;
    if (!oid) return undefined;
    out.push(oid);
  }
  return out;
}

/** Decodes one extension value into `out`; false when its DER does not have the expected shape. */
function decodeOne(der: Uint8Array, oid: string, value: Tlv, critical: boolean, out: Mutable): boolean {
  switch (oid) {
    case EXTENSION_OID.basicConstraints: {
      const seq = sole(der, value, TAG.SEQUENCE);
      if (!seq) return false;
      let ca = false;
      let pathLength: number | undefined;
      for (const f of childrenOf(der, seq)) {
        if (f.tag === TAG.BOOLEAN && f.end - f.contentStart === 1) ca = der[f.contentStart] !== 0;
        else if (f.tag === TAG.INTEGER && f.end - f.contentStart <= MAX_PATH_LENGTH_OCTETS) {
          pathLength = 0;
          for (let i = f.contentStart; i < f.end; i++) pathLength = pathLength * 256 + der[i];
        } else return false;
      }
      out.basicConstraints = { ca, critical, ...(pathLength !== undefined ? { pathLength } : {}) };
      return true;
    }
    case EXTENSION_OID.keyUsage: {
      const bits = sole(der, value, TAG.BIT_STRING);
      if (!bits || bits.end === bits.contentStart) return false;
      const usages: string[] = [];
      for (let bit = 0; bit < KEY_USAGE_NAMES.length; bit++) {
        const at = bits.contentStart + 1 + (bit >> 3);
        if (at < bits.end && (der[at] & (0x80 >> (bit & 7))) !== 0) usages.push(KEY_USAGE_NAMES[bit]);
      }
      out.keyUsage = usages;
      return true;
    }
    case EXTENSION_OID.extKeyUsage: {
      const seq = sole(der, value, TAG.SEQUENCE);
      const oids = seq && oidsOf(der, seq);
      if (!oids) return false;
      out.extendedKeyUsage = oids.map((o) => oidName(EXTENDED_KEY_USAGE_NAMES, o));
      return true;
    }
    case EXTENSION_OID.subjectKeyIdentifier: {
      const id = sole(der, value, TAG.OCTET_STRING);
      if (!id) return false;
      out.subjectKeyId = hexOf(der, id.contentStart, id.end);
      return true;
    }
    case EXTENSION_OID.authorityKeyIdentifier: {
      const seq = sole(der, value, TAG.SEQUENCE);
      if (!seq) return false;
      const keyId = childrenOf(der, seq).find((f) => f.tag === AKI_KEY_IDENTIFIER);
      if (keyId) out.authorityKeyId = hexOf(der, keyId.contentStart, keyId.end);
      return true;
    }
    case EXTENSION_OID.subjectAltName: {
      const seq = sole(der, value, TAG.SEQUENCE);
      if (!seq) return false;
      addGeneralNames(der, seq, out.san);
      return true;
    }
    case EXTENSION_OID.authorityInfoAccess: {
      const seq = sole(der, value, TAG.SEQUENCE);
      if (!seq) return false;
      for (const desc of childrenOf(der, seq)) {
        const [method, location] = childrenOf(der, desc);
        const m = method?.tag === TAG.OID ? oidToString(der, method.contentStart, method.end) : undefined;
        if (!m || !location) return false;
        const urls = { dns: [], ip: [], email: [], uri: [] as string[] };
        addGeneralName(der, location, urls);
        if (m === ACCESS_METHOD.ocsp) out.aia.ocsp.push(...urls.uri);
        else if (m === ACCESS_METHOD.caIssuers) out.aia.caIssuers.push(...urls.uri);
      }
      return true;
    }
    case EXTENSION_OID.certificatePolicies: {
      const seq = sole(der, value, TAG.SEQUENCE);
      if (!seq) return false;
      const policies: string[] = [];
      for (const info of childrenOf(der, seq)) {
        const [id] = childrenOf(der, info);
        const p = id?.tag === TAG.OID ? oidToString(der, id.contentStart, id.end) : undefined;
        if (!p) return false;
        policies.push(p);
      }
      out.policies = policies;
      return true;
    }
    default:
      return true;
  }
}

export function extensionFacts(der: Uint8Array, extensions: readonly Tlv[]): ExtensionFacts {
  const out: Mutable = {
    keyUsage: [], extendedKeyUsage: [], san: { dns: [], ip: [], email: [], uri: [] }, aia: { ocsp: [], caIssuers: [] }, policies: [],
  };
  const extensionOids: string[] = [];
  const unreadable: string[] = [];
  for (const ext of extensions) {
    const fields = childrenOf(der, ext);
    const oidTlv = fields[0];
    const oid = oidTlv?.tag === TAG.OID ? oidToString(der, oidTlv.contentStart, oidTlv.end) : undefined;
    if (!oid) { unreadable.push(''); continue; }
    extensionOids.push(oid);
    const criticalTlv = fields[1]?.tag === TAG.BOOLEAN ? fields[1] : undefined;
    const value = fields[criticalTlv ? 2 : 1];
    const critical = !!criticalTlv && criticalTlv.end - criticalTlv.contentStart === 1 && der[criticalTlv.contentStart] !== 0;
    const wellFormed = value?.tag === TAG.OCTET_STRING && childrenCoverContent(der, ext, fields) && fields.length === (criticalTlv ? 3 : 2);
    if (!wellFormed || !decodeOne(der, oid, value, critical, out)) unreadable.push(oid);
  }
  return { ...out, extensionOids, unreadable };
}
