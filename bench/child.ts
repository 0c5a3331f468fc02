/** One measurement in its own process, so that its peak RSS is its own. Prints a JSON result on fd 3. */
import { writeSync } from 'node:fs';
import { walkRecords } from './walk-records';
import { peakRssMiB } from '../test/helpers/peak-rss';
import type { ScanCommandOptions } from '../src/cli/commands/scan';

// The product runs from its build (dist/), exactly as `certhound` does: it finds baselines/ beside it there. It is
// loaded only by the modes that run it, so the walk's peak RSS is the walk's.
/* eslint-disable @typescript-eslint/no-require-imports */
const { tuneV8 } = require('../../dist/cli/v8-tuning') as typeof import('../src/cli/v8-tuning');
const product = () => ({
  runScan: (require('../../dist/cli/commands/scan') as typeof import('../src/cli/commands/scan')).runScan,
  main: (require('../../dist/cli/main') as typeof import('../src/cli/main')).main,
});
/* eslint-enable @typescript-eslint/no-require-imports */

/** scan variants: each switches one part off, so its cost is the difference to `scan`. */
const SCAN_MODES: Record<string, Partial<ScanCommandOptions>> = {
  scan: {},
  'scan-nofp': { fingerprints: false },
  'scan-nofindings': { findings: false },
  // What no scan can go below: packets, TCP, TLS records and certificate bytes, with no fingerprint, score, line or baseline.
  'scan-extract': { fingerprints: false, findings: false, connections: false },
  // A default `certhound scan`: the baseline folder given as the 4th argument is read and updated.
  'scan-baseline': { baseline: { dir: process.argv[4], named: true }, update: true },
};

/**
 * `certhound scan <capture> --baseline <folder> --workers <n|auto> --stats` through the command line's own parser,
 * so every default (output format off a terminal, severities, connections) is the one a user gets.
 */
function asUserRunsIt(capture: string, baseline: string, workers: string): Promise<number> {
  return product().main(['node', 'certhound', 'scan', capture, '--baseline', baseline, '--workers', workers, '--stats']);
}

async function measure(mode: string, path: string): Promise<Record<string, number>> {
  tuneV8();
  const start = process.hrtime.bigint();
  let extra: Record<string, number> = {};
  if (mode === 'walk') {
    extra = await walkRecords(path);
  } else if (mode === 'scan-default') {
    extra = { exit: await asUserRunsIt(path, process.argv[4], process.argv[5] ?? 'auto') };
  } else if (mode in SCAN_MODES) {
    const exit = await product().runScan({
      paths: [path], format: 'ndjson', stats: true, update: false, failOn: 'critical', minSeverity: 'info', connections: true,
      ...SCAN_MODES[mode],
    });
    extra = { exit };
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const usage = process.resourceUsage();
  return { seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssMiB: peakRssMiB(), ...extra };
}

measure(process.argv[2], process.argv[3]).then((r) => {
  writeSync(3, JSON.stringify(r) + '\n');
});
