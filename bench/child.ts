/** One measurement in its own process, so that its peak RSS is its own. Prints a JSON result on fd 3. */
import { writeSync } from 'node:fs';
import { walkRecords } from './walk-records';
import { runScan } from '../src/cli/commands/scan';

async function measure(mode: string, path: string): Promise<Record<string, number>> {
  const start = process.hrtime.bigint();
  let extra: Record<string, number> = {};
  if (mode === 'walk') {
    extra = await walkRecords(path);
  } else if (mode === 'scan') {
    extra = { exit: await runScan({ paths: [path], format: 'ndjson', stats: true, update: false, failOn: 'critical', minSeverity: 'info', connections: true }) };
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...extra };
}

measure(process.argv[2], process.argv[3]).then((r) => {
  writeSync(3, JSON.stringify(r) + '\n');
});
