/**
 * A coverage-guided mutation fuzzer of our own. Jazzer.js was the first choice, but its registry packages either
 * download their native fuzzer from GitHub at install (2.x) or ship one built against glibc 2.38 (4.0), newer than
 * Debian 12's: neither runs here. Coverage comes from V8 itself (the inspector's precise block coverage), so the
 * code under test runs as it ships, uninstrumented.
 *
 * Per target: start from its seeds; mutate a corpus entry (bit flips, interesting integers at length fields,
 * inserts, deletes, repeats, splices with another entry); run a batch; when the batch reached blocks never reached
 * before, re-run its inputs one by one to keep those that did. A harness that throws, or an input that runs past
 * the time budget, is a finding: its input is written under test/fuzz/regressions/<target>/ and replayed by the
 * smoke test from then on. Peak RSS is watched against the 300 MB budget.
 *
 * Findings are judged so that the machine's load and the fuzzer's own state cannot make them: time is the process's
 * CPU time (other processes on shared cores do not count), and an input is slow only if it is slow again on two
 * re-runs (the first run of a path also compiles it). The fuzzing process holds the TypeScript compiler, the corpus
 * and the coverage table, so its RSS passing the budget only sends the batch to a fresh child process
 * (replay-child.ts); the input is a finding only if the child, holding nothing else, passes the budget with it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../helpers/capture-fixtures';

export interface FuzzTarget {
  readonly name: string;
  /** Inputs to start from (real files and generated ones). */
  seeds(): Buffer[];
  /** Runs one input; throwing (or rejecting) is a finding. */
  run(input: Buffer): void | Promise<void>;
  /** Inputs are kept no longer than this. */
  readonly maxLength: number;
}

export interface FuzzOptions {
  runs: number;
  /** Stop after this many seconds even if `runs` is not reached. */
  seconds?: number;
  seed?: number;
  /** Follow V8 block coverage (off in the jest smoke test, which only replays and mutates). */
  coverage?: boolean;
  /** Where findings are written (null: not written). */
  regressions?: string | null;
  log?: (line: string) => void;
}

export interface Finding {
  kind: 'crash' | 'slow' | 'memory';
  message: string;
  file?: string;
}

export interface FuzzReport {
  target: string;
  runs: number;
  corpus: number;
  /** Blocks of src/ reached (coverage on). */
  blocks: number;
  findings: Finding[];
  peakRssMiB: number;
  seconds: number;
}

export interface ReplayReport {
  findings: Finding[];
  /** The replaying child's peak RSS (its own high-water mark, test/helpers/peak-rss.ts), MiB. */
  peakRssMiB: number;
}

/** One input may take this much CPU time before it counts as a finding (a hang or a quadratic path). */
export const SLOW_INPUT_MS = 2000;
/** A slow input is run this many more times; the fastest run is the one judged. */
const SLOW_RERUNS = 2;
export const RSS_BUDGET_MIB = 300;
const BATCH = 64;
/** A campaign says how far it is this often (so a campaign cut short still has its figures). */
const PROGRESS_MS = 60_000;

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x3fff, 0x4000, 0x7fff, 0x8000, 0xffff, 0x10000, 0xffffff, 0x7fffffff, 0xffffffff];

/** A mutated copy of `input` (one to four stacked mutations), `other` for splices. */
export function mutate(input: Buffer, other: Buffer, rand: () => number, maxLength: number): Buffer {
  let b = Buffer.from(input);
  const pick = (n: number): number => Math.floor(rand() * n);
  for (let k = 1 + pick(4); k > 0; k--) {
    const at = b.length > 0 ? pick(b.length) : 0;
    switch (pick(9)) {
      case 0:
        if (b.length > 0) b[at] ^= 1 << pick(8);
        break;
      case 1:
        if (b.length > 0) b[at] = pick(256);
        break;
      case 2: {
        const v = INTERESTING[pick(INTERESTING.length)];
        const width = [1, 2, 3, 4][pick(4)];
        if (at + width <= b.length) {
          if (rand() < 0.5) b.writeUIntBE(v % 2 ** (8 * width), at, width);
          else b.writeUIntLE(v % 2 ** (8 * width), at, width);
        }
        break;
      }
      case 3: {
        const n = Math.min(b.length - at, 1 + pick(64));
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + n)]);
        break;
      }
      case 4: {
        const n = 1 + pick(32);
        const ins = Buffer.alloc(n);
        for (let i = 0; i < n; i++) ins[i] = pick(256);
        b = Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
        break;
      }
      case 5: {
        const n = Math.min(b.length - at, 1 + pick(256));
        const times = 1 + pick(8);
        b = Buffer.concat([b.subarray(0, at + n), ...Array.from({ length: times }, () => b.subarray(at, at + n)), b.subarray(at + n)]);
        break;
      }
      case 6:
        b = b.subarray(0, at);
        break;
      case 7: {
        if (other.length === 0) break;
        const from = pick(other.length);
        const n = Math.min(other.length - from, 1 + pick(512));
        b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + n), b.subarray(at)]);
        break;
      }
      default:
        if (b.length > 0) b[at] = (b[at] + (rand() < 0.5 ? 1 : -1)) & 0xff;
    }
  }
  return b.length > maxLength ? b.subarray(0, maxLength) : b;
}

/** V8 precise coverage over src/: the set of blocks reached since the last take. */
class Coverage {
  private readonly session = new Session();
  private readonly seen = new Set<string>();

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  get blocks(): number {
    return this.seen.size;
  }

  /** Blocks reached since the last call that were never reached before (remembered when `commit`). */
  async fresh(commit = true): Promise<number> {
    const r = (await this.post('Profiler.takePreciseCoverage')) as { result: Array<{ url: string; functions: Array<{ ranges: Array<{ startOffset: number; endOffset: number; count: number }> }> }> };
    let found = 0;
    for (const script of r.result) {
      if (!script.url.includes('/src/')) continue;
      for (const fn of script.functions) {
        for (const range of fn.ranges) {
          if (range.count === 0) continue;
          const key = `${script.url}:${range.startOffset}:${range.endOffset}`;
          if (!this.seen.has(key)) {
            if (commit) this.seen.add(key);
            found++;
          }
        }
      }
    }
    return found;
  }

  stop(): void {
    this.session.disconnect();
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  }
}

/** The kept findings of a target (test/fuzz/regressions/<target>/*.bin). */
export function regressionFiles(target: FuzzTarget, dir: string): string[] {
  try {
    return readdirSync(join(dir, target.name)).filter((n) => n.endsWith('.bin')).sort().map((n) => join(dir, target.name, n));
  } catch {
    return [];
  }
}

/**
 * Runs `files` through `target` in a fresh child process (replay-child.ts): the findings they still give (a throw,
 * CPU time past the budget, or the child's RSS passing the budget, blamed on the input it was running) and the
 * child's peak RSS.
 */
export function replayInChild(target: FuzzTarget, files: readonly string[]): ReplayReport {
  if (files.length === 0) return { findings: [], peakRssMiB: 0 };
  const r = spawnSync(process.execPath, ['-r', './test/helpers/ts-require.js', 'test/fuzz/replay-child.ts', target.name, ...files], {
    cwd: join(__dirname, '..', '..'), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    const tail = r.stderr.trim().split('\n').slice(-3).join(' | ');
    return { findings: [{ kind: 'crash', message: `the replaying child ended with ${r.status ?? r.signal}: ${tail}` }], peakRssMiB: 0 };
  }
  return JSON.parse(r.stdout) as ReplayReport;
}

/** Replays every kept finding of a target in a child process: the ones that still fail, and the child's peak RSS. */
export function replayRegressions(target: FuzzTarget, dir: string): ReplayReport {
  return replayInChild(target, regressionFiles(target, dir));
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Runs one input: a throw is a crash; CPU time past the budget on each of its runs is slow. */
export async function runOne(target: FuzzTarget, input: Buffer): Promise<Finding | null> {
  let fastest = Infinity;
  for (let attempt = 0; attempt <= SLOW_RERUNS; attempt++) {
    const start = process.cpuUsage();
    try {
      await target.run(input);
    } catch (err) {
      return { kind: 'crash', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
    fastest = Math.min(fastest, cpuMs(start));
    if (fastest <= SLOW_INPUT_MS) return null;
  }
  return { kind: 'slow', message: `${fastest.toFixed(0)} ms of CPU for ${input.length} bytes, on each of ${SLOW_RERUNS + 1} runs` };
}

/**
 * The fuzzing process passed the RSS budget: its last batch is replayed in a fresh child. A finding (with the input
 * the child was running when it passed the budget) only if the child passes it too; otherwise the growth was the
 * fuzzer's own, and the child's peak is returned.
 */
function confirmMemory(target: FuzzTarget, batch: readonly Buffer[]): { finding: Finding; input: Buffer } | { childPeakMiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-fuzz-batch-'));
  try {
    const files = batch.map((input, i) => {
      const file = join(dir, `${String(i).padStart(3, '0')}.bin`);
      writeFileSync(file, input);
      return file;
    });
    const replay = replayInChild(target, files);
    const memory = replay.findings.find((f) => f.kind === 'memory' && f.file !== undefined);
    if (!memory?.file) return { childPeakMiB: replay.peakRssMiB };
    return { finding: { kind: 'memory', message: memory.message }, input: batch[files.indexOf(memory.file)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function keep(dir: string | null, target: string, input: Buffer, finding: Finding): Finding {
  if (dir === null) return finding;
  const folder = join(dir, target);
  mkdirSync(folder, { recursive: true });
  const name = createHash('sha1').update(input).digest('hex').slice(0, 16);
  const file = join(folder, `${name}.bin`);
  writeFileSync(file, input);
  writeFileSync(join(folder, `${name}.txt`), `${finding.kind}: ${finding.message}\n`);
  return { ...finding, file };
}

export async function fuzz(target: FuzzTarget, opts: FuzzOptions): Promise<FuzzReport> {
  const rand = seededRandom(opts.seed ?? 1);
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const corpus = target.seeds().map((s) => (s.length > target.maxLength ? s.subarray(0, target.maxLength) : s));
  if (corpus.length === 0) corpus.push(Buffer.alloc(0));
  const findings: Finding[] = [];
  const seenFindings = new Set<string>();
  const coverage = opts.coverage ? new Coverage() : null;
  let peak = 0;
  let runs = 0;
  let nextProgress = started + PROGRESS_MS;
  await coverage?.start();
  try {
    for (const s of corpus) await runOne(target, s);
    await coverage?.fresh();
    const deadline = opts.seconds !== undefined ? started + opts.seconds * 1000 : Infinity;
    while (runs < opts.runs && Date.now() < deadline) {
      const batch: Buffer[] = [];
      for (let i = 0; i < BATCH && runs + batch.length < opts.runs; i++) {
        const a = corpus[Math.floor(rand() * corpus.length)];
        const b = corpus[Math.floor(rand() * corpus.length)];
        batch.push(mutate(a, b, rand, target.maxLength));
      }
      for (const input of batch) {
        const found = await runOne(target, input);
        if (found && !seenFindings.has(found.message.slice(0, 120))) {
          seenFindings.add(found.message.slice(0, 120));
          findings.push(keep(opts.regressions ?? null, target.name, input, found));
          log(`${target.name}: ${found.kind}: ${found.message}`);
        }
      }
      runs += batch.length;
      if (coverage && (await coverage.fresh(false)) > 0) {
        // Which inputs of the batch reached the new blocks: each alone.
        for (const input of batch) {
          await runOne(target, input);
          if ((await coverage.fresh()) > 0) corpus.push(input);
        }
      }
      const rss = process.memoryUsage().rss / 1048576;
      if (rss > peak) peak = rss;
      if (rss > RSS_BUDGET_MIB && !seenFindings.has('memory')) {
        seenFindings.add('memory');
        const judged = confirmMemory(target, batch);
        if ('finding' in judged) {
          findings.push(keep(opts.regressions ?? null, target.name, judged.input, judged.finding));
          log(`${target.name}: memory: ${judged.finding.message}`);
        } else {
          log(`${target.name}: the fuzzing process is at ${rss.toFixed(0)} MiB; its last batch peaks at ${judged.childPeakMiB} MiB in a fresh process (not a finding)`);
        }
      }
      if (Date.now() >= nextProgress) {
        nextProgress = Date.now() + PROGRESS_MS;
        log(`${target.name}: ${runs} inputs, corpus ${corpus.length}, ${coverage?.blocks ?? 0} blocks, RSS ${rss.toFixed(0)} MiB, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    }
  } finally {
    coverage?.stop();
  }
  return { target: target.name, runs, corpus: corpus.length, blocks: coverage?.blocks ?? 0, findings, peakRssMiB: Math.round(peak), seconds: Math.round((Date.now() - started) / 1000) };
}
