/**
 * The baseline's price, appended to `npm run bench`:
 *  1. its share of scan time on the bench capture: `scan` without a baseline and with a fresh one (everything
 *     written) and again on the baseline that run learned (mostly reads), each in its own process;
 *  2. history look-ups per second on a baseline of BASELINE_CERTIFICATES certificates, built once in
 *     os.tmpdir()/certhound-bench/ by direct batched store writes (streamed: memory stays flat) and reused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Baseline from '../src/baseline';
import type * as Keys from '../src/baseline/keys';
import type { CertRecord, CertSighting, PresenceRecord } from '../src/baseline';
import { best, type Measured } from './measure';

// The product as built (dist/), like bench/child.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BaselineStore, BaselineSession, show } = require('../../dist/baseline') as typeof Baseline;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { key, serverId } = require('../../dist/baseline/keys') as typeof Keys;

/** Certificates in the look-up baseline (issue 5: one million). */
const BASELINE_CERTIFICATES = Number(process.env.BENCH_BASELINE_CERTS ?? 1_000_000);
/** Certificates per write batch while building it. */
const BUILD_BATCH = 5000;
/** Alternating rounds of scan without / with a baseline; each variant's best run counts. */
const SCAN_ROUNDS = 3;
/** Look-ups timed per kind. */
const LOOKUPS = 20_000;
/** Distinct SNIs in the built baseline: each is answered by BASELINE_CERTIFICATES / SNI_COUNT certificates. */
const SNI_COUNT = 50_000;
const T0 = Date.UTC(2026, 0, 1);

/** What the i-th certificate of the built baseline looks like where it was seen: the same sighting every time. */
function sightingOf(i: number): CertSighting {
  const sha256 = createHash('sha256').update(`bench-cert-${i}`).digest('hex');
  const sha1 = createHash('sha1').update(`bench-cert-${i}`).digest('hex');
  return {
    sha256, sha1, subject: `CN=host${i}.bench.example`, issuer: 'CN=Bench CA,O=certhound', notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2027-01-01T00:00:00Z', serverIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, serverPort: 443,
    serverName: `host${i % SNI_COUNT}.bench.example`, role: 'server', time: T0 + i * 1000,
  };
}

async function buildBaseline(dir: string, log: (s: string) => void): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const store = await BaselineStore.open(dir);
  try {
    for (let from = 0; from < BASELINE_CERTIFICATES; from += BUILD_BATCH) {
      const ops: Array<{ type: 'put'; key: string; value: unknown }> = [];
      for (let i = from; i < Math.min(from + BUILD_BATCH, BASELINE_CERTIFICATES); i++) {
        const s = sightingOf(i);
        const server = serverId(s.serverIp, s.serverPort);
        const name = s.serverName as string;
        const cert: CertRecord = {
          sha256: s.sha256, sha1: s.sha1, subject: s.subject, issuer: s.issuer, notBefore: s.notBefore, notAfter: s.notAfter,
          firstSeen: s.time, lastSeen: s.time, sightings: 1, servers: [server], serverTotal: 1, serverNames: [name], serverNameTotal: 1, roles: ['server'],
        };
        const presence: PresenceRecord = { firstSeen: s.time, lastSeen: s.time, count: 1 };
        ops.push({ type: 'put', key: key.cert(s.sha256), value: cert }, { type: 'put', key: key.sha1(s.sha1), value: s.sha256 },
          { type: 'put', key: key.server(server, s.sha256), value: presence }, { type: 'put', key: key.serverName(name, s.sha256), value: presence });
      }
      await store.write(ops);
      if (from % 200_000 === 0 && from > 0) log(`baseline: ${from} certificates written…`);
    }
    await store.write([{ type: 'put', key: key.run(new Date(T0).toISOString(), 0), value: { started: T0, finished: T0, inputs: ['bench'], counters: {} } }]);
  } finally {
    await store.close();
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Indexes of known certificates in a fixed pseudo-random order (no cache-friendly runs). */
function* sample(n: number): Generator<number> {
  let x = 12345;
  for (let k = 0; k < n; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield x % BASELINE_CERTIFICATES;
  }
}

async function lookupsPerSecond(dir: string): Promise<{ observe: number; show: number }> {
  const store = await BaselineStore.open(dir);
  try {
    // Sightings are made before the clock starts: hashing is the capture path's work, not the baseline's.
    const sightings = [...sample(LOOKUPS)].map(sightingOf);
    const session = new BaselineSession(store, false);
    let t = process.hrtime.bigint();
    for (const s of sightings) await session.observe([s]);
    const observe = LOOKUPS / (Number(process.hrtime.bigint() - t) / 1e9);
    const misses = sightings.filter((s) => session.history(s.sha256)?.firstSeenEver !== false).length;
    if (misses > 0) throw new Error(`${misses} known certificates read as new`);
    const shas = [...sample(LOOKUPS)].reverse().map((i) => sightingOf(i).sha256);
    t = process.hrtime.bigint();
    for (const sha of shas) {
      const r = await show(store, sha);
      if (r.kind !== 'certificate') throw new Error(`show ${sha}: ${r.kind}`);
    }
    return { observe, show: LOOKUPS / (Number(process.hrtime.bigint() - t) / 1e9) };
  } finally {
    await store.close();
  }
}

/**
 * Prints the baseline section. `measure(mode, ...args)` runs one bench/child.ts mode on the bench capture in its
 * own process.
 */
export async function benchBaseline(benchDir: string, measure: (mode: string, ...args: string[]) => Measured, log: (s: string) => void): Promise<void> {
  // The machine is shared and a run varies by several percent: alternate the variants and keep each one's best.
  let without: Measured | undefined;
  let fresh: Measured | undefined;
  let learned: Measured | undefined;
  for (let round = 0; round < SCAN_ROUNDS; round++) {
    const folder = mkdtempSync(join(benchDir, 'scan-baseline-'));
    try {
      without = best(without, measure('scan'));
      fresh = best(fresh, measure('scan-baseline', folder));
      learned = best(learned, measure('scan-baseline', folder));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const w = without as Measured;
  const share = (m: Measured) => `${(((m.seconds - w.seconds) / m.seconds) * 100).toFixed(1)} %`;
  const f = fresh as Measured;
  const l = learned as Measured;
  console.log(`baseline: scan ${w.seconds.toFixed(2)} s without, ${f.seconds.toFixed(2)} s with a fresh baseline (share of scan time ${share(f)}, target < 20 %), ${l.seconds.toFixed(2)} s again on what it learned (share ${share(l)}); peak RSS ${f.maxRssMiB.toFixed(0)} MiB; best of ${SCAN_ROUNDS}`);
  const dir = join(benchDir, `baseline-${BASELINE_CERTIFICATES}`);
  const done = `${dir}.done`;
  if (!existsSync(done)) {
    log(`building a baseline of ${BASELINE_CERTIFICATES} certificates in ${dir}…`);
    const seconds = await buildBaseline(dir, log);
    writeFileSync(done, `${seconds}\n`);
    console.log(`baseline: built ${BASELINE_CERTIFICATES} certificates in ${seconds.toFixed(1)} s (${(BASELINE_CERTIFICATES / seconds / 1e3).toFixed(1)} k/s; kept in ${dir})`);
  }
  const rate = await lookupsPerSecond(dir);
  console.log(`baseline look-ups on ${BASELINE_CERTIFICATES} certificates: observe (known certificate, server and SNI; read-only) ${rate.observe.toFixed(0)}/s, show by sha256 ${rate.show.toFixed(0)}/s`);
}
