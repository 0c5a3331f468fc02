/**
 * Files in, handshakes out: walks the inputs, tells captures from Zeek logs by their first bytes, and runs each
 * through its stages (capture → net → tls, or zeek). Streaming: one capture at a time, constant memory.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { openInput, walkInputs, sniffCapture, CaptureFormatError, InputError, type CaptureInput } from '../capture';
import type { Timestamp } from '../capture/types';
import type { CertBlob, Handshake, SourceRef } from '../tls/types';
import type { SignatureCheck } from '../x509/signature-memo';
import { readZeekBatches, sniffZeekLog, ZeekSweep, type ZeekCursorKeeper, type ZeekLoneCertificate } from '../zeek';
import { EveSweep, readEveBatches, sniffEve } from '../eve';
import { captureHandshakes, inWindow } from './capture-handshakes';
import { addCaptureStats, countHandshake, emptyStats, type ExtractStats } from './extract-stats';
import { peek } from './peek';
import { ProgressMeter, type RunProgress } from './progress-meter';
import { followLogs } from './follow';
import { linesOf } from './lines';
import type { ConnectionRenderer } from './connection-renderer';
import { parallelCaptures, workersAvailable } from './workers/parallel-captures';

export { countersOf, emptyStats, type ExtractStats, type LimitCounts } from './extract-stats';

/** A problem with one input that does not stop the run. `fatal` ones make the exit code 2. */
export interface InputProblem {
  file: string;
  message: string;
  offset?: number;
  line?: number;
  fatal: boolean;
}

/** A certificate a log describes without a connection (an x509.log line no ssl line named). */
export interface LoneCertificate {
  blob: CertBlob;
  ts: Timestamp;
  source: SourceRef;
  role: 'server' | 'client';
}

export interface ExtractHooks {
  /** `rendered`: the connection as `ExtractOptions.renderConnection` wrote it, when a capture worker did. */
  onHandshake(h: Handshake, rendered?: string): void;
  onCertificate?(c: LoneCertificate): void;
  /** Signature checks a capture worker made of presented chains' links, ahead of the handshakes that need them. */
  onSignatureChecks?(checks: readonly SignatureCheck[]): void;
  onProblem(p: InputProblem): void;
  /** Where the run is (for a progress line): after each chunk read. */
  onProgress?(p: RunProgress): void;
  /** Awaited between input chunks: lets the output drain so nothing piles up in memory. */
  drain?(): Promise<void>;
}

export interface ExtractOptions {
  /** JA3/JA3S/JA4/JA4S on each handshake (default on; off only to price them). */
  fingerprints?: boolean;
  /** Epoch seconds: handshakes stamped earlier are left out. */
  since?: number;
  /** Epoch seconds: handshakes stamped this or later are left out (a Zeek log file stops there: the next sweep starts there). */
  until?: number;
  /** Where Zeek log cursors live: given, log files are read on from where the last sweep left them. */
  cursors?: ZeekCursorKeeper;
  /** Aborted (SIGINT, SIGTERM): reading stops where it is; what was read is handed on and cursors say so. */
  signal?: AbortSignal;
  /** Once read, Zeek and EVE logs are read on as they grow (tail -F) until `signal` stops the run. */
  follow?: boolean;
  /**
   * Capture worker threads beside this one, which then only judges and writes: 0 (the default) reads captures on
   * this thread; with workers they are read once the walk is done. `auto`: one per core but this one's, when the
   * captures add up to MIN_BYTES_FOR_WORKERS; none otherwise.
   */
  workers?: number | 'auto';
  /** How the sink writes a connection: capture workers write each one they read. */
  renderConnection?: ConnectionRenderer;
}

/** Captures smaller than this in all are not worth starting workers for (about 0.1 s of one thread's reading). */
export const MIN_BYTES_FOR_WORKERS = 32 << 20;

/** Passes chunks on, reporting progress and letting the output drain between them. */
async function* paced(chunks: AsyncIterable<Buffer>, input: CaptureInput, hooks: ExtractHooks, meter: ProgressMeter, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    meter.read(input.file, input.rawBytes);
    yield chunk;
    if (hooks.drain) await hooks.drain();
    if (signal?.aborted) return;
  }
}

async function extractCapture(input: CaptureInput, chunks: AsyncIterable<Buffer>, hooks: ExtractHooks, stats: ExtractStats, opts: ExtractOptions, meter: ProgressMeter): Promise<void> {
  const file = input.file;
  const emit = (h: Handshake): void => {
    if (!inWindow(h, opts)) return;
    countHandshake(stats, h);
    hooks.onHandshake(h);
  };
  const run = await captureHandshakes(file, paced(chunks, input, hooks, meter, opts.signal), emit, opts);
  stats.captures++;
  stats.captureWorkers = Math.max(stats.captureWorkers, 1);
  addCaptureStats(stats, run.net, run.tracker, run.summary);
  // Stopped on purpose: a record cut where reading stopped is no damage to report.
  if (opts.signal?.aborted) return;
  for (const a of run.summary.anomalies) {
    hooks.onProblem({ file, message: a.message, offset: a.offset, fatal: false });
  }
}

/** Handshakes from logs between two pauses for the output and the baseline. */
const LOG_DRAIN_EVERY = 1000;

/** File names that say capture or log: skipping one is said, not only counted. */
const NAMED_LIKE_INPUT = /\.(pcap|pcapng|cap|erf|log|json)(\.gz)?$|^(ssl|x509|eve)\b/i;

/** Which reader an input's first bytes call for. */
function classify(head: Buffer): 'capture' | 'zeek' | 'eve' | 'unknown' {
  if (sniffCapture(head)) return 'capture';
  const text = head.toString('utf8', 0, Math.min(head.length, 4096));
  if (sniffEve(text)) return 'eve';
  if (sniffZeekLog(text)) return 'zeek';
  return 'unknown';
}

/** The readers of text logs a run uses: they keep cursors, committed by the caller once sightings are recorded. */
export interface LogSweeps {
  zeek: ZeekSweep;
  eve: EveSweep;
}

export function logSweeps(opts: ExtractOptions): LogSweeps {
  const follow = opts.follow ?? false;
  return { zeek: new ZeekSweep(opts.cursors, opts, follow), eve: new EveSweep(opts.cursors, opts, follow) };
}

/**
 * Runs every input; problems are reported through hooks and never thrown. `sweeps` read the Zeek and EVE logs (the
 * caller commits its cursors once the sightings are recorded).
 */
export async function extract(paths: string[], hooks: ExtractHooks, opts: ExtractOptions = {}, sweeps: LogSweeps = logSweeps(opts)): Promise<ExtractStats> {
  const stats = emptyStats();
  const zeekFiles: string[] = [];
  const eveFiles: string[] = [];
  // With workers, captures wait for the end of the walk (standard input cannot be read again: then none do).
  const workers = opts.workers ?? 0;
  const deferred: string[] | undefined = (workers === 'auto' || workers > 0) && !paths.includes('-') ? [] : undefined;
  const named = new Set(paths);
  const warn = (file: string) => (w: { message: string; offset: number }) => {
    if (!opts.signal?.aborted) hooks.onProblem({ file, message: w.message, offset: w.offset, fatal: false });
  };
  // A stop asked for while stdin waits for more: end stdin, so that reading returns with what it has.
  const endStdin = (): void => {
    if (paths.includes('-')) process.stdin.destroy();
  };
  opts.signal?.addEventListener('abort', endStdin, { once: true });
  const meter = new ProgressMeter(hooks.onProgress);
  const files: string[] = [];
  try {
    for await (const file of walkInputs(paths)) files.push(file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    hooks.onProblem({ file: err.file, message: err.message, fatal: true });
  }
  await meter.plan(files);
  for (const file of files) {
    if (opts.signal?.aborted) break;
    stats.files++;
    try {
      const input = openInput(file, { onWarning: warn(file) });
      const peeked = await peek(input);
      const { head, chunks } = peeked;
      const kind = classify(head);
      if (kind === 'capture' && deferred) {
        deferred.push(file);
        await peeked.close();
      } else if (kind === 'capture') {
        await extractCapture(input, chunks, hooks, stats, opts, meter);
      } else if (kind === 'eve' && file !== '-') {
        eveFiles.push(file);
      } else if (kind === 'eve') {
        await extractLogs(readEveBatches([{ name: file, lines: linesOf(chunks) }], logAnomaly(hooks), { since: opts.since, until: opts.until, signal: opts.signal }), hooks, stats);
        stats.eveLogs++;
      } else if (kind === 'zeek' && file !== '-') {
        zeekFiles.push(file);
      } else if (kind === 'zeek') {
        await extractLogs(readZeekBatches([{ name: file, lines: linesOf(chunks) }], logAnomaly(hooks), { since: opts.since, until: opts.until, onLone: loneTo(hooks, stats), signal: opts.signal }), hooks, stats);
        stats.zeekLogs++;
      } else if (named.has(file)) {
        throw new CaptureFormatError(file);
      } else {
        // Found by walking a folder: a README or script beside the captures is not an error, only counted; one
        // whose name says capture or log is named, since the user will look for what it held.
        stats.skipped++;
        if (NAMED_LIKE_INPUT.test(basename(file))) {
          hooks.onProblem({ file, message: head.length === 0 ? 'empty: skipped' : 'neither a capture nor a Zeek or EVE log by its content, though its name says so: skipped', fatal: false });
        }
      }
      if ((kind === 'capture' && !deferred) || kind === 'unknown') meter.read(file, input.rawBytes);
    } catch (err) {
      if (opts.signal?.aborted) break; // the read a stop cut short (stdin ended under it)
      if (err instanceof CaptureFormatError || err instanceof InputError) {
        hooks.onProblem({ file, message: err.message, fatal: true });
      } else {
        throw err;
      }
    }
  }
  opts.signal?.removeEventListener('abort', endStdin);
  if (deferred && deferred.length > 0 && !opts.signal?.aborted) await extractDeferred(deferred, hooks, stats, opts, meter);
  const onReadProblem = (file: string, message: string) => hooks.onProblem({ file, message, fatal: false });
  const onLogRead = (file: string, bytes: number) => meter.read(file, bytes);
  if (zeekFiles.length > 0) {
    const { zeek } = sweeps;
    const before = zeek.counters.linesRead;
    await extractLogs(zeek.readBatches(zeekFiles, { onAnomaly: logAnomaly(hooks), onProblem: onReadProblem, onLone: loneTo(hooks, stats), signal: opts.signal, onRead: onLogRead }), hooks, stats);
    stats.zeekLogs += zeekFiles.length;
    stats.zeekLines += zeek.counters.linesRead - before;
  }
  if (eveFiles.length > 0) {
    const { eve } = sweeps;
    const before = eve.counters.linesRead;
    await extractLogs(eve.readBatches(eveFiles, { onAnomaly: logAnomaly(hooks), onProblem: onReadProblem, signal: opts.signal, onRead: onLogRead }), hooks, stats);
    stats.eveLogs += eveFiles.length;
    stats.eveLines += eve.counters.linesRead - before;
  }
  if (opts.follow && opts.signal) {
    await followLogs(sweeps, {
      onHandshake(h) {
        countHandshake(stats, h);
        hooks.onHandshake(h);
      },
      onLone: loneTo(hooks, stats),
      onProblem: onReadProblem,
      drain: () => hooks.drain?.() ?? Promise.resolve(),
    }, opts.signal);
  }
  stats.inputBytes = meter.bytes;
  return stats;
}

function loneTo(hooks: ExtractHooks, stats: ExtractStats): (certs: ZeekLoneCertificate[]) => void {
  return (certs) => {
    for (const c of certs) {
      stats.loneCertificates++;
      hooks.onCertificate?.(c);
    }
  };
}

/** The captures the walk deferred: by workers when they are worth it, else here, one after the other. */
async function extractDeferred(files: string[], hooks: ExtractHooks, stats: ExtractStats, opts: ExtractOptions, meter: ProgressMeter): Promise<void> {
  let workers = opts.workers ?? 0;
  if (workers === 'auto') {
    let bytes = 0;
    for (const file of files) bytes += await sizeOf(file);
    workers = bytes >= MIN_BYTES_FOR_WORKERS ? Math.max(1, availableParallelism() - 1) : 0;
  }
  if (workers > 0 && workersAvailable()) {
    await parallelCaptures(files, hooks, stats, { ...opts, workers, onRead: (file, bytes) => meter.read(file, bytes) });
    return;
  }
  for (const file of files) {
    if (opts.signal?.aborted) return;
    try {
      const input = openInput(file, { onWarning: (w) => hooks.onProblem({ file, message: w.message, offset: w.offset, fatal: false }) });
      await extractCapture(input, input, hooks, stats, opts, meter);
      meter.read(file, input.rawBytes);
    } catch (err) {
      if (!(err instanceof CaptureFormatError || err instanceof InputError)) throw err;
      hooks.onProblem({ file, message: err.message, fatal: true });
    }
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** Anomalies of a log reader (Zeek, EVE) as input problems. */
function logAnomaly(hooks: ExtractHooks) {
  return (a: { file: string; line?: number; message: string; fatal?: boolean }) =>
    hooks.onProblem({ file: a.file, line: a.line, message: a.message, fatal: a.fatal ?? false });
}

/** Handshakes of text logs (a stop asked for ends the logs' reading: see readZeekBatches). */
async function extractLogs(batches: AsyncIterable<Handshake[]>, hooks: ExtractHooks, stats: ExtractStats): Promise<void> {
  let n = 0;
  for await (const batch of batches) {
    for (const h of batch) {
      countHandshake(stats, h);
      hooks.onHandshake(h);
      if (++n % LOG_DRAIN_EVERY === 0 && hooks.drain) await hooks.drain();
    }
  }
}
