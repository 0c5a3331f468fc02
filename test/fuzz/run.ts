/**
 * `npm run fuzz [-- <target>… [--runs N] [--seconds S] [--seed N]]`: the coverage-guided fuzzer over every target
 * (or those named), findings kept under test/fuzz/regressions/. Long campaigns: `nice -n 19 npm run fuzz -- …`.
 */
import { join } from 'node:path';
import { fuzz, replayRegressions, type FuzzReport } from './engine';
import { TARGETS } from './targets';

const REGRESSIONS = join(__dirname, 'regressions');

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const named = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  const unknown = named.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`fuzz: no target ${unknown.join(', ')} (targets: ${TARGETS.map((t) => t.name).join(', ')})\n`);
    return 2;
  }
  const targets = named.length > 0 ? TARGETS.filter((t) => named.includes(t.name)) : TARGETS;
  const runs = option(args, '--runs', 10_000);
  const seconds = option(args, '--seconds', Infinity);
  const seed = option(args, '--seed', Date.now() % 1e9);
  const reports: FuzzReport[] = [];
  let failed = false;
  for (const target of targets) {
    const stale = await replayRegressions(target, REGRESSIONS);
    for (const f of stale) process.stderr.write(`fuzz: ${target.name}: regression ${f.file} fails again: ${f.message}\n`);
    failed ||= stale.length > 0;
    const report = await fuzz(target, {
      runs, seconds: Number.isFinite(seconds) ? seconds : undefined, seed, coverage: true, regressions: REGRESSIONS,
      log: (line) => process.stderr.write(`fuzz: ${line}\n`),
    });
    reports.push(report);
    failed ||= report.findings.length > 0;
    process.stdout.write(`${JSON.stringify({ ...report, findings: report.findings.length })}\n`);
  }
  const total = reports.reduce((n, r) => n + r.runs, 0);
  const found = reports.reduce((n, r) => n + r.findings.length, 0);
  process.stdout.write(`fuzz: ${total} inputs over ${reports.length} targets (seed ${seed}), ${found} findings, peak RSS ${Math.max(...reports.map((r) => r.peakRssMiB))} MiB\n`);
  return failed ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
