/**
 * Issue #17, "done when": the same findings with capture workers as on one thread. `scan` runs from the build
 * (bin/certhound, as a user runs it) with --workers 0 (no worker: one thread) and with 1, 2 and 3 workers, on the
 * conformance corpus (a folder of many captures: shared out file by file), on generated traffic mixes (one
 * capture: shared out by flow) and on a mix rotated into a folder by tcpdump -C (file by file); every connection
 * must be the same bytes in the same order, every finding must end with the same judgement, and the counters must
 * be the same.
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
  // counts only: the rates (handshakes_per_s) differ from run to run
  const rows = r.stderr.split('\n').filter((l) => /^[\w.]+\s+\d+$/.test(l) && !l.startsWith('handshakes_per_s'));
  const workersRow = rows.find((l) => l.startsWith('capture_workers'));
  const stats = rows.filter((l) => l !== workersRow).join('\n');
  return { stdout: r.stdout, stats, status: r.status, workers: Number(workersRow?.split(/\s+/)[1]) };
}

interface Doc {
  event: { dataset: string };
  certhound?: { finding_id: string; severity: string; score: number; signals: Array<{ id: string }> };
}

/**
 * What a scan's stdout says whatever its pauses: the connections in order, byte for byte, and each finding's last
 * judgement. Findings stream as their certificates are first judged, at the run's pauses between chunks, and again
 * when their judgement changes: where they fall among the connections, and which sightings a first document
 * holds, depend on where reading paused, which differs with the number of threads.
 */
function said(stdout: string): { connections: string[]; findings: Map<string, string> } {
  const connections: string[] = [];
  const findings = new Map<string, string>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const doc = JSON.parse(line) as Doc;
    if (doc.event.dataset === 'certhound.tls') connections.push(line);
    else if (doc.certhound) {
      const f = doc.certhound;
      findings.set(f.finding_id, `${f.severity} ${f.score} ${f.signals.map((x) => x.id).sort().join(',')}`);
    }
  }
  return { connections, findings };
}

function expectSameAsOneThread(input: string, workers: string[]): { connections: number; findings: number } {
  const one = scanWith('0', input);
  expect(one.status).not.toBe(2);
  expect(one.workers).toBe(1); // the main thread read them
  const a = said(one.stdout);
  for (const w of workers) {
    const many = scanWith(w, input);
    expect(many.workers).toBe(Number(w));
    expect({ workers: w, stats: many.stats, status: many.status }).toEqual({ workers: w, stats: one.stats, status: one.status });
    const b = said(many.stdout);
    // compared whole: a difference prints the first connection that differs
    const first = a.connections.findIndex((line, i) => line !== b.connections[i]);
    expect({ workers: w, line: first, text: b.connections[first] }).toEqual({ workers: w, line: -1, text: undefined });
    expect(b.connections.length).toBe(a.connections.length);
    expect({ workers: w, findings: [...b.findings].sort() }).toEqual({ workers: w, findings: [...a.findings].sort() });
  }
  return { connections: a.connections.length, findings: a.findings.size };
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
