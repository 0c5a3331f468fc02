/**
 * Zeek log throughput: generates (once) an ssl.log + x509.log pair outside the repo, then measures, each in its
 * own process, the zeek stage alone (readZeekLogs → handshakes) and the whole `scan` as `certhound scan <dir>`
 * runs it (findings, baseline history, sweep cursors), then sweeps the unchanged folder again and reports how many
 * lines that second sweep read. The read is measured again on the same connections written as Zeek's JSON writer
 * writes them (fewer lines: JSON logs are twice the size).
 * BENCH_ZEEK_LINES sets the ssl.log size (default 5 million), BENCH_ZEEK_JSON_LINES the JSON one's (default 1 million).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The product runs from its build (dist/), as in child.ts: there it finds the shipped baselines/ beside it.
/* eslint-disable @typescript-eslint/no-require-imports */
const { tuneV8 } = require('../../dist/cli/v8-tuning') as typeof import('../src/cli/v8-tuning');
const { heapFlags } = require('../../dist/cli/launch') as typeof import('../src/cli/launch');
const { BaselineSession, BaselineStore } = require('../../dist/baseline') as typeof import('../src/baseline');
const { BaselineCursors } = require('../../dist/baseline/cursors') as typeof import('../src/baseline/cursors');
const { scan } = require('../../dist/pipeline/scan') as typeof import('../src/pipeline/scan');
const { readZeekBatches } = require('../../dist/zeek') as typeof import('../src/zeek');
const { openLines } = require('../../dist/logs') as typeof import('../src/logs');
/* eslint-enable @typescript-eslint/no-require-imports */
import { generateZeekLogs, type ZeekBenchFormat, type ZeekBenchTruth } from './zeek-logs';
import { peakRssMiB } from '../test/helpers/peak-rss';

const lines = Number(process.env.BENCH_ZEEK_LINES ?? '5000000');
const dir = join(tmpdir(), 'certhound-bench', `zeek-${lines}`);
const baseline = join(tmpdir(), 'certhound-bench', `zeek-${lines}-baseline`);
const jsonLines = Number(process.env.BENCH_ZEEK_JSON_LINES ?? '1000000');
const jsonDir = join(tmpdir(), 'certhound-bench', `zeek-json-${jsonLines}`);

interface Measured {
  seconds: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  maxRssMiB: number;
  handshakes: number;
  certificates?: number;
  findings?: number;
  linesRead?: number;
}

/** The logs of one format in `folder`, generated once (truth.json says they are complete). */
function prepare(log: (s: string) => void, folder: string, count: number, format: ZeekBenchFormat): ZeekBenchTruth {
  const truthFile = join(folder, 'truth.json');
  mkdirSync(folder, { recursive: true });
  if (existsSync(truthFile)) return JSON.parse(readFileSync(truthFile, 'utf8')) as ZeekBenchTruth;
  log(`generating ${join(folder, 'ssl.log')} (${count} ${format} lines)…`);
  const truth = generateZeekLogs(join(folder, 'ssl.log'), join(folder, 'x509.log'), count, format);
  writeFileSync(truthFile, JSON.stringify(truth, null, 2));
  return truth;
}

/** readZeekBatches over a folder's x509.log then ssl.log: the handshakes it gives. */
async function readAll(folder: string): Promise<number> {
  let handshakes = 0;
  const files = ['x509.log', 'ssl.log'].map((n) => join(folder, n));
  for await (const batch of readZeekBatches(files.map((name) => ({ name, batches: openLines(name).batches })))) handshakes += batch.length;
  return handshakes;
}

/** One measurement, in this process (the child). */
async function measure(mode: string): Promise<Measured> {
  tuneV8();
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let out: Omit<Measured, 'seconds' | 'cpuSeconds' | 'maxRssMiB'>;
  if (mode === 'read') {
    out = { handshakes: await readAll(dir) };
  } else if (mode === 'read-json') {
    out = { handshakes: await readAll(jsonDir) };
  } else if (mode === 'sweep') {
    // What `certhound scan <dir>` does by default: findings, the baseline's history, and the sweep's cursors.
    const store = await BaselineStore.open(baseline);
    try {
      const session = new BaselineSession(store, true);
      let findings = 0;
      const onFinding = (e: { action: string }): void => {
        if (e.action === 'created') findings++;
      };
      const r = await scan([dir], { onProblem: () => undefined, onFinding }, { findings: true, baseline: session, cursors: new BaselineCursors(store) });
      await session.finish({ started: 0, finished: 0, inputs: [dir], counters: {} });
      out = { handshakes: r.stats.handshakes, certificates: r.certificates, findings, linesRead: r.stats.zeekLines };
    } finally {
      await store.close();
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6, maxRssMiB: peakRssMiB(), ...out };
}

function child(mode: string): Measured {
  const devnull = openSync('/dev/null', 'w');
  const r = spawnSync(process.execPath, [...heapFlags(), __filename, mode], { stdio: ['ignore', devnull, 'pipe', 'pipe'], maxBuffer: 64 << 20, env: { ...process.env, BENCH_ZEEK_LINES: String(lines) } });
  closeSync(devnull);
  const result = r.output[3]?.toString().trim();
  if (r.status !== 0 || !result) throw new Error(`zeek bench ${mode} failed (${r.status}): ${r.stderr?.toString()}`);
  return JSON.parse(result) as Measured;
}

const rate = (m: Measured, n: number): string =>
  `${(n / m.seconds / 1e3).toFixed(0).padStart(5)} k lines/s (${(n / m.cpuSeconds / 1e3).toFixed(0)} k per CPU second)`;

/** Runs the Zeek measurements and prints them (called by run.ts after the capture bench). */
export function runZeekBench(log: (s: string) => void): void {
  const truth = prepare(log, dir, lines, 'tsv');
  const jsonTruth = prepare(log, jsonDir, jsonLines, 'json');
  rmSync(baseline, { recursive: true, force: true });
  const read = child('read');
  const readJson = child('read-json');
  const first = child('sweep');
  const second = child('sweep');
  const total = truth.sslLines + truth.x509Lines;
  console.log(`zeek logs — ${truth.sslLines} ssl.log lines (${truth.withChains} with chains), ${truth.x509Lines} x509.log lines, ${truth.distinctCertificates} certificates`);
  console.log(`zeek read  ${read.seconds.toFixed(2).padStart(7)} s  ${rate(read, total)}  peak RSS ${read.maxRssMiB.toFixed(0)} MiB  (readZeekLogs → ${read.handshakes} handshakes; target ≥ 500 k lines/s)`);
  console.log(`zeek json  ${readJson.seconds.toFixed(2).padStart(7)} s  ${rate(readJson, jsonTruth.sslLines + jsonTruth.x509Lines)}  peak RSS ${readJson.maxRssMiB.toFixed(0)} MiB  (the same connections as Zeek's JSON writer logs them: ${jsonTruth.sslLines} ssl.log lines → ${readJson.handshakes} handshakes)`);
  console.log(`zeek scan  ${first.seconds.toFixed(2).padStart(7)} s  ${rate(first, total)}  peak RSS ${first.maxRssMiB.toFixed(0)} MiB  (findings + baseline history + cursors: ${first.handshakes} handshakes, ${first.certificates} certificates, ${first.findings} findings, ${first.linesRead} lines read)`);
  console.log(`zeek sweep again over the unchanged folder: ${second.linesRead} lines read, ${second.handshakes} handshakes, ${second.seconds.toFixed(2)} s ${second.linesRead === 0 ? '(no old line read)' : '(OLD LINES READ AGAIN)'}`);
}

if (require.main === module) {
  const mode = process.argv[2];
  if (mode) {
    measure(mode).then((r) => writeSync(3, JSON.stringify(r) + '\n'));
  } else {
    runZeekBench((s) => process.stderr.write(`bench: ${s}\n`));
  }
}
