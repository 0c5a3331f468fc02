/**
 * Certificate extensions (RFC 5280 §4.2) decoded with @peculiar/x509, one extension at a time so that one
 * malformed extension costs only itself: its OID lands in `unreadable` and the others are still reported.
 */
import 'reflect-metadata';
import {
  AuthorityInfoAccessExtension, AuthorityKeyIdentifierExtension, BasicConstraintsExtension, CertificatePolicyExtension,
  ExtendedKeyUsageExtension, KeyUsagesExtension, SubjectAlternativeNameExtension, SubjectKeyIdentifierExtension,
  type GeneralName,
} from '@peculiar/x509';
import { EXTENDED_KEY_USAGE_NAMES, EXTENSION_OID, KEY_USAGE_NAMES, oidName } from './consts';
import { childrenOf, oidToString, TAG, type Tlv } from './der';
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
  san: { dns: string[]; ip: string[]; email: string[]; uri: string[] };
  aia: { ocsp: string[]; caIssuers: string[] };
  policies: string[];
}

function sanFrom(names: readonly GeneralName[], into: Mutable['san']): void {
  for (const n of names) {
    if (n.type === 'dns') into.dns.push(n.value);
    else if (n.type === 'ip') into.ip.push(n.value);
    else if (n.type === 'email') into.email.push(n.value);
    else if (n.type === 'url') into.uri.push(n.value);
  }
}

function decodeOne(oid: string, raw: Uint8Array<ArrayBuffer>, out: Mutable): boolean {
  switch (oid) {
    case EXTENSION_OID.basicConstraints: {
      const e = new BasicConstraintsExtension(raw);
      out.basicConstraints = { ca: e.ca, critical: e.critical, ...(e.pathLength !== undefined ? { pathLength: e.pathLength } : {}) };
      return true;
    }
    case EXTENSION_OID.keyUsage: {
      const e = new KeyUsagesExtension(raw);
      out.keyUsage = KEY_USAGE_NAMES.filter((_, bit) => (e.usages & (1 << bit)) !== 0);
      return true;
    }
    case EXTENSION_OID.extKeyUsage:
      out.extendedKeyUsage = Array.from(new ExtendedKeyUsageExtension(raw).usages, (u) => oidName(EXTENDED_KEY_USAGE_NAMES, String(u)));
      return true;
    case EXTENSION_OID.subjectKeyIdentifier:
      out.subjectKeyId = new SubjectKeyIdentifierExtension(raw).keyId.toLowerCase();
      return true;
    case EXTENSION_OID.authorityKeyIdentifier: {
      const keyId = new AuthorityKeyIdentifierExtension(raw).keyId;
      if (keyId) out.authorityKeyId = keyId.toLowerCase();
      return true;
    }
    case EXTENSION_OID.subjectAltName:
      sanFrom(new SubjectAlternativeNameExtension(raw).names.items, out.san);
      return true;
    case EXTENSION_OID.authorityInfoAccess: {
      const e = new AuthorityInfoAccessExtension(raw);
      out.aia = { ocsp: e.ocsp.map((g) => g.value), caIssuers: e.caIssuers.map((g) => g.value) };
      return true;
    }
    case EXTENSION_OID.certificatePolicies:
      out.policies = Array.from(new CertificatePolicyExtension(raw).policies);
      return true;
    default:
      return false;
  }
}

export function extensionFacts(der: Uint8Array, extensions: readonly Tlv[]): ExtensionFacts {
  const out: Mutable = {
    keyUsage: [], extendedKeyUsage: [], san: { dns: [], ip: [], email: [], uri: [] }, aia: { ocsp: [], caIssuers: [] }, policies: [],
  };
  const extensionOids: string[] = [];
  const unreadable: string[] = [];
  for (const ext of extensions) {
    const [oidTlv] = childrenOf(der, ext);
    const oid = oidTlv?.tag === TAG.OID ? oidToString(der, oidTlv.contentStart, oidTlv.end) : undefined;
    if (!oid) { unreadable.push(''); continue; }
    extensionOids.push(oid);
    try {
      // Node buffers are typed over ArrayBufferLike; peculiar reads any ArrayBufferView of a plain ArrayBuffer.
      decodeOne(oid, der.subarray(ext.start, ext.end) as Uint8Array<ArrayBuffer>, out);
    } catch {
      unreadable.push(oid);
    }
  }
  return { ...out, extensionOids, unreadable };
}
