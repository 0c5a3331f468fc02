/**
 * Test fixtures for the detect stage: RSA certificates made with node-forge (names, serials, dates and extensions
 * exactly as a test asks), keys from node:crypto (fast, any exponent), a small signature-checking trust function over
 * test anchors, and sighting builders.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as forge from 'node-forge';
import { certFacts } from '../../src/x509/cert-facts';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { TrustStore } from '../../src/x509/trust-store';
import { trustResult } from '../../src/pipeline/judge';
import { shippedReference as pipelineReference } from '../../src/pipeline/reference-files';
import type { CertFacts } from '../../src/x509/types';
import type { ReferenceData, Sighting, TrustFn, TrustResult } from '../../src/detect/types';

export interface KeyPair {
  readonly privateKey: forge.pki.rsa.PrivateKey;
  readonly publicKey: forge.pki.rsa.PublicKey;
}

const keyCache = new Map<string, KeyPair>();

/** An RSA key pair; `slot` lets a test ask for distinct keys of the same size. */
export function rsaKey(bits = 2048, exponent = 65537, slot = 0): KeyPair {
  const id = `${bits}/${exponent}/${slot}`;
  let pair = keyCache.get(id);
  if (!pair) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: exponent });
    const priv = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
    pair = { privateKey: priv, publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e) };
    keyCache.set(id, pair);
  }
  return pair;
}

export type Rdn = [string, string];

export interface MadeCert {
  readonly der: Buffer;
  readonly cert: forge.pki.Certificate;
  readonly key: KeyPair;
  readonly facts: CertFacts;
}

export interface CertSpec {
  /** RDNs in encoding order (`[['C','US'],['O','Example'],['CN','example.test']]`). */
  readonly subject: Rdn[];
  /** Issuer certificate; self-signed when absent. `issuerName` overrides the issuer DN written. */
  readonly issuer?: MadeCert;
  readonly issuerName?: Rdn[];
  /** Key that signs (defaults to the issuer's, else the subject key). */
  readonly signWith?: KeyPair;
  readonly key?: KeyPair;
  /** Hex. */
  readonly serial?: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** node-forge extension objects; default: none. */
  readonly extensions?: object[];
  readonly md?: 'sha256' | 'sha1' | 'md5';
}

function attrs(rdns: Rdn[]): forge.pki.CertificateField[] {
  // Non-ASCII values go as UTF8String (forge would otherwise write PrintableString bytes).
  return rdns.map(([shortName, value]) => (/[^\x00-\x7f]/.test(value) ? { shortName, value, valueTagClass: forge.asn1.Type.UTF8 } : { shortName, value }) as forge.pki.CertificateField);
}

let serialCounter = 0x1000;

export function makeCert(spec: CertSpec): MadeCert {
  const key = spec.key ?? rsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = spec.serial ?? (serialCounter++).toString(16).padStart(4, '0');
  cert.validity.notBefore = new Date(spec.notBefore);
  cert.validity.notAfter = new Date(spec.notAfter);
  cert.setSubject(attrs(spec.subject));
  cert.setIssuer(spec.issuerName ? attrs(spec.issuerName) : spec.issuer ? spec.issuer.cert.subject.attributes : attrs(spec.subject));
  if (spec.extensions) cert.setExtensions(spec.extensions);
  const signer = spec.signWith ?? spec.issuer?.key ?? key;
  const md = spec.md === 'sha1' ? forge.md.sha1.create() : spec.md === 'md5' ? forge.md.md5.create() : forge.md.sha256.create();
  cert.sign(signer.privateKey, md);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { der, cert, key, facts: certFacts(der, { keepDer: true }) };
}

/** Extensions of an ordinary CA certificate. */
export function caExtensions(): object[] {
  return [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
}

/** Extensions of an ordinary TLS server leaf. */
export function leafExtensions(dns: string[], ips: string[] = []): object[] {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))] },
  ];
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64');
}

/**
 * Judges a chain the way a client does, over the given anchors only: every link's signature and validity at `at`,
 * ending in an anchor. Enough for tests; the product uses x509's verdict over Mozilla's roots.
 */
export function anchorTrust(anchors: CertFacts[]): TrustFn {
  const anchorBySubject = new Map(anchors.map((a) => [a.subject.rfc4514, a]));
  const anchorShas = new Set(anchors.map((a) => a.sha256));
  return (chain: CertFacts[], at: Date): TrustResult => {
    for (let i = 0; i < chain.length; i++) {
      const cert = chain[i];
      if (anchorShas.has(cert.sha256)) return { verdict: 'trusted', reason: `reaches anchor '${cert.subject.rfc4514}'`, anchor: cert.subject.rfc4514 };
      const t = at.getTime();
      if (t < Date.parse(cert.notBefore) || t > Date.parse(cert.notAfter)) return { verdict: 'untrusted', reason: `'${cert.subject.rfc4514}' not valid at ${at.toISOString()}` };
      const next = chain[i + 1]?.subject.rfc4514 === cert.issuer.rfc4514 ? chain[i + 1] : anchorBySubject.get(cert.issuer.rfc4514);
      if (!next) {
        if (cert.selfIssued) return { verdict: 'untrusted', reason: `self-signed '${cert.subject.rfc4514}' is not a trusted root` };
        return { verdict: 'incomplete', reason: `issuer '${cert.issuer.rfc4514}' not found` };
      }
      if (!cert.der || !next.der) return { verdict: 'not-verifiable', reason: 'no DER' };
      if (!new X509Certificate(cert.der).verify(new X509Certificate(next.der).publicKey)) {
        return { verdict: 'bad-signature', reason: `'${cert.subject.rfc4514}' not signed by '${next.subject.rfc4514}'`, failedAt: cert.sha256 };
      }
      if (anchorShas.has(next.sha256)) return { verdict: 'trusted', reason: `reaches anchor '${next.subject.rfc4514}'`, anchor: next.subject.rfc4514 };
      if (next !== chain[i + 1]) return { verdict: 'untrusted', reason: 'unreachable' };
    }
    return { verdict: 'untrusted', reason: 'no anchor reached' };
  };
}

/** A fixed-date sighting from a server address. */
export function sighting(iso: string, serverIp: string, serverName?: string, role: 'server' | 'client' = 'server'): Omit<Sighting, 'position' | 'chain'> {
  const ms = Date.parse(iso);
  return {
    ts: { sec: Math.floor(ms / 1000), nsec: (ms % 1000) * 1e6 },
    server: { ip: serverIp, port: 443 },
    client: { ip: '192.0.2.10', port: 50000 },
    serverName,
    role,
    source: { file: 'test.pcap', frame: 1 },
  };
}

/** The shipped reference data, read as the CLI reads it (the same object: it is read once per process). */
export function shippedReference(): ReferenceData {
  return pipelineReference();
}

export const GENUINE_CAS_DIR = path.join(__dirname, '../../../shared/corpus/genuine-cas');

/** Facts of a PEM in ../shared/corpus/genuine-cas/. */
export function genuineCa(file: string): CertFacts {
  return certFacts(pemToDer(fs.readFileSync(path.join(GENUINE_CAS_DIR, file), 'utf8')), { keepDer: true });
}

/** Runs `openssl` with args in a fresh temporary folder and returns the DER of `out.pem`. */
export function opensslCert(args: string[]): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certhound-detect-'));
  try {
    execFileSync('openssl', [...args, '-keyout', 'key.pem', '-out', 'out.pem'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return execFileSync('openssl', ['x509', '-in', 'out.pem', '-outform', 'DER'], { cwd: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A Let's Encrypt-shaped chain made in the test: test root → intermediate 'Certhound Test R3' → 90-day leaf for
 * www.example.org with SAN, key usages and AKI/SKI. `trust` anchors the test root.
 */
export function letsEncryptStyleChain(): { root: MadeCert; intermediate: MadeCert; leaf: MadeCert; trust: TrustFn } {
  const root = makeCert({
    subject: [['C', 'US'], ['O', 'Certhound Test'], ['CN', 'Certhound Test Root X1']], key: rsaKey(2048, 65537, 10),
    notBefore: '2020-01-01T00:00:00Z', notAfter: '2040-01-01T00:00:00Z', extensions: caExtensions(),
  });
  const intermediate = makeCert({
    subject: [['C', 'US'], ['O', 'Certhound Test'], ['CN', 'Certhound Test R3']], issuer: root, key: rsaKey(2048, 65537, 11),
    notBefore: '2020-09-04T00:00:00Z', notAfter: '2027-09-15T16:00:00Z',
    extensions: [...caExtensions(), { name: 'authorityKeyIdentifier', keyIdentifier: root.cert.generateSubjectKeyIdentifier().getBytes() }],
  });
  const leaf = makeCert({
    subject: [['CN', 'www.example.org']], issuer: intermediate, key: rsaKey(2048, 65537, 12),
    notBefore: '2025-03-01T11:00:00Z', notAfter: '2025-05-30T11:00:00Z',
    extensions: [...leafExtensions(['www.example.org', 'example.org']), { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: intermediate.cert.generateSubjectKeyIdentifier().getBytes() }],
  });
  return { root, intermediate, leaf, trust: anchorTrust([root.facts]) };
}

/**
 * The product's trust judgement: x509's `chainVerdict` over Mozilla's roots bundled with Node plus the shipped
 * removed roots. Facts without DER (Zeek logs) are `not-verifiable`.
 */
export function mozillaTrust(): TrustFn {
  const store = TrustStore.default();
  return (chain: CertFacts[], at: Date): TrustResult => {
    if (chain.some((c) => !c.der)) return { verdict: 'not-verifiable', reason: 'no DER (Zeek logs)' };
    return trustResult(chainVerdict(chain.map((c) => c.der as Buffer), at, store));
  };
}
