/**
 * Certificates made the way offensive tools' code makes them, with fresh keys: names in the tool's attribute order
 * (Go writes C, O, OU, L, ST, street, postalCode, CN), its extension set and order, serial width, dates and key.
 * Built with @peculiar/x509 over WebCrypto, which (unlike node-forge) makes ECDSA certificates and signs with any key.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { certFacts } from '../../src/x509/cert-facts';
import type { CertFacts } from '../../src/x509/types';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type CryptoKeyPair = webcrypto.CryptoKeyPair;

export type KeySpec = 'rsa-1024' | 'rsa-2048' | 'rsa-4096' | 'ec-P-256' | 'ec-P-384' | 'ec-P-521';
export type Hash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** One attribute: OID or short name, and its value (may be empty, as Go writes `[]string{""}`). */
export type Attr = [string, string];

const OIDS: Readonly<Record<string, string>> = {
  C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', L: '2.5.4.7', ST: '2.5.4.8', street: '2.5.4.9', postalCode: '2.5.4.17',
  CN: '2.5.4.3', emailAddress: '1.2.840.113549.1.9.1',
};

const keyCache = new Map<string, CryptoKeyPair>();

/** A key pair; `slot` asks for another key of the same kind. */
export async function toolKey(spec: KeySpec, hash: Hash = 'SHA-256', slot = 0): Promise<CryptoKeyPair> {
  const id = `${spec}/${hash}/${slot}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  const dash = spec.indexOf('-');
  const size = spec.slice(dash + 1);
  const alg = spec.startsWith('rsa')
    ? { name: 'RSASSA-PKCS1-v1_5', hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: Number(size) }
    : { name: 'ECDSA', namedCurve: size };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  keyCache.set(id, keys);
  return keys;
}

function name(attrs: readonly Attr[]): x509.Name {
  // One attribute per RDN, in the order given; empty values stay (UTF8String "").
  const json: x509.JsonName = attrs.map(([type, value]) => ({ [OIDS[type] ?? type]: [value] }));
  return new x509.Name(json);
}

export interface ToolCertSpec {
  readonly subject: readonly Attr[];
  /** Issuer name; the subject when absent. */
  readonly issuer?: readonly Attr[];
  readonly key: CryptoKeyPair;
  /** Key that signs; the certificate's own by default. */
  readonly signer?: CryptoKeyPair;
  readonly hash?: Hash;
  /** Hex serial, written as given (a leading 00 keeps a high-bit serial positive). */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions?: x509.Extension[];
}

export interface ToolCert {
  readonly der: Buffer;
  readonly facts: CertFacts;
}

export async function toolCert(spec: ToolCertSpec): Promise<ToolCert> {
  const signer = spec.signer ?? spec.key;
  const hash = spec.hash ?? 'SHA-256';
  const signingAlgorithm = signer.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash } : { name: 'RSASSA-PKCS1-v1_5', hash };
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serial,
    subject: name(spec.subject),
    issuer: name(spec.issuer ?? spec.subject),
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey: spec.key.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm,
    extensions: spec.extensions ?? [],
  });
  const der = Buffer.from(cert.rawData);
  return { der, facts: certFacts(der, { keepDer: true }) };
}

/** Extension builders in the shapes the tools write. */
export const ext = {
  basicConstraints: (ca: boolean, critical = true): x509.Extension => new x509.BasicConstraintsExtension(ca, undefined, critical),
  keyUsage: (flags: number, critical = true): x509.Extension => new x509.KeyUsagesExtension(flags, critical),
  eku: (...oids: string[]): x509.Extension => new x509.ExtendedKeyUsageExtension(oids, false),
  ski: async (key: CryptoKeyPair): Promise<x509.Extension> => x509.SubjectKeyIdentifierExtension.create(key.publicKey, false),
  aki: async (issuerKey: CryptoKeyPair): Promise<x509.Extension> => x509.AuthorityKeyIdentifierExtension.create(issuerKey.publicKey, false),
  sanDns: (...names: string[]): x509.Extension => new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value })), false),
  sanIp: (...ips: string[]): x509.Extension => new x509.SubjectAlternativeNameExtension(ips.map((value) => ({ type: 'ip' as const, value })), false),
};

export const KU = x509.KeyUsageFlags;
export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;

export const DAY = 86_400_000;

/** `days` after `from`. */
export function plusDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY);
}
