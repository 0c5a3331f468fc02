/**
 * The certificates of the traffic mixes, shaped like the web PKI a sensor sees: a few roots, a couple of dozen
 * issuing CAs (RSA and ECDSA), thousands of server leaves (mostly EC P-256, 90-day or 397-day, SANs, AIA, CRL,
 * policies, SCTs) each with its own key, some self-signed appliance certificates, and a client PKI for mutual TLS.
 * Names are made up (no real CA's name, so no look-alike fires on ordinary traffic). Made with @peculiar/x509 over
 * WebCrypto, once: the result is cached as JSON beside the captures.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import { Random, Zipf } from './random';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = webcrypto.CryptoKeyPair;
type KeyKind = 'rsa-2048' | 'rsa-4096' | 'ec-P-256' | 'ec-P-384';

/** A server's certificate chain as it sends it (leaf first) and the names its clients ask for. */
export interface Site {
  readonly names: string[];
  readonly chain: Buffer[];
}

export interface TrafficPki {
  /** Server leaves with their chains, most used first (the mixes draw them by popularity rank). */
  readonly sites: Site[];
  /** Client certificate chains for mutual TLS (leaf, issuing CA). */
  readonly clients: Buffer[][];
}

/** When the mixes are captured; every certificate's validity is set around it. */
export const CAPTURE_TIME = Date.UTC(2026, 10, 16, 9, 0, 0);
const DAY = 86_400_000;
const PKI_VERSION = 1;

const ORGS = ['Northwind Trust', 'Contoso Certificate Services', 'Fabrikam PKI', 'Tailspin Secure', 'Wingtip Authority', 'Litware Trust Network'];
const TLDS = ['com', 'net', 'org', 'io', 'de', 'co.uk', 'fr', 'app', 'cloud', 'dev'];
const WORDS = ['alpha', 'blue', 'cedar', 'delta', 'ember', 'falcon', 'granite', 'harbor', 'iris', 'juniper', 'kestrel', 'lumen',
  'maple', 'nova', 'onyx', 'pine', 'quartz', 'river', 'summit', 'tundra', 'umber', 'vertex', 'willow', 'xenon', 'yonder', 'zephyr',
  'shop', 'news', 'mail', 'cloud', 'media', 'pay', 'data', 'portal', 'cdn', 'static', 'login', 'api'];

/** Keys made ahead, KEY_BATCH at a time: WebCrypto makes them on libuv's threads, so every core helps (RSA is slow). */
const KEY_BATCH = 16;

async function keyPairs(kinds: KeyKind[]): Promise<KeyPair[]> {
  const out: KeyPair[] = [];
  for (let i = 0; i < kinds.length; i += KEY_BATCH) out.push(...(await Promise.all(kinds.slice(i, i + KEY_BATCH).map(keyPair))));
  return out;
}

async function keyPair(kind: KeyKind): Promise<KeyPair> {
  const alg = kind.startsWith('rsa')
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: Number(kind.slice(4)) }
    : { name: 'ECDSA', namedCurve: kind.slice(3) };
  return (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as KeyPair;
}

interface Issuer {
  readonly name: string;
  readonly key: KeyPair;
  readonly der: Buffer;
}

interface CertSpec {
  subject: string;
  issuer?: Issuer;
  key: KeyPair;
  serial: string;
  notBefore: number;
  notAfter: number;
  extensions: x509.Extension[];
}

async function makeCert(spec: CertSpec): Promise<Buffer> {
  const signer = spec.issuer?.key ?? spec.key;
  const hash = (signer.privateKey.algorithm as { namedCurve?: string }).namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serial,
    subject: spec.subject,
    issuer: spec.issuer?.name ?? spec.subject,
    notBefore: new Date(spec.notBefore),
    notAfter: new Date(spec.notAfter),
    publicKey: spec.key.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm: signer.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash } : { name: 'RSASSA-PKCS1-v1_5', hash },
    extensions: [...spec.extensions, await x509.SubjectKeyIdentifierExtension.create(spec.key.publicKey)],
  });
  return Buffer.from(cert.rawData);
}

function serial(rng: Random, bytes: number): string {
  const b = rng.fill(Buffer.alloc(bytes));
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return b.toString('hex');
}

/** An SCT list's shape (RFC 6962 §3.3): two opaque timestamps of a log's size; no reader here checks them. */
function sctList(rng: Random): x509.Extension {
  const list = rng.fill(Buffer.alloc(240));
  list.writeUInt16BE(238, 0);
  return new x509.Extension('1.3.6.1.4.1.11129.2.4.2', false, Buffer.concat([Buffer.from([0x04, 0x81, list.length]), list]));
}

const KU = x509.KeyUsageFlags;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

function caExtensions(pathLength: number | undefined, issuer: Issuer | undefined): Promise<x509.Extension[]> {
  const exts: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign | KU.digitalSignature, true),
  ];
  if (!issuer) return Promise.resolve(exts);
  return x509.AuthorityKeyIdentifierExtension.create(issuer.key.publicKey).then((aki) => [
    ...exts, aki, new x509.ExtendedKeyUsageExtension([SERVER_AUTH, CLIENT_AUTH]),
    new x509.AuthorityInfoAccessExtension({ ocsp: 'http://ocsp.pki.example/', caIssuers: `http://crt.pki.example/${encodeURIComponent(issuer.name)}.der` }),
    new x509.CRLDistributionPointsExtension([`http://crl.pki.example/${encodeURIComponent(issuer.name)}.crl`]),
    new x509.CertificatePolicyExtension(['2.23.140.1.2.1']),
  ]);
}

function siteNames(rng: Random, i: number): string[] {
  const domain = `${rng.pick(WORDS)}${rng.pick(WORDS)}${i}.${rng.pick(TLDS)}`;
  const names = [domain, `www.${domain}`];
  for (let k = rng.int(0, 5); k > 0; k--) names.push(`${rng.pick(WORDS)}.${domain}`);
  if (rng.chance(0.25)) names.push(`*.${domain}`);
  return [...new Set(names)];
}

export interface PkiShape {
  serverLeaves: number;
  clientLeaves: number;
  /** EC keys only and few CAs: a PKI a test makes in seconds (the bench's has RSA-4096 roots, slow to make). */
  quick?: boolean;
}

async function buildPki(shape: PkiShape, log: (s: string) => void): Promise<TrafficPki> {
  const rng = new Random(0x5eed);
  const now = CAPTURE_TIME;
  const roots: Issuer[] = [];
  for (let i = 0; i < (shape.quick ? 2 : ORGS.length); i++) {
    const key = await keyPair(i < 4 && !shape.quick ? 'rsa-4096' : 'ec-P-384');
    const name = `C=US, O=${ORGS[i]}, CN=${ORGS[i]} Root ${i < 4 ? 'R' : 'E'}${i + 1}`;
    const der = await makeCert({ subject: name, key, serial: serial(rng, 16), notBefore: now - 3000 * DAY, notAfter: now + 6000 * DAY, extensions: await caExtensions(undefined, undefined) });
    roots.push({ name, key, der });
  }
  const intermediates: Array<Issuer & { root: Issuer }> = [];
  for (let i = 0; i < (shape.quick ? 4 : 24); i++) {
    const root = roots[i % roots.length];
    const ec = shape.quick || i % 3 === 2;
    const key = await keyPair(ec ? 'ec-P-384' : 'rsa-2048');
    const org = ORGS[i % ORGS.length];
    const name = `C=US, O=${org}, CN=${org} TLS ${ec ? 'ECC' : 'RSA'} CA ${2020 + (i % 6)}-${i}`;
    const der = await makeCert({ subject: name, issuer: root, key, serial: serial(rng, 16), notBefore: now - 900 * DAY, notAfter: now + 900 * DAY, extensions: await caExtensions(0, root) });
    intermediates.push({ name, key, der, root });
  }
  log(`pki: ${roots.length} roots, ${intermediates.length} issuing CAs`);
  const byPopularity = new Zipf(intermediates.length, 1.1);
  const sites: Site[] = [];
  // an appliance or a forgotten test box: a self-signed RSA leaf with a device name, ten years; else mostly EC
  const selfSigned = Array.from({ length: shape.serverLeaves }, () => rng.chance(0.03));
  const kinds = selfSigned.map((self): KeyKind => ((self || rng.chance(0.25)) && !shape.quick ? 'rsa-2048' : 'ec-P-256'));
  const keys = await keyPairs(kinds);
  log(`pki: ${keys.length} server keys`);
  for (let i = 0; i < shape.serverLeaves; i++) {
    const names = siteNames(rng, i);
    const key = keys[i];
    if (selfSigned[i]) {
      const subject = `C=US, O=Device ${i}, CN=${names[0]}`;
      const der = await makeCert({ subject, key, serial: serial(rng, 8), notBefore: now - 700 * DAY, notAfter: now + 3000 * DAY,
        extensions: [new x509.BasicConstraintsExtension(false), new x509.SubjectAlternativeNameExtension(names.slice(0, 1).map((value) => ({ type: 'dns' as const, value })))] });
      sites.push({ names: names.slice(0, 1), chain: [der] });
      continue;
    }
    const issuer = intermediates[byPopularity.draw(rng)];
    const ec = kinds[i] === 'ec-P-256';
    const shortLived = rng.chance(0.6);
    const age = rng.int(1, shortLived ? 80 : 380) * DAY;
    const extensions: x509.Extension[] = [
      new x509.KeyUsagesExtension(ec ? KU.digitalSignature : KU.digitalSignature | KU.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([SERVER_AUTH, CLIENT_AUTH]),
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.key.publicKey),
      new x509.AuthorityInfoAccessExtension({ ocsp: 'http://ocsp.pki.example/', caIssuers: `http://crt.pki.example/${i % 24}.der` }),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
      new x509.CertificatePolicyExtension(['2.23.140.1.2.1']),
      ...(rng.chance(0.4) ? [new x509.CRLDistributionPointsExtension([`http://crl.pki.example/${i % 97}.crl`])] : []),
      sctList(rng),
    ];
    const der = await makeCert({ subject: `CN=${names[0]}`, issuer, key, serial: serial(rng, 16), notBefore: now - age, notAfter: now - age + (shortLived ? 90 : 397) * DAY, extensions });
    // Most servers send leaf and issuer; some add the root, a few forget the issuer.
    const shape = rng.next();
    const chain = shape < 0.84 ? [der, issuer.der] : shape < 0.96 ? [der, issuer.der, issuer.root.der] : [der];
    sites.push({ names, chain });
    if ((i + 1) % 500 === 0) log(`pki: ${i + 1} server leaves`);
  }
  const clientRoot = roots[roots.length - 1];
  const clientCas: Issuer[] = [];
  for (let i = 0; i < 2; i++) {
    const key = await keyPair('ec-P-384');
    const name = `O=Example Corp, OU=Devices, CN=Example Corp Device CA ${i + 1}`;
    const der = await makeCert({ subject: name, issuer: clientRoot, key, serial: serial(rng, 16), notBefore: now - 600 * DAY, notAfter: now + 1200 * DAY, extensions: await caExtensions(0, clientRoot) });
    clientCas.push({ name, key, der });
  }
  const clients: Buffer[][] = [];
  const clientKeys = await keyPairs(Array.from({ length: shape.clientLeaves }, () => (rng.chance(0.7) || shape.quick ? 'ec-P-256' : 'rsa-2048')));
  for (let i = 0; i < shape.clientLeaves; i++) {
    const ca = clientCas[i % clientCas.length];
    const key = clientKeys[i];
    const der = await makeCert({
      subject: `O=Example Corp, OU=Devices, CN=device-${i.toString().padStart(5, '0')}.corp.example`, issuer: ca, key, serial: serial(rng, 12),
      notBefore: now - rng.int(1, 300) * DAY, notAfter: now + 400 * DAY,
      extensions: [new x509.KeyUsagesExtension(KU.digitalSignature, true), new x509.ExtendedKeyUsageExtension([CLIENT_AUTH]),
        await x509.AuthorityKeyIdentifierExtension.create(ca.key.publicKey)],
    });
    clients.push([der, ca.der]);
  }
  return { sites, clients };
}

interface StoredPki {
  version: number;
  shape: PkiShape;
  sites: Array<{ names: string[]; chain: string[] }>;
  clients: string[][];
}

/** The PKI of `shape`, made once and kept in `file`. */
export async function trafficPki(file: string, shape: PkiShape, log: (s: string) => void): Promise<TrafficPki> {
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredPki;
    if (stored.version === PKI_VERSION && stored.shape.serverLeaves >= shape.serverLeaves && stored.shape.clientLeaves >= shape.clientLeaves) {
      return {
        sites: stored.sites.map((s) => ({ names: s.names, chain: s.chain.map((d) => Buffer.from(d, 'base64')) })),
        clients: stored.clients.map((c) => c.map((d) => Buffer.from(d, 'base64'))),
      };
    }
  }
  log(`making the mixes' certificates (${shape.serverLeaves} server, ${shape.clientLeaves} client leaves, once)…`);
  const pki = await buildPki(shape, log);
  const stored: StoredPki = {
    version: PKI_VERSION, shape,
    sites: pki.sites.map((s) => ({ names: s.names, chain: s.chain.map((d) => d.toString('base64')) })),
    clients: pki.clients.map((c) => c.map((d) => d.toString('base64'))),
  };
  writeFileSync(file, JSON.stringify(stored));
  return pki;
}
