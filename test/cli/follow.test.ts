/**
 * Issue 15 item 4: `scan --follow` reads Zeek and EVE logs on as they grow, as `tail -F` does: appended lines,
 * Zeek's rotation (rename, a new file under the name, the archiver's gzip later) and a truncation in place, until
 * SIGINT; the cursors then say where reading ended, so the next sweep reads nothing twice and nothing is lost.
 * Logs: /work/shared/corpus/zeek-logs/zeek-tls1.2.pcap.*.log (Zeek btest baselines, masked ts replaced here).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CERTHOUND_BIN, ndjson, runCli } from '../helpers/run-cli';
import { tsvLog, unmask } from '../helpers/zeek-logs';

const root = join(__dirname, '..', '..');
const corpus = (name: string): string => readFileSync(join(__dirname, '../../../shared/corpus/zeek-logs', name), 'utf8');
const T0 = 1700000000;
const X509 = unmask(corpus('zeek-tls1.2.pcap.x509.log'), T0);
const CHAIN = X509.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[1]);
const SSL_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'resumed', 'established', 'cert_chain_fps', 'client_cert_chain_fps'];
const SSL_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]'];
const row = (n: number): string[] => [`${T0 + n}.000000`, `C${n}`, '10.0.0.80', String(40000 + n), '68.233.76.12', '443', 'TLSv12', 'TLS_RSA_WITH_RC4_128_MD5', `h${n}.example`, 'F', 'T', CHAIN.join(','), '(empty)'];
const sslLog = (from: number, to: number, open: string): string => tsvLog('ssl', SSL_FIELDS, SSL_TYPES, Array.from({ length: to - from }, (_, i) => row(from + i)))
  .replace(/#open\t.*\n/, `#open\t${open}\n`).replace(/#close.*\n/, '');
const lines = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => row(from + i).join('\t') + '\n').join('');

const running: Array<{ kill: (s: NodeJS.Signals) => boolean }> = [];
afterEach(() => running.splice(0).forEach((c) => c.kill('SIGKILL')));

function follow(dir: string, baseline: string) {
  const child = spawn(process.execPath, [CERTHOUND_BIN, 'scan', '--follow', '--baseline', baseline, '--format', 'ndjson', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const connections = (): Array<Record<string, any>> => ndjson(out).filter((d) => d.event.dataset === 'certhound.tls');
  const uids = (): string[] => connections().map((d) => d.certhound.uid as string);
  const flows = (): string[] => connections().map((d) => d.certhound.flow_id as string);
  const until = async (pred: () => boolean, what: string): Promise<void> => {
    for (let i = 0; i < 150 && !pred(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!pred()) throw new Error(`not seen: ${what}; stderr: ${err}`);
  };
  const exit = new Promise<number | null>((r) => child.on('exit', r));
  return { child, uids, flows, until, exit, stderr: () => err };
}
const seq = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `C${from + i}`);

test('Zeek logs: appended lines, a rotation and the archive, then SIGINT; the next sweep reads nothing again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-follow-'));
  const baseline = join(mkdtempSync(join(tmpdir(), 'certhound-follow-b-')), 'store');
  writeFileSync(join(dir, 'x509.log'), X509);
  writeFileSync(join(dir, 'ssl.log'), sslLog(0, 2, '2026-12-01-10-00-00'));
  const run = follow(dir, baseline);
  await run.until(() => run.uids().length === 2, 'the lines there at the start');
  appendFileSync(join(dir, 'ssl.log'), lines(2, 4));
  await run.until(() => run.uids().length === 4, 'appended lines');
  appendFileSync(join(dir, 'ssl.log'), lines(4, 5) + '#close\t2026-12-01-11-00-00\n');
  renameSync(join(dir, 'ssl.log'), join(dir, 'ssl.2026-12-01-10-00-00.log'));
  writeFileSync(join(dir, 'ssl.log'), sslLog(5, 7, '2026-12-01-11-00-00'));
  await run.until(() => run.uids().length === 7, 'the end of the rotated file and the new one');
  expect(run.uids()).toEqual(seq(0, 7));
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(130);
  // the archiver gzips the rotated file; a sweep now reads nothing new
  writeFileSync(join(dir, 'ssl.2026-12-01-10-00-00.log.gz'), gzipSync(readFileSync(join(dir, 'ssl.2026-12-01-10-00-00.log'))));
  rmSync(join(dir, 'ssl.2026-12-01-10-00-00.log'));
  appendFileSync(join(dir, 'ssl.log'), lines(7, 8));
  const next = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', dir]);
  expect(ndjson(next.stdout).filter((d) => d.event.dataset === 'certhound.tls').map((d) => d.certhound.uid)).toEqual(['C7']);
}, 60_000);

test('an EVE log truncated in place while followed is read again from its start, and that is said', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-follow-eve-'));
  const event = (n: number): string => JSON.stringify({
    timestamp: `2025-02-01T10:00:0${n}.000000+0000`, flow_id: 7000 + n, event_type: 'tls', src_ip: '10.0.0.5', src_port: 41000 + n, dest_ip: '198.51.100.9', dest_port: 443, proto: 'TCP',
    tls: { sni: `e${n}.example`, version: 'TLS 1.3' },
  }) + '\n';
  writeFileSync(join(dir, 'eve.json'), event(0));
  const run = follow(dir, join(mkdtempSync(join(tmpdir(), 'certhound-follow-b-')), 'store'));
  await run.until(() => run.flows().length === 1, 'the event there at the start');
  appendFileSync(join(dir, 'eve.json'), event(1));
  await run.until(() => run.flows().length === 2, 'an appended event');
  truncateSync(join(dir, 'eve.json')); // copytruncate: the writer goes on in the same file
  appendFileSync(join(dir, 'eve.json'), event(2) + event(3));
  await run.until(() => run.flows().length === 4, 'the events written after the truncation');
  expect(run.flows()).toEqual(['7000', '7001', '7002', '7003']);
  expect(run.stderr()).toMatch(/eve\.json: truncated or rewritten in place: read again from its start/);
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(130);
}, 60_000);
