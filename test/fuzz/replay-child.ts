/**
 * `node -r ./test/helpers/ts-require.js test/fuzz/replay-child.ts <target> <file>…`: runs each file through the
 * target in this fresh process, which holds nothing but the target, and prints a ReplayReport as JSON: the files that
 * throw or are slow, the file that was running when its peak RSS (its own high-water mark) passed the budget, and that
 * peak. engine.ts starts it to replay kept findings and to judge a fuzzing process's memory.
 */
import { readFileSync } from 'node:fs';
import { RSS_BUDGET_MIB, runOne, type Finding, type ReplayReport } from './engine';
import { TARGETS } from './targets';
import { peakRssMiB } from '../helpers/peak-rss';

async function main(): Promise<void> {
  const [name, ...files] = process.argv.slice(2);
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no fuzz target ${name}`);
  const findings: Finding[] = [];
  let overBudget = false;
  for (const file of files) {
    const found = await runOne(target, readFileSync(file));
    if (found) findings.push({ ...found, file });
    if (!overBudget && peakRssMiB() > RSS_BUDGET_MIB) {
      overBudget = true;
      findings.push({ kind: 'memory', message: `peak RSS ${peakRssMiB().toFixed(0)} MiB in a fresh process`, file });
    }
  }
  const report: ReplayReport = { findings, peakRssMiB: Math.round(peakRssMiB()) };
  // The import target leaves its LevelDB store open.
  process.stdout.write(JSON.stringify(report), () => process.exit(0));
}

void main();
