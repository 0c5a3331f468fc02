/**
 * `npm run fuzz [-- <target>… [--runs N] [--seconds S] [--seed N]]`: the coverage-guided fuzzer over every target
 * (or those named), findings kept under test/fuzz/regressions/. Each target runs in a process of its own, so one
 * target's heap is not counted against the next one's budget. Long campaigns: `nice -n 19 npm run fuzz -- …`.
 * Prints one JSON line per target (inputs, corpus, blocks reached, findings, peak RSS, seconds), then a total.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fuzz, replayRegressions, type FuzzReport } from './engine';
import { TARGETS } from './targets';

const REGRESSIONS = join(__dirname, 'regressions');

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** One target in this process: its kept findings replayed (in a child), then the campaign. */
async function fuzzOne(name: string, runs: number, seconds: number, seed: number): Promise<FuzzReport> {
  const target = TARGETS.find((t) => t.name === name)!;
  const stale = replayRegressions(target, REGRESSIONS);
  for (const f of stale.findings) process.stderr.write(`fuzz: ${name}: regression ${f.file ?? ''} fails again: ${f.message}\n`);
  const report = await fuzz(target, {
    runs, seconds: Number.isFinite(seconds) ? seconds : undefined, seed, coverage: true, regressions: REGRESSIONS,
    log: (line) => process.stderr.write(`fuzz: ${line}\n`),
  });
  return { ...report, findings: [...stale.findings, ...report.findings] };
}

/** One target in a child process (this script with that target alone). */
function fuzzInChild(name: string, rest: string[]): FuzzReport {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, name, ...rest], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) return { target: name, runs: 0, corpus: 0, blocks: 0, findings: [{ kind: 'crash', message: `the fuzzing process ended with ${r.status ?? r.signal}` }], peakRssMiB: 0, seconds: 0 };
  const report = JSON.parse(line) as FuzzReport & { findings: number };
  return { ...report, findings: Array.from({ length: report.findings }, () => ({ kind: 'crash' as const, message: 'see above' })) };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const named = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  const unknown = named.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`fuzz: no target ${unknown.join(', ')} (targets: ${TARGETS.map((t) => t.name).join(', ')})\n`);
    return 2;
  }
  const names = named.length > 0 ? named : TARGETS.map((t) => t.name);
  const runs = option(args, '--runs', 10_000);
  const seconds = option(args, '--seconds', Infinity);
  const seed = option(args, '--seed', Date.now() % 1e9);
  const reports: FuzzReport[] = [];
  if (names.length === 1) {
    const report = await fuzzOne(names[0], runs, seconds, seed);
    reports.push(report);
    process.stdout.write(`${JSON.stringify({ ...report, findings: report.findings.length })}\n`);
  } else {
    const rest = ['--runs', String(runs), '--seed', String(seed), ...(Number.isFinite(seconds) ? ['--seconds', String(seconds)] : [])];
    for (const name of names) {
      const report = fuzzInChild(name, rest);
      reports.push(report);
      process.stdout.write(`${JSON.stringify({ ...report, findings: report.findings.length })}\n`);
    }
  }
  const total = reports.reduce((n, r) => n + r.runs, 0);
  const found = reports.reduce((n, r) => n + r.findings.length, 0);
  process.stdout.write(`fuzz: ${total} inputs over ${reports.length} targets (seed ${seed}), ${found} findings, peak RSS ${Math.max(...reports.map((r) => r.peakRssMiB))} MiB\n`);
  return found > 0 ? 1 : 0;
}

void main().then((code) => {
  // The import target leaves its LevelDB store open.
  process.exit(code);
});
