/** Runs one bench/child.ts mode in its own process (so its peak RSS is its own) and reads what it reports. */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const { heapFlags } = require('../../dist/cli/launch') as typeof import('../src/cli/launch');

export interface Measured {
  seconds: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  maxRssMiB: number;
  /** `--stats` counters of a scan (empty for other modes). */
  stats: Record<string, number>;
}

function statsOf(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of stderr.split('\n')) {
    const m = /^([\w.]+)\s+(\d+)$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** One mode on `capture`; `args` follow it (a baseline folder). */
export function measure(mode: string, capture: string, ...args: string[]): Measured {
  const devnull = openSync('/dev/null', 'w');
  // The heap flags certhound's launcher gives its child: the same GC behaviour as a real run.
  const r = spawnSync(process.execPath, [...heapFlags(), join(__dirname, 'child.js'), mode, capture, ...args], {
    stdio: ['ignore', devnull, 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  closeSync(devnull);
  const result = r.output[3]?.toString().trim();
  if (r.status !== 0 || !result) throw new Error(`bench ${mode} failed (${r.status}): ${r.stderr?.toString()}`);
  const parsed = JSON.parse(result) as { seconds: number; cpuSeconds: number; maxRssMiB: number };
  return { seconds: parsed.seconds, cpuSeconds: parsed.cpuSeconds, maxRssMiB: parsed.maxRssMiB, stats: statsOf(r.stderr.toString()) };
}

export function best(a: Measured | undefined, b: Measured): Measured {
  return a && a.seconds <= b.seconds ? a : b;
}
