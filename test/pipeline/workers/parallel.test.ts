/**
 * Issue #17, "done when": the same findings with capture workers as on one thread. `scan` runs from the build
 * (bin/certhound, as a user runs it) with --workers 0 (no worker: one thread) and with 1, 2 and 3 workers, on the
 * conformance corpus (a folder of many captures: shared out file by file), on generated traffic mixes (one
 * capture: shared out by flow) and on a mix rotated into a folder by tcpdump -C (file by file); stdout, every
 * connection and finding, must be the same bytes, and so must the counters.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { DENSE, REALISTIC, scaled } from '../../../bench/traffic/mixes';
import { writeMix, type MixTruth } from '../../../bench/traffic/mix';
import { trafficPki } from '../../../bench/traffic/pki';
import { CORPUS_DIR } from '../../helpers/corpus';
import { runCli } from '../../helpers/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'certhound-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A scan's stdout and its counters (--stats), each run with a baseline of its own, made fresh. */
function scanWith(workers: string, input: string): { stdout: string; stats: string; status: number | null; workers: number } {
  const baseline = mkdtempSync(join(dir, 'baseline-'));
  const r = runCli(['scan', '--workers', workers, '--baseline', baseline, '--stats', '--min-severity', 'info', input]);
  rmSync(baseline, { recursive: true, force: true });
  const rows = r.stderr.split('\n').filter((l) => /^[\w.]+\s+\d+$/.test(l));
  const workersRow = rows.find((l) => l.startsWith('capture_workers'));
  const stats = rows.filter((l) => l !== workersRow).join('\n');
  return { stdout: r.stdout, stats, status: r.status, workers: Number(workersRow?.split(/\s+/)[1]) };
}

function expectSameAsOneThread(input: string, workers: string[]): { connections: number; findings: number } {
  const one = scanWith('0', input);
  expect(one.status).not.toBe(2);
  expect(one.workers).toBe(1); // the main thread read them
  for (const w of workers) {
    const many = scanWith(w, input);
    expect(many.workers).toBe(Number(w));
    expect({ workers: w, stats: many.stats, status: many.status }).toEqual({ workers: w, stats: one.stats, status: one.status });
    // compared whole: a difference prints the first line that differs
    const a = one.stdout.split('\n');
    const b = many.stdout.split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    expect({ workers: w, line: first, text: b[first] }).toEqual({ workers: w, line: -1, text: undefined });
    expect(b.length).toBe(a.length);
  }
  const docs = one.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: { kind: string } });
  return { connections: docs.filter((d) => d.event.kind === 'event').length, findings: docs.filter((d) => d.event.kind !== 'event').length };
}

describe('capture workers give what one thread gives', () => {
  let realistic: { path: string; truth: MixTruth };
  let dense: { path: string; truth: MixTruth };

  beforeAll(async () => {
    const pki = await trafficPki(join(dir, 'pki.json'), { serverLeaves: 120, clientLeaves: 12, quick: true }, () => undefined);
    const make = (spec: typeof REALISTIC, scale: number) => {
      const path = join(dir, `${spec.name}.pcap`);
      return { path, truth: writeMix(path, { ...scaled(spec, scale), sites: 100 }, pki, () => undefined) };
    };
    realistic = make(REALISTIC, 1 / 64);
    dense = make(DENSE, 1 / 128);
  }, 300_000);

  it('on the conformance corpus, a folder of 79 captures shared out file by file', () => {
    const seen = expectSameAsOneThread(join(CORPUS_DIR, 'pcap'), ['1', '3']);
    expect(seen.connections).toBeGreaterThan(100);
    expect(seen.findings).toBeGreaterThan(50);
  }, 300_000);

  it('on a generated realistic mix, one capture shared out by flow (reordered and repeated segments, mutual TLS, TLS 1.3)', () => {
    const seen = expectSameAsOneThread(realistic.path, ['1', '2', '3']);
    expect(seen.connections).toBe(realistic.truth.tlsConnections);
    expect(realistic.truth.clientChains).toBeGreaterThan(0);
  }, 300_000);

  it('on a generated handshake-dense mix, shared out by flow', () => {
    const seen = expectSameAsOneThread(dense.path, ['1', '2']);
    expect(seen.connections).toBe(dense.truth.tlsConnections);
  }, 300_000);

  it('on a mix rotated into a folder by tcpdump -C, shared out file by file', () => {
    const rotated = join(dir, 'rotated');
    mkdirSync(rotated);
    execFileSync('tcpdump', ['-Z', userInfo().username, '-r', realistic.path, '-w', join(rotated, 'sensor'), '-C', '1'], { stdio: 'ignore' });
    writeFileSync(join(rotated, 'README'), 'not a capture: counted as skipped, in the same place in both runs\n');
    expect(readdirSync(rotated).length).toBeGreaterThanOrEqual(5);
    expectSameAsOneThread(rotated, ['1', '2']);
  }, 300_000);
});
