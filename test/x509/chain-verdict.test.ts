import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { SignatureMemo } from '../../src/x509/signature-memo';
import { TrustStore } from '../../src/x509/trust-store';
import type { RemovedRootRecord } from '../../src/x509/removed-roots';
import { makeCert, makeWorkDir, pemToDer, type MadeCert } from '../helpers/x509-openssl';

const GENUINE = path.join(__dirname, '../../../shared/corpus/genuine-cas');
const genuine = (file: string): Buffer => pemToDer(fs.readFileSync(path.join(GENUINE, file), 'utf8'));
/** Subject of the genuine Microsoft IT TLS CA 5 (shared/corpus/genuine-cas/microsoft_it_tls_ca_5.pem). */
const MS_CA5_SUBJECT = '/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/OU=Microsoft IT/CN=Microsoft IT TLS CA 5';
const CA_EXT = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'];
const LEAF_EXT = ['basicConstraints = critical,CA:FALSE', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', 'subjectAltName = DNS:site.example'];

describe('chainVerdict on genuine CAs (shared/corpus/genuine-cas) against TrustStore.default()', () => {
  const store = TrustStore.default();

  it('Microsoft IT TLS CA 5 is trusted on 2020-01-01 through Baltimore CyberTrust Root', () => {
    const v = chainVerdict([genuine('microsoft_it_tls_ca_5.pem')], new Date('2020-01-01T00:00:00Z'), store);
    expect(v).toMatchObject({ verdict: 'trusted', anchorMatch: 'signature' });
    // Baltimore's SHA-256 from shared/corpus/genuine-cas/README.md
    expect(v.anchor).toBe('16af57a9f676b0ab126095aa5ebadef22ab31119d644ac95cd4b93dbf3f26aeb');
  });

  it('the same CA seen after Baltimore expired (2025-05-12) and after its own expiry is not trusted', () => {
    expect(chainVerdict([genuine('microsoft_it_tls_ca_5.pem')], new Date('2025-06-01T00:00:00Z'), store).verdict).toBe('untrusted');
    const rsaCa = chainVerdict([genuine('microsoft_rsa_tls_ca_1.pem')], new Date('2024-09-01T00:00:00Z'), store);
    expect(rsaCa.verdict).toBe('trusted');
    expect(chainVerdict([genuine('microsoft_rsa_tls_ca_1.pem')], new Date('2025-05-13T00:00:00Z'), store).verdict).toBe('untrusted');
  });

  it('a cross-signed intermediate chains to the root that signed it', () => {
    // E5 exists twice: issued by ISRG Root X2 and cross-signed by ISRG Root X1 (genuine-cas README notes).
    const at = new Date('2024-06-01T00:00:00Z');
    expect(chainVerdict([genuine('letsencrypt_e5.pem')], at, store)).toMatchObject({ verdict: 'trusted', reason: expect.stringContaining('ISRG Root X2') });
    expect(chainVerdict([genuine('letsencrypt_e5_cross_isrg_root_x1.pem')], at, store)).toMatchObject({ verdict: 'trusted', reason: expect.stringContaining('ISRG Root X1') });
    expect(chainVerdict([genuine('microsoft_azure_tls_issuing_ca_01_xsign.pem')], new Date('2021-03-01T00:00:00Z'), store).verdict).toBe('trusted');
  });
});

describe('chainVerdict on certificates made with openssl', () => {
  const dir = makeWorkDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let root: MadeCert;
  let otherRoot: MadeCert;
  let inter: MadeCert;
  let interByOther: MadeCert;
  let leaf: MadeCert;
  let selfSigned: MadeCert;
  let fakeBaltimore: MadeCert;
  let forgedCa5: MadeCert;
  let forgedLeaf: MadeCert;
  const window = { startDate: '20190101000000Z', endDate: '20300101000000Z' };
  const at = new Date('2020-06-01T00:00:00Z');
  const pem = (c: MadeCert): string => fs.readFileSync(c.certPath, 'utf8');

  beforeAll(() => {
    root = makeCert(dir, { key: 'ec:P-256', subject: '/O=Test/CN=Test Root A', serial: '01', extensions: CA_EXT, ...window });
    otherRoot = makeCert(dir, { key: 'rsa:2048', subject: '/O=Test/CN=Test Root B', serial: '02', extensions: CA_EXT, ...window });
    inter = makeCert(dir, { key: 'rsa:2048', issuer: root, subject: '/O=Test/CN=Test Issuing CA', serial: '03', extensions: [...CA_EXT, 'authorityKeyIdentifier = keyid'], ...window });
    // The same name and key, signed by the other root: a cross-signed twin.
    interByOther = makeCert(dir, { key: 'rsa:2048', keyPath: inter.keyPath, issuer: otherRoot, subject: '/O=Test/CN=Test Issuing CA', serial: '04', extensions: [...CA_EXT, 'authorityKeyIdentifier = keyid'], ...window });
    leaf = makeCert(dir, { key: 'ec:P-256', issuer: inter, subject: '/CN=site.example', serial: '05', extensions: LEAF_EXT, ...window });
    selfSigned = makeCert(dir, { key: 'rsa:2048', subject: '/CN=self.example', serial: '06', extensions: ['basicConstraints = critical,CA:FALSE'], ...window });
    fakeBaltimore = makeCert(dir, { key: 'rsa:2048', subject: '/C=IE/O=Baltimore/OU=CyberTrust/CN=Baltimore CyberTrust Root', serial: '07', extensions: CA_EXT, ...window });
    forgedCa5 = makeCert(dir, { key: 'rsa:2048', issuer: fakeBaltimore, subject: MS_CA5_SUBJECT, serial: '08', extensions: CA_EXT, ...window });
    forgedLeaf = makeCert(dir, { key: 'rsa:2048', issuer: forgedCa5, subject: '/CN=login.microsoftonline.example', serial: '09', extensions: LEAF_EXT, ...window });
  });

  it('a self-signed certificate is untrusted', () => {
    expect(chainVerdict([selfSigned.der], at, TrustStore.default())).toMatchObject({ verdict: 'untrusted', reason: expect.stringContaining('self-signed') });
  });

  it('an intermediate named "Microsoft IT TLS CA 5" signed by a test key does not chain to the real Baltimore root', () => {
    const v = chainVerdict([forgedLeaf.der, forgedCa5.der], at, TrustStore.default());
    expect(['bad-signature', 'untrusted']).toContain(v.verdict);
    expect(v.verdict).toBe('bad-signature');
    // Presenting the fake root too does not help: its name matches Baltimore but its key does not.
    expect(chainVerdict([forgedLeaf.der, forgedCa5.der, fakeBaltimore.der], at, TrustStore.default()).verdict).not.toBe('trusted');
  });

  it('builds the path in any order, skipping extra certificates', () => {
    const store = TrustStore.from([pem(root)]);
    expect(chainVerdict([leaf.der, inter.der], at, store)).toMatchObject({ verdict: 'trusted', path: [leaf.der, inter.der].map(sha) });
    expect(chainVerdict([leaf.der, selfSigned.der, root.der, inter.der], at, store)).toMatchObject({ verdict: 'trusted' });
  });

  it('a missing intermediate gives incomplete', () => {
    const v = chainVerdict([leaf.der], at, TrustStore.from([pem(root)]));
    expect(v).toMatchObject({ verdict: 'incomplete', reason: expect.stringContaining('Test Issuing CA') });
  });

  it('tries every candidate issuer: the cross-signed twin that reaches a trusted root wins', () => {
    const store = TrustStore.from([pem(root)]);
    // interByOther comes first and leads to an unknown root; inter leads to the trusted one.
    expect(chainVerdict([leaf.der, interByOther.der, otherRoot.der, inter.der], at, store)).toMatchObject({ verdict: 'trusted', path: [sha(leaf.der), sha(inter.der)] });
    expect(chainVerdict([leaf.der, interByOther.der, otherRoot.der], at, store).verdict).toBe('untrusted');
    expect(chainVerdict([leaf.der, interByOther.der, otherRoot.der], at, TrustStore.from([pem(otherRoot)])).verdict).toBe('trusted');
  });

  it('a removed root counts only for sightings before its removal date', () => {
    const record: RemovedRootRecord = {
      name: 'Test Root A', subject: 'CN=Test Root A,O=Test', notBefore: '2019-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z',
      trustedUntil: '2021-01-01', removalConfidence: 'test', removalSource: 'test record', pem: pem(root),
    };
    const store = TrustStore.from([], [record]);
    expect(chainVerdict([leaf.der, inter.der], new Date('2020-12-31T23:59:59Z'), store).verdict).toBe('trusted');
    expect(chainVerdict([leaf.der, inter.der], new Date('2021-01-01T00:00:00Z'), store)).toMatchObject({ verdict: 'untrusted', reason: expect.stringContaining('2021-01-01') });
  });

  it('uses the sighting time for validity, never the clock', () => {
    const store = TrustStore.from([pem(root)]);
    expect(chainVerdict([leaf.der, inter.der], new Date('2018-12-31T00:00:00Z'), store).verdict).toBe('untrusted');
    expect(chainVerdict([leaf.der, inter.der], new Date('2030-01-02T00:00:00Z'), store).verdict).toBe('untrusted');
  });

  it('a presented leaf (CA:FALSE) cannot act as an issuer, even with a valid signature', () => {
    // The classic basicConstraints attack: a genuine leaf's key signs a certificate for another name.
    const child = makeCert(dir, { key: 'rsa:2048', issuer: leaf, subject: '/CN=victim.example', serial: '0A', extensions: LEAF_EXT, ...window });
    const v = chainVerdict([child.der, leaf.der, inter.der], at, TrustStore.from([pem(root)]));
    expect(v).toMatchObject({ verdict: 'untrusted', reason: expect.stringContaining('not a CA') });
  });

  it('a path length constraint of 0 stops a second intermediate', () => {
    const tight = makeCert(dir, { key: 'rsa:2048', issuer: root, subject: '/O=Test/CN=Tight CA', serial: '0B', extensions: ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign'], ...window });
    const sub = makeCert(dir, { key: 'rsa:2048', issuer: tight, subject: '/O=Test/CN=Sub CA', serial: '0C', extensions: CA_EXT, ...window });
    const end = makeCert(dir, { key: 'rsa:2048', issuer: sub, subject: '/CN=deep.example', serial: '0D', extensions: LEAF_EXT, ...window });
    const store = TrustStore.from([pem(root)]);
    expect(chainVerdict([end.der, sub.der, tight.der], at, store)).toMatchObject({ verdict: 'untrusted', reason: expect.stringContaining('path length') });
    expect(chainVerdict([sub.der, tight.der], at, store).verdict).toBe('trusted');
  });

  it('a leaf whose signature bytes were altered gives bad-signature', () => {
    const broken = Buffer.from(leaf.der);
    broken[broken.length - 3] ^= 0x55;
    expect(chainVerdict([broken, inter.der], at, TrustStore.from([pem(root)])).verdict).toBe('bad-signature');
  });

  it('checks each certificate under each key once, whatever the verdict, and gives the same verdicts with the memo', () => {
    const store = TrustStore.from([pem(root)]);
    const memo = new SignatureMemo(true);
    const chains = [[leaf.der, inter.der], [leaf.der, interByOther.der, otherRoot.der, inter.der], [leaf.der, interByOther.der, otherRoot.der], [forgedLeaf.der, forgedCa5.der]];
    const stores = [store, store, store, TrustStore.default()];
    const first = chains.map((c, i) => chainVerdict(c, at, stores[i], undefined, memo));
    expect(first).toEqual(chains.map((c, i) => chainVerdict(c, at, stores[i])));
    const made = memo.takeMade();
    // leaf under inter's key is one check, though three chains needed it; interByOther shares inter's key
    expect(made.filter((m) => m.cert === sha(leaf.der))).toHaveLength(1);
    expect(made.find((m) => m.cert === sha(forgedLeaf.der))?.result).toBe(true);
    expect(made.some((m) => m.cert === sha(forgedCa5.der) && m.result === false)).toBe(true);
    // judged again (later, as an updated finding would be): the same verdicts and not one check
    expect(chains.map((c, i) => chainVerdict(c, new Date('2021-01-01T00:00:00Z'), stores[i], undefined, memo).verdict)).toEqual(first.map((v) => v.verdict));
    expect(memo.takeMade()).toEqual([]);
  });

  it('checks made elsewhere (a capture worker) answer here: none is made again', () => {
    const store = TrustStore.from([pem(root)]);
    const worker = new SignatureMemo(true);
    const v = chainVerdict([leaf.der, inter.der], at, store, undefined, worker);
    const main = new SignatureMemo(true);
    main.add(worker.takeMade());
    expect(chainVerdict([leaf.der, inter.der], at, store, undefined, main)).toEqual(v);
    expect(main.takeMade()).toEqual([]);
  });

  it('no certificate or an unreadable leaf is not verifiable, never a throw', () => {
    expect(chainVerdict([], at, TrustStore.default()).verdict).toBe('not-verifiable');
    expect(chainVerdict([Buffer.from('3003020100', 'hex')], at, TrustStore.default()).verdict).toBe('not-verifiable');
  });
});

function sha(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}
