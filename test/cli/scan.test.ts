/**
 * certhound scan end to end, on the sample capture made by real tools (captures/make-samples.sh: openssl
 * s_server/s_client, keytool, tcpdump) and on damaged copies of it made in the test.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ndjson as allDocs } from '../helpers/run-cli';

/** The per-connection documents (findings follow them with dataset certhound.finding). */
const ndjson = (text: string) => allDocs(text).filter((d) => d.event.dataset === 'certhound.tls');

const SAMPLE = join(__dirname, '..', '..', 'captures', 't1587-samples.pcapng');

describe('certhound scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one ECS document per TLS connection of the sample capture', () => {
    const r = runCli(['scan', '--no-baseline', '--fail-on', 'high', '--format', 'ndjson', SAMPLE]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1); // the Cobalt Strike-shaped certificate is high (attack evidence: a C2 default)
    const docs = ndjson(r.stdout);
    expect(docs).toHaveLength(8);
    for (const d of docs) {
      expect(d.event.dataset).toBe('certhound.tls');
      expect(d.network.transport).toBe('tcp');
      expect(d.source.ip).toBe('127.0.0.1');
      expect(d['@timestamp']).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    }
    const byPort = new Map(docs.map((d) => [d.destination.port, d]));
    const storm = docs.find((d) => d.destination.port === 8441)!;
    expect(storm.tls.client.server_name).toBe('login.microsoftonline-auth.com');
    expect(storm.tls.version).toBe('1.2');
    expect(storm.certhound.server.chain.map((c: any) => c.subject)).toEqual([
      'CN=login.microsoftonline-auth.com',
      'CN=Microsoft IT TLS CA 5,OU=Microsoft IT,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
    ]);
    expect(storm.tls.server.hash.sha256).toBe(storm.certhound.server.chain[0].sha256.toUpperCase());
    // One certificate on three addresses.
    const reuse = docs.filter((d) => d.destination.port === 8444);
    expect(new Set(reuse.map((d) => d.destination.ip))).toEqual(new Set(['127.0.0.3', '127.0.0.4', '127.0.0.5']));
    expect(new Set(reuse.map((d) => d.tls.server.hash.sha256)).size).toBe(1);
    // Mutual TLS: the client's chain is reported under tls.client.
    expect(byPort.get(8445)!.tls.client.x509.subject.distinguished_name).toBe('CN=client');
    expect(byPort.get(8445)!.certhound.client.chain_status).toBe('present');
    // TLS 1.3: hidden, and said so.
    expect(byPort.get(8446)!.tls.version).toBe('1.3');
    expect(byPort.get(8446)!.certhound.server).toEqual({ chain_status: 'encrypted' });
  });

  it('reads gzip and stdin to the same result', () => {
    const plain = ndjson(runCli(['scan', '--no-baseline', '--format', 'ndjson', SAMPLE]).stdout);
    const gz = join(dir, 'sample.pcapng.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    expect(ndjson(runCli(['scan', '--no-baseline', '--format', 'ndjson', gz]).stdout).map((d) => d.tls)).toEqual(plain.map((d) => d.tls));
    const piped = runCli(['scan', '--no-baseline', '--format', 'ndjson', '-'], { input: readFileSync(SAMPLE) });
    expect(piped.status).toBe(1);
    expect(ndjson(piped.stdout).map((d) => d.tls)).toEqual(plain.map((d) => d.tls));
  });

  it('names a file that is no capture, exits 2, and still scans the others', () => {
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'these are my notes, not a capture\n');
    const r = runCli(['scan', '--no-baseline', '--format', 'ndjson', junk, SAMPLE]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`certhound: ${junk}: not a pcap, pcapng or gzip stream\n`);
    expect(ndjson(r.stdout)).toHaveLength(8);
  });

  it('keeps everything before the cut of a truncated capture and says where it was cut', () => {
    const whole = readFileSync(SAMPLE);
    const cut = join(dir, 'cut.pcapng');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = runCli(['scan', '--no-baseline', '--format', 'ndjson', cut]);
    expect(r.stderr).toMatch(new RegExp(`^certhound: warning: ${cut}: offset \\d+: .*\\n$`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const docs = ndjson(r.stdout);
    expect(docs.length).toBeGreaterThanOrEqual(3);
    expect(docs.length).toBeLessThan(8);
  });

  it('reports a missing file in one line', () => {
    const r = runCli(['scan', '--no-baseline', join(dir, 'nope.pcap')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nope.pcap');
  });

  it('refuses a bad flag value in one line with exit 2', () => {
    const r = runCli(['scan', '--no-baseline', '--format', 'xml', SAMPLE]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("certhound: unknown format 'xml' (table, ndjson, html, zeek-intel, suricata, stix, misp, csv)\n");
    expect(r.stdout).toBe('');
    const s = runCli(['scan', '--no-baseline', '--fail-on', 'urgent', SAMPLE]);
    expect(s.status).toBe(2);
    expect(s.stderr).toBe("certhound: unknown severity 'urgent' (info, low, medium, high, critical)\n");
  });
});
