/**
 * Issue 13, private trust anchors: private PKIs made here (private-pki.ts: corporate, kubeadm, service mesh,
 * ACME-style) scanned from captures made here (tls-capture.ts). Without anchors they are at most medium; with
 * `--trust-roots`, `trust.roots` in the config or a `baseline trust --ca` mark they are `trusted-private` and at
 * most low; attack evidence on a private chain (a root carrying a public CA's name) still counts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEVERITY_RANK } from '../../src/detect/types';
import { acmePki, corporatePki, kubeadmPki, meshPki, rootsBundle, SEEN, type PrivatePki } from '../helpers/private-pki';
import { ndjson, runCli } from '../helpers/run-cli';
import { tlsCapture } from '../helpers/tls-capture';
import { makeCert } from '../helpers/x509-openssl';

type Doc = Record<string, any>;

const findings = (stdout: string): Doc[] => ndjson(stdout).filter((d) => d.event.dataset === 'certhound.finding');
const worst = (docs: Doc[]): number => Math.max(...docs.map((d) => SEVERITY_RANK[d.certhound.severity as keyof typeof SEVERITY_RANK]));
const signalIds = (d: Doc): string[] => d.certhound.signals.map((s: { id: string }) => s.id);

describe('private PKIs', () => {
  let dir: string;
  let pkis: PrivatePki[];
  let captures: Record<string, string>;
  let roots: string;
  const scan = (capture: string, ...extra: string[]) =>
    runCli(['scan', '--format', 'ndjson', '--no-connections', '--min-severity', 'info', '--fail-on', 'critical', ...extra, capture]);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-private-pki-'));
    pkis = [corporatePki(dir), kubeadmPki(dir), meshPki(dir), acmePki(dir)];
    captures = {};
    for (const p of pkis) {
      captures[p.name] = join(dir, `${p.name}.pcap`);
      writeFileSync(captures[p.name], tlsCapture(p.connections));
    }
    roots = rootsBundle(dir, pkis);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without anchors: every certificate at most medium, none carrying attack evidence', () => {
    for (const p of pkis) {
      const r = scan(captures[p.name], '--no-baseline');
      expect(r.stderr).toBe('');
      const docs = findings(r.stdout);
      expect(docs.length).toBeGreaterThanOrEqual(p.leaves.length);
      expect(worst(docs)).toBeLessThanOrEqual(SEVERITY_RANK.medium);
      for (const d of docs) for (const s of d.certhound.signals) expect([p.name, s.id, s.class === 'attack' && s.severity !== 'info']).toEqual([p.name, s.id, false]);
    }
  });

  it('with --trust-roots: trusted-private and at most low', () => {
    for (const p of pkis) {
      const docs = findings(scan(captures[p.name], '--no-baseline', '--trust-roots', roots).stdout);
      expect([p.name, worst(docs) <= SEVERITY_RANK.low]).toEqual([p.name, true]);
      for (const leaf of p.leaves) {
        const doc = docs.find((d) => d.certhound.x509.sha256 === sha(leaf.der));
        expect(doc?.certhound.trust.verdict).toBe('trusted-private');
        expect(doc?.certhound.trust.reason).toContain(`private anchor from ${roots}`);
      }
    }
  });

  it('the 24-hour mesh certificates drop from medium (untrusted + fresh) to low', () => {
    const mesh = pkis.find((p) => p.name === 'mesh') as PrivatePki;
    const leafSha = sha(mesh.leaves[0].der);
    const before = findings(scan(captures.mesh, '--no-baseline').stdout).find((d) => d.certhound.x509.sha256 === leafSha) as Doc;
    const after = findings(scan(captures.mesh, '--no-baseline', '--trust-roots', roots).stdout).find((d) => d.certhound.x509.sha256 === leafSha) as Doc;
    expect(signalIds(before)).toEqual(expect.arrayContaining(['untrusted-chain', 'fresh-certificate']));
    expect(before.certhound.severity).toBe('medium');
    expect(signalIds(after)).not.toContain('untrusted-chain');
    expect(after.certhound.signals.find((s: { id: string }) => s.id === 'fresh-certificate')?.severity).toBe('low');
    expect(after.certhound.severity).toBe('low');
  });

  it('trust.roots in the config (relative to the config file) and a folder of anchors with keys beside them', () => {
    const folder = join(dir, 'anchors');
    mkdirSync(folder);
    for (const p of pkis) {
      writeFileSync(join(folder, `${p.name}.crt`), p.root.der);
      writeFileSync(join(folder, `${p.name}.key`), 'not a certificate');
    }
    const config = join(dir, 'certhound.yaml');
    writeFileSync(config, 'trust:\n  roots: [anchors]\n');
    const docs = findings(scan(captures.kubeadm, '--no-baseline', '--config', config).stdout);
    expect(docs.map((d) => d.certhound.trust.verdict)).toEqual(['trusted-private']);
    expect(worst(docs)).toBeLessThanOrEqual(SEVERITY_RANK.low);
  });

  it('a `baseline trust --ca` mark anchors what the CA issued; marks lists it, show shows it, unmark removes it', () => {
    const store = join(dir, 'baseline-ca');
    const corp = pkis.find((p) => p.name === 'corporate') as PrivatePki;
    const issuing = corp.cas[1];
    const mark = runCli(['baseline', 'trust', '--ca', issuing.certPath, '--reason', 'corporate issuing CA', '--baseline', store]);
    expect(mark.status).toBe(0);
    expect(mark.stderr).toContain(`trusted CA (and what it issues) ${sha(issuing.der).toLowerCase()} CN=Example Corp Issuing CA 1,O=Example Corp,C=US`);

    const docs = findings(scan(captures.corporate, '--baseline', store, '--no-update').stdout);
    expect(worst(docs)).toBeLessThanOrEqual(SEVERITY_RANK.low);
    const leaf = docs.find((d) => d.certhound.x509.sha256 === sha(corp.leaves[0].der)) as Doc;
    expect(leaf.certhound.trust.verdict).toBe('trusted-private');
    expect(leaf.certhound.trust.reason).toContain('corporate issuing CA');

    const marks = runCli(['baseline', 'marks', '--baseline', store]);
    expect(marks.stdout).toMatch(new RegExp(`^${sha(issuing.der).toLowerCase()}  trusted CA \\(covers what it issued\\): corporate issuing CA \\(analyst, \\d{4}-.*CN=Example Corp Issuing CA 1`));
    const shown = runCli(['baseline', 'show', '-f', 'table', sha(issuing.der), '--baseline', store]);
    expect(shown.stdout).toContain('marked       trusted CA (covers what it issued): corporate issuing CA');
    const unmark = runCli(['baseline', 'unmark', issuing.certPath, '--baseline', store]);
    expect(unmark.stderr).toBe(`certhound: removed the mark on ${sha(issuing.der).toLowerCase()}\n`);
    expect(runCli(['baseline', 'marks', '--baseline', store]).stdout).toBe('');
    expect(findings(scan(captures.corporate, '--baseline', store, '--no-update').stdout).map((d) => d.certhound.trust.verdict)).not.toContain('trusted-private');
  });

  it('refuses --ca on a leaf or a bare fingerprint, in one line', () => {
    const store = join(dir, 'baseline-refuse');
    const leaf = pkis[0].leaves[0];
    const r = runCli(['baseline', 'trust', '--ca', leaf.certPath, '--reason', 'x', '--baseline', store]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`certhound: ${leaf.certPath}: is not a CA certificate (basicConstraints cA is not set)\n`);
    const f = runCli(['baseline', 'trust', '--ca', sha(leaf.der), '--reason', 'x', '--baseline', store]);
    expect(f.status).toBe(2);
    expect(f.stderr).toContain('--ca needs the certificate file');
  });

  it('a private root carrying a public CA name under another key still counts as attack evidence', () => {
    const fake = makeCert(dir, {
      key: 'rsa:2048', subject: '/C=US/O=Internet Security Research Group/CN=ISRG Root X1', startDate: '20250101000000Z', endDate: '20350101000000Z',
      serial: '0badc0de', extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'],
    });
    const leaf = makeCert(dir, {
      key: 'ec:P-256', subject: '/CN=login.corp.example', issuer: fake, startDate: '20260201000000Z', endDate: '20260501000000Z', serial: '77',
      extensions: ['subjectAltName = DNS:login.corp.example', 'extendedKeyUsage = serverAuth'],
    });
    const capture = join(dir, 'copied.pcap');
    writeFileSync(capture, tlsCapture([{ server: '10.9.9.9', sni: 'login.corp.example', serverChain: [leaf.der], time: SEEN }]));
    const docs = findings(scan(capture, '--no-baseline', '--trust-roots', fake.certPath).stdout);
    const doc = docs.find((d) => d.certhound.x509.sha256 === sha(leaf.der)) as Doc;
    expect(doc.certhound.trust.verdict).toBe('trusted-private');
    expect(doc.certhound.trust.reason).toContain('carries the public root name ISRG Root X1 under another key');
    const bad = doc.certhound.signals.find((s: { id: string }) => s.id === 'bad-signature');
    expect([bad?.class, bad?.severity]).toEqual(['attack', 'medium']);
    expect(SEVERITY_RANK[doc.certhound.severity as keyof typeof SEVERITY_RANK]).toBeGreaterThanOrEqual(SEVERITY_RANK.medium);
  });

  it('says which trust-roots input is wrong, in one line', () => {
    const r = scan(captures.corporate, '--no-baseline', '--trust-roots', join(dir, 'missing.pem'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`certhound: --trust-roots: ${join(dir, 'missing.pem')}: no such file\n`);
    const notPem = join(dir, 'notes.txt');
    writeFileSync(notPem, 'hello');
    expect(scan(captures.corporate, '--no-baseline', '--trust-roots', notPem).stderr).toBe(`certhound: --trust-roots: ${notPem}: no certificate (neither PEM nor DER)\n`);
  });
});

function sha(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}
