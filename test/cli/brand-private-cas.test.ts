/**
 * Issue 13, reference data that knows genuine private PKI: baselines/reference/private-cas.json against its own
 * PEMs, and the genuine Amazon RDS chain of zeek's psql-aws-ssl-preferred.pcap (../shared/corpus, sources.tsv row
 * zeek-psql-aws-ssl-preferred.pcap): an untrusted chain of Amazon's own (not "impersonates Amazon"), at most medium;
 * anchored with --trust-roots or a CA mark, at most low. A forged CA carrying an RDS name is bad-signature.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEVERITY_RANK } from '../../src/detect/types';
import { scan } from '../../src/pipeline/scan';
import { certFacts } from '../../src/x509/cert-facts';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { shippedBrandPrivateCas } from '../../src/x509/brand-private-cas';
import { TrustStore } from '../../src/x509/trust-store';
import { CORPUS_DIR } from '../helpers/corpus';
import { ndjson, runCli } from '../helpers/run-cli';
import { tlsCapture } from '../helpers/tls-capture';
import { makeCert } from '../helpers/x509-openssl';

const RDS_PCAP = join(CORPUS_DIR, 'pcap', 'zeek-psql-aws-ssl-preferred.pcap');
type Doc = Record<string, any>;
const findings = (stdout: string): Doc[] => ndjson(stdout).filter((d) => d.event.dataset === 'certhound.finding');
const rank = (d: Doc): number => SEVERITY_RANK[d.certhound.severity as keyof typeof SEVERITY_RANK];
const pemOf = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

describe('baselines/reference/private-cas.json', () => {
  const cas = shippedBrandPrivateCas();
  const doc = require('../../baselines/reference/private-cas.json') as { cas: Array<Record<string, any>> };

  it('holds every Amazon RDS generation and the other brands\' private CAs, each certificate once', () => {
    const names = cas.map((c) => c.name);
    for (const n of ['aws.amazon.com/rds/', 'Amazon RDS Root CA', 'Amazon RDS Root 2019 CA', 'Amazon RDS us-east-1 2019 CA', 'Amazon RDS GovCloud Root CA',
      'Amazon RDS us-east-1 Root CA RSA2048 G1', 'Amazon RDS eu-west-1 Root CA ECC384 G1', 'Apple Root CA', 'Apple Server Authentication CA',
      'Microsoft Root Certificate Authority 2011', 'Microsoft Update Secure Server CA 2.1']) expect(names).toContain(n);
    expect(new Set(cas.map((c) => c.sha256)).size).toBe(cas.length);
    expect(cas.filter((c) => c.brand === 'Amazon').length).toBeGreaterThan(120);
  });

  it.each(doc.cas.map((c) => [c.name, c]))('%s: the PEM is the certificate the record names, with its key and source', (_n, c) => {
    const f = certFacts(new X509Certificate(c.pem).raw);
    expect(f.parsed).toBe(true);
    expect([f.sha256, f.spkiSha256, f.notAfter]).toEqual([c.sha256, c.spkiSha256, c.notAfter]);
    expect(f.basicConstraints?.ca ?? f.version < 3).toBe(true);
    expect(c.source).toMatchObject({ repo: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/), path: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('anchors nothing: a chain ending at a genuine brand CA stays untrusted, and says whose it is', () => {
    const root = cas.find((c) => c.name === 'Amazon RDS Root 2019 CA');
    const v = chainVerdict([new X509Certificate(root?.pem as string).raw], new Date('2021-01-01T00:00:00Z'), TrustStore.default());
    expect(v.verdict).toBe('untrusted');
    expect(v.genuineCa).toEqual({ name: 'Amazon RDS Root 2019 CA', brand: 'Amazon' });
  });
});

describe('a genuine Amazon RDS chain (zeek psql-aws-ssl-preferred.pcap)', () => {
  let dir: string;
  let chain: Buffer[];
  const scanDocs = (...args: string[]) => findings(runCli(['scan', '--format', 'ndjson', '--no-connections', '--min-severity', 'info', '--fail-on', 'critical', ...args]).stdout);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-rds-'));
    const chains: Buffer[][] = [];
    await scan([RDS_PCAP], { onProblem: () => undefined, onConnection: (h) => { if (h.serverChain.certs.length > 0) chains.push(h.serverChain.certs.map((c) => c.der as Buffer)); } }, { findings: false });
    chain = chains[0];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is Amazon\'s own: untrusted, no impersonation, at most medium; the CA certificates at most low', () => {
    expect(chain.length).toBe(3);
    const docs = scanDocs('--no-baseline', RDS_PCAP);
    expect(docs.length).toBe(3);
    for (const d of docs) {
      expect(d.certhound.signals.map((s: { id: string }) => s.id)).not.toContain('impersonates-known-ca');
      expect(d.certhound.trust.reason).toContain('a genuine private CA of Amazon');
      expect(rank(d)).toBeLessThanOrEqual(d.certhound.chain_position > 0 ? SEVERITY_RANK.low : SEVERITY_RANK.medium);
    }
  });

  it('the leaf alone (the intermediate not sent) still verifies up to the shipped RDS CA', () => {
    const capture = join(dir, 'leaf-only.pcap');
    writeFileSync(capture, tlsCapture([{ server: '10.1.2.3', port: 5432, serverChain: [chain[0]], time: Date.parse('2023-05-01T00:00:00Z') / 1000 }]));
    const [doc] = scanDocs('--no-baseline', capture);
    expect(doc.certhound.trust.verdict).toBe('untrusted');
    expect(doc.certhound.trust.reason).toMatch(/chain ends at Amazon RDS .* 2019 CA, a genuine private CA of Amazon/);
    expect(rank(doc)).toBeLessThanOrEqual(SEVERITY_RANK.medium);
  });

  it('with --trust-roots (the RDS bundle) or a CA mark on its root: trusted-private, at most low', () => {
    const bundle = join(dir, 'rds.pem');
    writeFileSync(bundle, shippedBrandPrivateCas().filter((c) => c.brand === 'Amazon').map((c) => c.pem).join(''));
    const anchored = scanDocs('--no-baseline', '--trust-roots', bundle, RDS_PCAP);
    expect(anchored.map((d) => d.certhound.trust.verdict)).toEqual(['trusted-private', 'trusted-private', 'trusted-private']);
    expect(Math.max(...anchored.map(rank))).toBeLessThanOrEqual(SEVERITY_RANK.low);

    const root = join(dir, 'root.pem');
    writeFileSync(root, pemOf(chain[2]));
    const store = join(dir, 'baseline');
    expect(runCli(['baseline', 'trust', '--ca', root, '--reason', 'our RDS databases', '--baseline', store]).status).toBe(0);
    const marked = scanDocs('--baseline', store, '--no-update', RDS_PCAP);
    expect(Math.max(...marked.map(rank))).toBeLessThanOrEqual(SEVERITY_RANK.low);
    expect(marked.find((d) => d.certhound.chain_position === 0)?.certhound.trust.verdict).toBe('trusted-private');
  });

  it('a forged CA carrying an RDS name under another key is bad-signature (attack evidence), not Amazon\'s', () => {
    const fake = makeCert(dir, {
      key: 'rsa:2048', subject: '/C=US/L=Seattle/ST=Washington/O=Amazon Web Services, Inc./OU=Amazon RDS/CN=Amazon RDS Root 2019 CA',
      startDate: '20230101000000Z', endDate: '20280101000000Z', serial: '42', extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign'],
    });
    const leaf = makeCert(dir, {
      key: 'rsa:2048', subject: '/C=US/ST=Washington/L=Seattle/O=Amazon.com/OU=RDS/CN=database', issuer: fake,
      startDate: '20230101000000Z', endDate: '20240101000000Z', serial: '43', extensions: ['subjectAltName = DNS:db.example.us-east-1.rds.amazonaws.com'],
    });
    const capture = join(dir, 'forged.pcap');
    writeFileSync(capture, tlsCapture([{ server: '10.1.2.4', port: 5432, serverChain: [leaf.der, fake.der], time: Date.parse('2023-05-01T00:00:00Z') / 1000 }]));
    const docs = scanDocs('--no-baseline', capture);
    const root = docs.find((d) => d.certhound.x509.sha256 === createHash('sha256').update(fake.der).digest('hex').toUpperCase()) as Doc;
    expect(root.certhound.trust.verdict).toBe('bad-signature');
    expect(root.certhound.signals.find((s: { id: string }) => s.id === 'bad-signature')?.class).toBe('attack');
    for (const d of docs) expect(d.certhound.trust.reason).not.toContain('genuine private CA');
  });
});
