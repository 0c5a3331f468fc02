/**
 * Issue 15, streaming and interrupts, run as a user runs certhound (bin/certhound → dist/): a live pipe from a
 * writer that keeps it open shows the first finding before the writer closes; SIGINT mid-scan leaves the findings
 * so far on stdout, one summary line, exit 130 and a baseline that reopens; SIGTERM mid-sweep commits the cursors
 * where reading stopped, so the next sweep reads the rest and no line is lost; a reuse threshold crossed after a
 * certificate was first judged gives an update with the same finding id; SIGINT while capture workers read a folder
 * stops them as it stops one thread.
 * Captures: captures/t1587-samples.pcapng (made by captures/make-samples.sh with openssl, keytool, tcpdump).
 * Logs: /work/shared/corpus/zeek-logs/zeek-tls1.2.pcap.*.log (Zeek btest baselines, masked ts replaced here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR } from '../helpers/corpus';
import { CERTHOUND_BIN, ndjson, runCli } from '../helpers/run-cli';
import { unmask } from '../helpers/zeek-logs';

const root = join(__dirname, '..', '..');
const SAMPLES = readFileSync(join(root, 'captures', 't1587-samples.pcapng'));
const corpus = (name: string): string => readFileSync(join(__dirname, '../../../shared/corpus/zeek-logs', name), 'utf8');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout holds a line matching `pattern`, with the ms since `from`. */
  until: (pattern: RegExp, from?: number) => Promise<number>;
  exit: Promise<number | null>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [CERTHOUND_BIN, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = (pattern: RegExp, from = Date.now()): Promise<number> => new Promise((resolve, reject) => {
    const check = (): void => {
      if (pattern.test(out)) resolve(Date.now() - from);
      else waiters.push(check);
    };
    void exit.then(() => (pattern.test(out) ? resolve(Date.now() - from) : reject(new Error(`exited before ${pattern}: ${err}`))));
    check();
  });
  return { child, stdout: () => out, stderr: () => err, until, exit };
}

const findings = (stdout: string): Array<Record<string, any>> => ndjson(stdout).filter((d) => d.event.dataset === 'certhound.finding');
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'certhound-stream-'));
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a live pipe', () => {
  test('the first finding is written within a second of its handshake, while the writer keeps the pipe open', async () => {
    const run = start(['scan', '-', '--no-baseline', '--format', 'ndjson', '--no-connections']);
    run.child.stdin?.write(SAMPLES.subarray(0, 28)); // the section header: certhound is up and reading
    await pause(1500);
    const sent = Date.now();
    run.child.stdin?.write(SAMPLES.subarray(28));
    const ms = await run.until(/certhound\.finding/, sent);
    expect(ms).toBeLessThan(1000);
    const first = findings(run.stdout())[0];
    expect(first.event.action).toBe('created');
    expect(first.certhound.finding_id).toMatch(/^[0-9a-f]{32}$/);
    run.child.stdin?.end();
    expect(await run.exit).toBe(1); // the samples hold attacker-style certificates (--fail-on high)
  });

  test('SIGINT mid-scan: findings so far on stdout, one summary line, exit 130, a baseline that reopens', async () => {
    const baseline = join(tempDir(), 'baseline');
    const run = start(['scan', '-', '--baseline', baseline, '--format', 'ndjson']);
    run.child.stdin?.write(SAMPLES); // and keep the pipe open: the scan is mid-input
    await run.until(/certhound\.finding/);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    const written = findings(run.stdout());
    expect(written.length).toBeGreaterThan(0);
    const said = run.stderr().split('\n').filter((l) => l.includes('interrupted'));
    expect(said).toEqual([expect.stringMatching(/^certhound: interrupted \(SIGINT\): .*\d+ findings written; baseline and cursors saved$/)]);
    const stats = runCli(['baseline', 'stats', '--baseline', baseline]);
    expect(stats.status).toBe(0);
    const shown = runCli(['baseline', 'show', written[0].tls.server?.hash?.sha256?.toLowerCase() ?? written[0].tls.client.hash.sha256.toLowerCase(), '--baseline', baseline]);
    expect(shown.status).toBe(0);
    run.child.stdin?.destroy();
  });
});

test('SIGINT while capture workers read a folder: they stop, exit 130, one summary line, a baseline that reopens', async () => {
  // 40 sensors' folders of the corpus captures (symbolic links): a run of some seconds, shared out file by file
  const pcaps = join(CORPUS_DIR, 'pcap');
  const dir = tempDir();
  for (let n = 0; n < 40; n++) {
    mkdirSync(join(dir, `sensor-${n}`));
    for (const name of readdirSync(pcaps)) symlinkSync(join(pcaps, name), join(dir, `sensor-${n}`, name));
  }
  const once = runCli(['scan', '--no-baseline', '--format', 'ndjson', '--stats', '--workers', '0', pcaps]);
  const handshakes = (stderr: string): number => Number(/^handshakes\s+(\d+)$/m.exec(stderr)?.[1]);
  const baseline = join(tempDir(), 'baseline');
  const run = start(['scan', '--workers', '2', '--baseline', baseline, '--format', 'ndjson', '--no-connections', '--stats', dir]);
  await run.until(/certhound\.finding/);
  run.child.kill('SIGINT');
  expect(await run.exit).toBe(130);
  expect(run.stderr()).toMatch(/^capture_workers\s+2$/m);
  expect(handshakes(run.stderr())).toBeGreaterThan(0);
  expect(handshakes(run.stderr())).toBeLessThan(40 * handshakes(once.stderr));
  expect(run.stderr().split('\n').filter((l) => l.includes('interrupted'))).toEqual([expect.stringMatching(/^certhound: interrupted \(SIGINT\): .* findings written; baseline and cursors saved$/)]);
  const stats = runCli(['baseline', 'stats', '--baseline', baseline]);
  expect(stats.status).toBe(0);
  expect(Number(/^certificates\s+(\d+)$/m.exec(stats.stdout)?.[1])).toBeGreaterThan(0);
}, 120_000);

describe('a Zeek sweep', () => {
  const T0 = 1700000000;
  function logs(lines: number, serverOf: (n: number) => string): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'x509.log'), unmask(corpus('zeek-tls1.2.pcap.x509.log'), T0));
    const ssl = unmask(corpus('zeek-tls1.2.pcap.ssl.log'), T0).replace(/#close.*\n/, '');
    const header = ssl.split('\n').filter((l) => l.startsWith('#')).join('\n') + '\n';
    const data = ssl.split('\n').find((l) => l && !l.startsWith('#')) as string;
    const cols = data.split('\t');
    const rows: string[] = [];
    for (let n = 0; n < lines; n++) {
      cols[0] = `${T0 + n}.000000`;
      cols[1] = `C${n}`;
      cols[4] = serverOf(n);
      rows.push(cols.join('\t'));
    }
    writeFileSync(join(dir, 'ssl.log'), header + rows.join('\n') + '\n');
    return dir;
  }
  const handshakes = (stderr: string): number => Number(/^handshakes\s+(\d+)$/m.exec(stderr)?.[1]);

  test('SIGTERM mid-sweep commits the cursors where reading stopped: the next sweep reads the rest, no line lost', async () => {
    const lines = 150_000;
    const dir = logs(lines, () => '68.233.76.12');
    const baseline = join(tempDir(), 'baseline');
    const run = start(['scan', '--baseline', baseline, '--format', 'ndjson', '--no-connections', '--stats', dir]);
    await run.until(/certhound\.finding/);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(130);
    const first = handshakes(run.stderr());
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(lines);
    expect(run.stderr()).toMatch(/interrupted \(SIGTERM\)/);
    const rest = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--no-connections', '--stats', dir]);
    expect(rest.status).not.toBe(2);
    expect(first + handshakes(rest.stderr)).toBe(lines);
  });

  test('a reuse threshold crossed after the first judgement gives an update with the same finding id', () => {
    // 1500 lines: the first 1000 (one pause of the input) from one server, the rest from two others
    const dir = logs(1500, (n) => (n < 1000 ? '68.233.76.12' : n < 1250 ? '68.233.76.13' : '68.233.76.14'));
    const r = runCli(['scan', '--no-baseline', '--format', 'ndjson', '--no-connections', '--min-severity', 'info', dir]);
    const docs = findings(r.stdout);
    const leaf = docs.filter((d) => d.tls?.server?.subject?.startsWith('CN=*.taleo.net'));
    expect(leaf.map((d) => d.event.action)).toEqual(['created', 'updated']);
    expect(new Set(leaf.map((d) => d.certhound.finding_id)).size).toBe(1);
    expect(leaf[0].certhound.sightings.distinct_servers).toBe(1);
    expect(leaf[1].certhound.sightings.distinct_servers).toBe(3);
    expect(leaf[1].certhound.changed.signals_added).toContain('reused-certificate');
  });
});
