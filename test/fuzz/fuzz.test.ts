/**
 * The fuzz harnesses in the test suite: every kept finding (test/fuzz/regressions/) must pass now, replayed in a
 * fresh process under the CPU-time and RSS budgets, and a short mutation run from each target's seeds must find
 * nothing. The long coverage-guided campaigns run with `npm run fuzz` (see README, Development).
 */
import { join } from 'node:path';
import { fuzz, regressionFiles, replayRegressions, RSS_BUDGET_MIB } from './engine';
import { TARGETS } from './targets';

const SMOKE_RUNS = 150;
const REGRESSIONS = join(__dirname, 'regressions');

describe.each(TARGETS.map((t) => [t.name, t] as const))('fuzz target %s', (_name, target) => {
  const kept = regressionFiles(target, REGRESSIONS);
  if (kept.length > 0) it(`replays its ${kept.length} kept finding(s) in a fresh process: no throw, none slow, peak RSS under ${RSS_BUDGET_MIB} MiB`, () => {
    const replay = replayRegressions(target, REGRESSIONS);
    expect(replay.findings).toEqual([]);
    expect(replay.peakRssMiB).toBeGreaterThan(0);
    expect(replay.peakRssMiB).toBeLessThan(RSS_BUDGET_MIB);
  }, 120_000);

  it(`runs ${SMOKE_RUNS} mutated inputs from its seeds with no crash, hang or memory past budget`, async () => {
    const report = await fuzz(target, { runs: SMOKE_RUNS, seed: 16, coverage: false, regressions: null });
    expect(report.runs).toBe(SMOKE_RUNS);
    expect(report.findings).toEqual([]);
  }, 180_000);
});
