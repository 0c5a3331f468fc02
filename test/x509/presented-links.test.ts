/**
 * A capture worker's checks of presented links (presented-links.ts) are the checks the main thread's path search
 * would make, and they save it from making them: a chain verdict on a memo given the worker's checks equals the
 * verdict on one thread and makes no check of those links again. Certificates made with openssl in the test.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { PresentedLinks } from '../../src/x509/presented-links';
import { SignatureMemo } from '../../src/x509/signature-memo';
import { TrustStore } from '../../src/x509/trust-store';
import { makeCert, makeWorkDir, type MadeCert } from '../helpers/x509-openssl';

const CA_EXT = ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'];
const LEAF_EXT = ['basicConstraints = critical,CA:FALSE', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid', 'subjectAltName = DNS:site.example'];
const window = { startDate: '20190101000000Z', endDate: '20300101000000Z' };
const at = new Date('2020-06-01T00:00:00Z');
const sha = (der: Buffer): string => createHash('sha256').update(der).digest('hex');
const presented = (...certs: MadeCert[]) => certs.map((c) => ({ sha256: sha(c.der), der: c.der }));

describe('PresentedLinks', () => {
  const dir = makeWorkDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let root: MadeCert;
  let inter: MadeCert;
  let leaf: MadeCert;
  let stranger: MadeCert;
  let forged: MadeCert;

  beforeAll(() => {
    root = makeCert(dir, { key: 'ec:P-384', subject: '/O=Test/CN=Links Root', serial: '01', extensions: CA_EXT, ...window });
    inter = makeCert(dir, { key: 'ec:P-384', issuer: root, subject: '/O=Test/CN=Links CA 1', serial: '02', extensions: CA_EXT, ...window });
    leaf = makeCert(dir, { key: 'ec:P-256', issuer: inter, subject: '/CN=site.example', serial: '03', extensions: LEAF_EXT, ...window });
    stranger = makeCert(dir, { key: 'ec:P-256', subject: '/O=Else/CN=Unrelated CA', serial: '04', extensions: CA_EXT, ...window });
    // Same issuer name as the leaf's, signed by another key: the link is checked and fails.
    const impostor = makeCert(dir, { key: 'ec:P-256', subject: '/O=Test/CN=Links CA 1', serial: '05', extensions: CA_EXT, ...window });
    forged = makeCert(dir, { key: 'ec:P-256', issuer: impostor, subject: '/CN=forged.example', serial: '06', extensions: LEAF_EXT, ...window });
  });

  it('checks each link whose next certificate is the named issuer, once, with the answer the signature gives', () => {
    const links = new PresentedLinks();
    links.check(presented(leaf, inter, root));
    const made = links.takeMade();
    expect(made.map((m) => [m.cert, m.result])).toEqual([[sha(leaf.der), true], [sha(inter.der), true]]);
    links.check(presented(leaf, inter, root));
    links.check(presented(leaf, inter));
    expect(links.takeMade()).toEqual([]);
  });

  it('leaves out a link to a certificate that does not name it (no check the path search would not make)', () => {
    const links = new PresentedLinks();
    links.check(presented(leaf, stranger, inter));
    expect(links.takeMade().map((m) => m.cert)).toEqual([]);
    links.check(presented(stranger, leaf));
    expect(links.takeMade()).toEqual([]);
  });

  it('a forged link is checked and fails', () => {
    const links = new PresentedLinks();
    links.check(presented(forged, inter));
    expect(links.takeMade()).toEqual([{ cert: sha(forged.der), key: expect.stringMatching(/^[0-9a-f]{64}$/), result: false }]);
  });

  it('handed to the main thread, the verdicts are those of one thread and no link is checked again', () => {
    const store = TrustStore.from([fs.readFileSync(root.certPath, 'utf8')]);
    const chains = [[leaf, inter], [forged, inter]];
    const oneThread = chains.map((c) => chainVerdict(c.map((x) => x.der), at, store));
    const worker = new PresentedLinks();
    for (const c of chains) worker.check(presented(...c));
    const main = new SignatureMemo(true);
    main.add(worker.takeMade());
    expect(chains.map((c) => chainVerdict(c.map((x) => x.der), at, store, undefined, main))).toEqual(oneThread);
    // Only the top of the path is checked here: the intermediate under the root's key (an anchor, not presented).
    expect(main.takeMade().map((m) => m.cert)).toEqual([sha(inter.der)]);
    // Presented, the root's link was the worker's to check: the anchor has the same key, so nothing is left here.
    const withRoot = new SignatureMemo(true);
    const rootLinks = new PresentedLinks();
    rootLinks.check(presented(leaf, inter, root));
    withRoot.add(rootLinks.takeMade());
    expect(chainVerdict([leaf.der, inter.der, root.der], at, store, undefined, withRoot)).toEqual(chainVerdict([leaf.der, inter.der, root.der], at, store));
    expect(withRoot.takeMade()).toEqual([]);
  });
});
