/**
 * `npm run bench`: makes (once, in the system temp folder, never in the repo) three captures with known contents —
 * the TLS-light mix of the first benchmark, a realistic sensor mix and a handshake-dense one — then measures on
 * each, every run in its own process and alternating so a slow spell of this shared machine hits all alike: the
 * bare record walk, extraction alone (the floor under any scan), `certhound scan` as a user runs it (findings,
 * connections, a fresh baseline), and Suricata single-threaded when installed. It checks what the scan found
 * against what each capture holds, prints one table for the three, then the parts' prices on the TLS-light capture,
 * the baseline's share and look-ups, and Zeek logs.
 *
 * BENCH_QUICK=1: a development run (captures at 1/8, one round, no extras). BENCH_SCALE sets the mixes' size,
 * BENCH_GIB the TLS-light capture's, BENCH_ROUNDS the rounds (best of them counts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { benchBaseline } from './baseline';
import { generateBenchCapture, type BenchTruth } from './generate';
import { best, measure, type Measured } from './measure';
import { runSuricata, suricataInstalled, type SuricataRun } from './suricata';
import { block, captureLine, foundLine, type CaptureFacts, type Row } from './table';
import { DENSE, prepareMix, REALISTIC } from './traffic/mixes';
import { runZeekBench } from './zeek';

const quick = process.env.BENCH_QUICK === '1';
const scale = Number(process.env.BENCH_SCALE ?? (quick ? 0.125 : 1));
const gib = Number(process.env.BENCH_GIB ?? (quick ? 0.125 : 1));
const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
const dir = join(tmpdir(), 'certhound-bench');

function log(s: string): void {
  process.stderr.write(`bench: ${s}\n`);
}

interface BenchCapture extends CaptureFacts {
  readonly path: string;
  readonly target: string;
}

function lightCapture(): BenchCapture {
  const path = join(dir, `mixed-${gib}g.pcap`);
  const truthFile = `${path}.truth.json`;
  let truth: BenchTruth;
  if (existsSync(path) && existsSync(truthFile)) {
    truth = JSON.parse(readFileSync(truthFile, 'utf8')) as BenchTruth;
  } else {
    log(`generating ${path} (${gib} GiB)…`);
    truth = generateBenchCapture(path, gib * 1024 ** 3, log);
    writeFileSync(truthFile, JSON.stringify(truth, null, 2));
  }
  return {
    label: 'TLS-light mix', path, bytes: truth.bytes, packets: truth.packets, tlsConnections: truth.tls12 + truth.tls13, serverChains: truth.tls12,
    clientChains: 0, encrypted: truth.tls13, certificates: truth.distinctCertificates, target: 'target: scan ≥ 60 % of the walk',
  };
}

async function mixCapture(spec: typeof REALISTIC, label: string, target: string): Promise<BenchCapture> {
  const { path, truth } = await prepareMix(dir, spec, scale, log);
  return {
    label, path, bytes: truth.bytes, packets: truth.packets, tlsConnections: truth.tlsConnections, serverChains: truth.serverChains,
    clientChains: truth.clientChains, encrypted: truth.encrypted, certificates: truth.distinctCertificates, target,
  };
}

interface Result {
  capture: BenchCapture;
  walk: Measured;
  /** One thread doing only what every scan must: read packets, TCP, TLS records and certificate bytes. */
  extract: Measured;
  /** One thread, and with capture workers. */
  scan: Measured;
  scanWorkers: Measured;
  suricata?: SuricataRun;
}

/**
 * A default scan with a baseline made for it (fresh: everything is written), removed after; `workers`: `0` for one
 * thread, `auto` (the default) for capture workers on the other cores.
 */
function scanAsUsers(capture: string, workers: '0' | 'auto'): Measured {
  const folder = mkdtempSync(join(dir, 'scan-default-'));
  try {
    return measure('scan-default', capture, folder, workers);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function benchCapture(c: BenchCapture): Promise<Result> {
  log(`${c.label}: ${c.path}`);
  measure('walk', c.path); // warms the page cache: every contender reads the file from memory
  let walk: Measured | undefined;
  let extract: Measured | undefined;
  let scan: Measured | undefined;
  let scanWorkers: Measured | undefined;
  let suricata: SuricataRun | undefined;
  for (let round = 0; round < rounds; round++) {
    walk = best(walk, measure('walk', c.path));
    extract = best(extract, measure('scan-extract', c.path));
    scan = best(scan, scanAsUsers(c.path, '0'));
    scanWorkers = best(scanWorkers, scanAsUsers(c.path, 'auto'));
    if (suricataInstalled()) {
      const s = await runSuricata(c.path, join(dir, 'suricata'));
      if (!suricata || s.seconds < suricata.seconds) suricata = s;
    }
  }
  return { capture: c, walk: walk as Measured, extract: extract as Measured, scan: scan as Measured, scanWorkers: scanWorkers as Measured, suricata };
}

function load(): string {
  return execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load average/, 'load average');
}

function report(results: Result[], loadBefore: string): boolean {
  let allFound = true;
  console.log(`certhound bench — ${new Date().toISOString()}, ${cpus().length} cores, ${loadBefore} before, ${load()} after; best of ${rounds} round(s)${quick ? ' (quick mode)' : ''}`);
  for (const { capture: c, walk, extract, scan, scanWorkers, suricata } of results) {
    console.log('');
    console.log(captureLine(c));
    const workers = scanWorkers.stats.capture_workers;
    const rows: Row[] = [
      { name: 'walk (bare records)', m: walk }, { name: 'extraction alone, 1 thread', m: extract }, { name: 'scan, 1 thread', m: scan },
      { name: `scan, ${workers} worker${workers === 1 ? '' : 's'} + main`, m: scanWorkers },
    ];
    if (suricata) rows.push({ name: `suricata ${suricata.version} single`, m: suricata });
    for (const line of block(c, rows, walk, suricata)) console.log(line);
    for (const m of [scan, scanWorkers]) {
      const found = foundLine(c, m.stats);
      allFound &&= found.ok;
      console.log(found.line);
    }
    if (suricata) console.log(`  suricata: ${suricata.tlsEvents}/${c.tlsConnections} tls events, ${suricata.chains}/${c.serverChains} with a chain`);
    console.log(`  ${c.target}`);
  }
  return allFound;
}

/** What fingerprints and scoring cost on the TLS-light capture: scan with each switched off. */
function priceParts(c: BenchCapture): void {
  const runs: Record<'scan' | 'scan-nofp' | 'scan-nofindings', Measured | undefined> = { scan: undefined, 'scan-nofp': undefined, 'scan-nofindings': undefined };
  for (let round = 0; round < rounds; round++) for (const mode of Object.keys(runs) as Array<keyof typeof runs>) runs[mode] = best(runs[mode], measure(mode, c.path));
  const share = (whole: Measured | undefined, part: Measured | undefined) => `${((((whole?.seconds ?? 0) - (part?.seconds ?? 0)) / (part?.seconds ?? 1)) * 100).toFixed(1)} %`;
  console.log('');
  console.log(`${c.label}, parts of scan (no baseline): scan ${runs.scan?.seconds.toFixed(2)} s, without fingerprints ${runs['scan-nofp']?.seconds.toFixed(2)} s, without findings ${runs['scan-nofindings']?.seconds.toFixed(2)} s`);
  console.log(`fingerprints (JA3/JA3S/JA4/JA4S) add ${share(runs.scan, runs['scan-nofp'])} to scan time (target < 10 %)`);
  console.log(`scoring (x509 facts, chain verdicts, detectors) adds ${share(runs.scan, runs['scan-nofindings'])} to scan time (target < 15 %)`);
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const loadBefore = load();
  const light = lightCapture();
  const captures = [
    light,
    await mixCapture(REALISTIC, 'realistic mix', 'target: scan ≥ 2× Suricata single-threaded and ≥ 25 % of the walk; ≥ 3.5× Suricata on every core'),
    await mixCapture(DENSE, 'handshake-dense mix', 'target: scan < 25 µs per TLS connection'),
  ];
  if (!suricataInstalled()) log(`${join('suricata')} not found: Suricata rows left out (Debian bookworm-backports has 7.0)`);
  const results: Result[] = [];
  for (const c of captures) results.push(await benchCapture(c));
  const allFound = report(results, loadBefore);
  if (!allFound) process.exitCode = 1;
  if (quick) return;
  priceParts(light);
  // The baseline's share of scan time and look-ups on a 1 M-certificate baseline; then the Zeek log path.
  await benchBaseline(dir, (mode, ...args) => measure(mode, light.path, ...args), log);
  runZeekBench(log);
}

main().catch((err: Error) => {
  log(err.message);
  process.exitCode = 1;
});
