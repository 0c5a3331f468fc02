/**
 * The fuzz harnesses in the test suite: every kept finding (test/fuzz/regressions/) must pass now, and a short
 * mutation run from each target's seeds must find nothing. The long coverage-guided campaigns run with
 * `npm run fuzz` (see README, Development).
 */
import { join } from 'node:path';
import { fuzz, replayRegressions } from './engine';
import { TARGETS } from './targets';

const SMOKE_RUNS = 150;

describe.each(TARGETS.map((t) => [t.name, t] as const))('fuzz target %s', (_name, target) => {
  it('replays its kept findings without one failing', async () => {
    expect(await replayRegressions(target, join(__dirname, 'regressions'))).toEqual([]);
  }, 120_000);

  it(`runs ${SMOKE_RUNS} mutated inputs from its seeds with no crash, hang or memory past budget`, async () => {
    const report = await fuzz(target, { runs: SMOKE_RUNS, seed: 16, coverage: false, regressions: null });
    expect(report.runs).toBe(SMOKE_RUNS);
    expect(report.findings).toEqual([]);
  }, 180_000);
});
