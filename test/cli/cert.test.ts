/** certhound cert: certificates made by openssl in the test, and the genuine CA PEMs of ../shared/corpus/genuine-cas. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ndjson } from '../helpers/run-cli';

const GENUINE = join(__dirname, '../../../shared/corpus/genuine-cas/microsoft_it_tls_ca_5.pem');

describe('certhound cert', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-cert-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function openssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  }

  it("flags openssl's default DN as a self-signed developer default, with reasons", () => {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-batch', '-keyout', 'k.pem', '-out', 'widgits.pem', '-days', '30']);
    const r = runCli(['cert', '--format', 'ndjson', join(dir, 'widgits.pem')]);
    const [doc] = ndjson(r.stdout);
    const ids = doc.certhound.signals.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['developer-default', 'self-signed']));
    expect(doc.tls.server.x509.subject.distinguished_name).toBe('O=Internet Widgits Pty Ltd,ST=Some-State,C=AU');
    expect(doc.certhound.chain).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  it('reads a PEM bundle as a chain: a forged "Microsoft IT TLS CA 5" is high', () => {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '365',
      '-subj', '/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/OU=Microsoft IT/CN=Microsoft IT TLS CA 5', '-addext', 'basicConstraints=critical,CA:TRUE']);
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=login.example.net']);
    openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '7', '-days', '30', '-out', 'leaf.pem']);
    writeFileSync(join(dir, 'bundle.pem'), Buffer.concat([readFileSync(join(dir, 'leaf.pem')), readFileSync(join(dir, 'ca.pem'))]));
    const r = runCli(['cert', '--format', 'ndjson', join(dir, 'bundle.pem')]);
    const [doc] = ndjson(r.stdout);
    expect(doc.certhound.chain.map((c: { subject: string }) => c.subject)).toEqual(['CN=login.example.net', 'CN=Microsoft IT TLS CA 5,OU=Microsoft IT,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US']);
    expect(doc.certhound.signals.map((s: { id: string }) => s.id)).toContain('impersonates-known-ca');
    expect(['high', 'critical']).toContain(doc.certhound.severity);
    expect(r.status).toBe(1);
  });

  (existsSync(GENUINE) ? it : it.skip)('judges the genuine Microsoft IT TLS CA 5 at a time it was valid: nothing above info', () => {
    const r = runCli(['cert', '--format', 'ndjson', '--at', '2020-01-01T00:00:00Z', GENUINE]);
    const [doc] = ndjson(r.stdout);
    expect(doc.certhound.trust.verdict).toBe('trusted');
    expect(doc.certhound.severity).toBe('info');
    expect(r.status).toBe(0);
  });

  it('says in one line when the file holds no certificate, and exits 2', () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate');
    const r = runCli(['cert', join(dir, 'notes.txt')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`certhound: ${join(dir, 'notes.txt')}: no certificate (neither PEM nor DER)\n`);
  });
});
