/**
 * Issue #16, "no internal errors on input": values from outside that broke certhound with `internal error: …`
 * (no file named) are now a counted anomaly or a one-line error naming the file and the offset or line. Each
 * input is built here and run through the built CLI (`npm run build` first when running this file alone).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CERTHOUND_BIN, runCli, ndjson } from '../helpers/run-cli';
import { BaselineStore } from '../../src/baseline';
import { key } from '../../src/baseline/keys';
import { makeCert as makeOpensslCert, makeWorkDir } from '../helpers/x509-openssl';
import { epb, idb, shb } from '../helpers/capture-fixtures';
import { LINKTYPE } from '../helpers/pcap-writer';
import { ethernet } from '../helpers/frames';
import { distinctCertificateConversations, serverFlight, tlsConversation, writePcapStream } from '../helpers/hostile';
import { certificateBody, makeCert } from '../helpers/tls-messages';
import { tsvLog } from '../helpers/zeek-logs';
import { MAX_CHAIN_CERTIFICATES } from '../../src/pipeline/certificate-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certhound-inputs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every stderr line is one `certhound: ` line; none is an internal error or a stack frame. */
function expectOneLiners(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l !== '');
  for (const l of lines) expect(l).toMatch(/^certhound: /);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
  return lines;
}

describe('values from outside are checked where they enter', () => {
  it('pcapng: a packet time no date can hold is skipped with a warning naming file and offset; the rest is read', () => {
    const conversation = tlsConversation(serverFlight(certificateBody([makeCert('time.example')])));
    const blocks = [shb(), idb(LINKTYPE.ETHERNET, { tsresol: 0 })];
    // 2^60 seconds: year 36 billion. Then the same conversation at a real time.
    blocks.push(epb(0, 1n << 60n, ethernet(conversation[0])));
    conversation.forEach((p, i) => blocks.push(epb(0, 1_700_000_000n + BigInt(i), ethernet(p))));
    const file = join(dir, 'far-future.pcapng');
    writeFileSync(file, Buffer.concat(blocks));
    const r = runCli(['scan', '--no-baseline', '-f', 'ndjson', file]);
    expect(expectOneLiners(r.stderr)).toEqual([`certhound: warning: ${file}: offset 60: packet time 1152921504606847000 s is past what a date can hold; packet skipped`]);
    expect(ndjson(r.stdout).filter((d) => d.event.dataset === 'certhound.tls')).toHaveLength(1);
  });

  it('a Zeek ts of 1e17 gives the line no time (counted), not an internal error', () => {
    const logs = join(dir, 'zeek-far');
    mkdirSync(logs);
    writeFileSync(join(logs, 'ssl.log'), tsvLog('ssl',
      ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'server_name', 'established'],
      ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'bool'],
      [['100000000000000000', 'C1', '10.0.0.1', '5000', '10.0.0.2', '443', 'TLSv12', 'far.example', 'T'],
        ['1700000000.000000', 'C2', '10.0.0.1', '5001', '10.0.0.2', '443', 'TLSv12', 'near.example', 'T']]));
    const r = runCli(['scan', '--no-baseline', '-f', 'ndjson', logs]);
    expect(r.status).toBe(0);
    expect(expectOneLiners(r.stderr).join('\n')).toMatch(/ssl\.log: 1 ssl lines have no usable ts/);
    expect(ndjson(r.stdout).map((d) => d.tls?.client?.server_name)).toEqual(['far.example', 'near.example']);
  });

  it('host: an XML event of 100,000 nested tags is skipped with a warning naming file and line', () => {
    const file = join(dir, 'nested.xml');
    const n = 100_000;
    writeFileSync(file, `<Events>\n<Event><System><EventID>1</EventID></System><EventData>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</EventData></Event>\n</Events>\n`);
    const r = runCli(['host', '-f', 'ndjson', file]);
    expect(r.status).toBe(0);
    expect(expectOneLiners(r.stderr)).toEqual([`certhound: warning: ${file}: line 2: XML event nested deeper than 32 elements: skipped`]);
  });

  it('host: a file named on the command line in no known format exits 2 as scan does; one met in a folder is only reported', () => {
    const folder = join(dir, 'host-mixed');
    mkdirSync(folder);
    const file = join(folder, 'notes.txt');
    writeFileSync(file, 'these are notes, not events\n');
    const named = runCli(['host', '-f', 'ndjson', file]);
    expect(named.status).toBe(2);
    expect(expectOneLiners(named.stderr)).toEqual([`certhound: ${file}: line 1: unrecognised host event format (not XML, JSON or auditd)`]);
    const walked = runCli(['host', '-f', 'ndjson', folder]);
    expect(walked.status).toBe(0);
    expect(expectOneLiners(walked.stderr)).toEqual([`certhound: warning: ${file}: line 1: unrecognised host event format (not XML, JSON or auditd)`]);
  });
  it('cert: a bundle of more than MAX_CHAIN_CERTIFICATES certificates judges the first ones as its chain and says so', () => {
    const pem = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const file = join(dir, 'bundle.pem');
    writeFileSync(file, Array.from({ length: MAX_CHAIN_CERTIFICATES + 5 }, (_, i) => pem(makeCert(`b${i % 3}.example`))).join(''));
    const r = runCli(['cert', '-f', 'ndjson', file]);
    expect(expectOneLiners(r.stderr)).toEqual([`certhound: warning: ${file}: the first ${MAX_CHAIN_CERTIFICATES} certificates are judged as a chain; 5 more are not`]);
    expect(ndjson(r.stdout)[0].certhound.chain).toHaveLength(MAX_CHAIN_CERTIFICATES);
  });
  it('config: an allowlist pattern with nested quantifiers runs in linear time on a 38-character CN (25 s before)', () => {
    const cert = join(dir, 'redos.der');
    writeFileSync(cert, makeCert(`${'a'.repeat(38)}!`));
    const config = join(dir, 'redos.yaml');
    writeFileSync(config, "allowlist:\n  subjectPatterns: ['^CN=(a+)+$']\n");
    const started = Date.now();
    const r = runCli(['cert', '-f', 'ndjson', '--config', config, cert]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expectOneLiners(r.stderr);
    expect(ndjson(r.stdout)[0].certhound.suppressed).toBeUndefined();
  });

  it('config: a pattern RE2 cannot run in linear time (a backreference) is refused in one line naming the key', () => {
    const config = join(dir, 'backref.yaml');
    writeFileSync(config, "allowlist:\n  subjectPatterns: ['(a)\\1']\n");
    const r = runCli(['scan', '--no-baseline', '--config', config, 'captures']);
    expect(r.status).toBe(2);
    expect(expectOneLiners(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^certhound: ${config}: config allowlist\\.subjectPatterns\\[0\\]: '\\(a\\)\\\\1' is not a pattern certhound runs \\(RE2 syntax`))]);
  });

  it('config: YAML warnings are one line each, naming file and line', () => {
    const config = join(dir, 'warn.yaml');
    writeFileSync(config, '%YAML 1.3\n---\nfreshHours: !!int 12\nweights: { expired: 3 }\n');
    const r = runCli(['scan', '--no-baseline', '-f', 'ndjson', '--config', config, 'captures']);
    expect(expectOneLiners(r.stderr)).toEqual([`certhound: warning: ${config}: line 1: Unsupported YAML version 1.3`]);
  });

  it('config: a YAML alias bomb (nine levels of nine aliases, 9^9 strings) is refused in one line naming the file', () => {
    const config = join(dir, 'laughs.yaml');
    const levels = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    writeFileSync(config, `${levels.join('\n')}\nallowlist:\n  subjectPatterns: *a9\n`);
    const started = Date.now();
    const r = runCli(['scan', '--no-baseline', '--config', config, 'captures']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.status).toBe(2);
    expect(expectOneLiners(r.stderr)).toEqual([`certhound: ${config}: not valid JSON or YAML: Excessive alias count indicates a resource exhaustion attack`]);
  });
  it('a file name with a newline and an escape code is printed escaped: no forged certhound line, no terminal control', () => {
    const file = join(dir, 'x\ncerthound: all clear\x1b[2J.pcap');
    writeFileSync(file, 'not a capture');
    const r = runCli(['scan', '--no-baseline', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`certhound: ${dir}/x\\x0acerthound: all clear\\x1b[2J.pcap: not a pcap, pcapng or gzip stream\n`);
  });
  it('baseline: a damaged record for a certificate the scan meets is read as absent with a warning, not an internal error', async () => {
    const store = join(dir, 'damaged-store');
    expect(runCli(['baseline', 'learn', '--baseline', store, 'captures']).status).toBe(0);
    const sha = ndjson(runCli(['scan', '--no-baseline', '-f', 'ndjson', 'captures']).stdout).find((d) => d.event.dataset === 'certhound.tls')!.certhound.server.chain[0].sha256.toLowerCase();
    const opened = await BaselineStore.open(store);
    await opened.write([{ type: 'put', key: key.cert(sha), value: { sha256: sha, subject: 'CN=half a record' } }]);
    await opened.close();
    const r = runCli(['scan', '--baseline', store, '-f', 'ndjson', 'captures']);
    expect(r.status).not.toBe(2);
    expect(expectOneLiners(r.stderr)).toEqual([`certhound: warning: baseline ${store}: 1 damaged records read as absent (not certhound's schema)`]);
  });

  it('baseline: a scan that fills its disk part way is rolled back to the run before it, in one line naming the store', () => {
    const store = join(dir, 'full-store');
    expect(runCli(['baseline', 'learn', '--baseline', store, 'captures']).status).toBe(0);
    const before = runCli(['baseline', 'stats', '--baseline', store]).stdout;
    const work = makeWorkDir();
    const serial = '5a17c0ffee000001';
    const { der } = makeOpensslCert(work, { key: 'ec:P-256', subject: '/CN=many.example.test', startDate: '20260101000000Z', endDate: '20270101000000Z', serial, extensions: [] });
    const capture = join(dir, 'many-certificates.pcap');
    writePcapStream(capture, distinctCertificateConversations(der, der.indexOf(Buffer.from(serial, 'hex')) + 4, 12_000));
    // The kernel refuses to grow any file past 6 MiB (SIGXFSZ ignored, so the write fails with EFBIG): a full disk.
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 6144; exec "$0" "$@"`, process.execPath, CERTHOUND_BIN, 'scan', '--baseline', store, '-f', 'ndjson', '--no-connections', capture], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(r.status).toBe(2);
    expect(expectOneLiners(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^certhound: baseline ${store}: cannot write \\(.*File too large\\); the run was rolled back to the state before it$`))]);
    expect(runCli(['baseline', 'stats', '--baseline', store]).stdout).toBe(before);
    rmSync(work, { recursive: true, force: true });
  }, 180_000);
});
