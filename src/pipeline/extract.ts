/**
 * Files in, handshakes out: walks the inputs, tells captures from Zeek logs by their first bytes, and runs each
 * through its stages (capture → net → tls, or zeek). Streaming: one capture at a time, constant memory.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { openInput, walkInputs, sniffCapture, CaptureFormatError, InputError } from '../capture';
import type { Handshake } from '../tls/types';
import { captureHandshakes, inWindow } from './capture-handshakes';
import { addCaptureStats, countHandshake, emptyStats, type ExtractStats } from './extract-stats';
import { readZeekBatches, sniffZeekLog, ZeekSweep, type CursorKeeper } from '../zeek';
import { peek } from './peek';
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

export interface ExtractHooks {
  /** `rendered`: the connection as `ExtractOptions.renderConnection` wrote it, when a capture worker did. */
  onHandshake(h: Handshake, rendered?: string): void;
  onProblem(p: InputProblem): void;
  /** Decompressed bytes read so far in the current file (for a progress line). */
  onProgress?(file: string, bytes: number): void;
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
  cursors?: CursorKeeper;
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
async function* paced(chunks: AsyncIterable<Buffer>, file: string, hooks: ExtractHooks): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    hooks.onProgress?.(file, bytes);
    yield chunk;
    if (hooks.drain) await hooks.drain();
  }
}

async function extractCapture(file: string, chunks: AsyncIterable<Buffer>, hooks: ExtractHooks, stats: ExtractStats, opts: ExtractOptions): Promise<void> {
  const emit = (h: Handshake): void => {
    if (!inWindow(h, opts)) return;
    countHandshake(stats, h);
    hooks.onHandshake(h);
  };
  const run = await captureHandshakes(file, paced(chunks, file, hooks), emit, opts);
  stats.captures++;
  stats.captureWorkers = Math.max(stats.captureWorkers, 1);
  addCaptureStats(stats, run.net, run.tracker, run.summary);
  for (const a of run.summary.anomalies) {
    hooks.onProblem({ file, message: a.message, offset: a.offset, fatal: false });
  }
}

/** Handshakes from logs between two pauses for the output and the baseline. */
const ZEEK_DRAIN_EVERY = 1000;

/** Which reader an input's first bytes call for. */
function classify(head: Buffer): 'capture' | 'zeek' | 'unknown' {
  if (sniffCapture(head)) return 'capture';
  if (sniffZeekLog(head.toString('utf8', 0, Math.min(head.length, 4096)))) return 'zeek';
  return 'unknown';
}

/**
 * Runs every input; problems are reported through hooks and never thrown. `sweep` reads the Zeek logs (the
 * caller commits its cursors once the sightings are recorded).
 */
export async function extract(paths: string[], hooks: ExtractHooks, opts: ExtractOptions = {}, sweep = new ZeekSweep(opts.cursors, opts)): Promise<ExtractStats> {
  const stats = emptyStats();
  const zeekFiles: string[] = [];
  // With workers, captures wait for the end of the walk (standard input cannot be read again: then none do).
  const workers = opts.workers ?? 0;
  const deferred: string[] | undefined = (workers === 'auto' || workers > 0) && !paths.includes('-') ? [] : undefined;
  const named = new Set(paths);
  const warn = (file: string) => (w: { message: string; offset: number }) =>
    hooks.onProblem({ file, message: w.message, offset: w.offset, fatal: false });
  try {
    for await (const file of walkInputs(paths)) {
      stats.files++;
      try {
        const peeked = await peek(openInput(file, { onWarning: warn(file) }));
        const { head, chunks } = peeked;
        const kind = classify(head);
        if (kind === 'capture' && deferred) {
          deferred.push(file);
          await peeked.close();
        } else if (kind === 'capture') {
          await extractCapture(file, chunks, hooks, stats, opts);
        } else if (kind === 'zeek' && file !== '-') {
          zeekFiles.push(file);
        } else if (kind === 'zeek') {
          await extractZeek(readZeekBatches([{ name: file, lines: linesOf(chunks) }], zeekAnomaly(hooks), { since: opts.since, until: opts.until }), hooks, stats);
          stats.zeekLogs++;
        } else if (named.has(file)) {
          throw new CaptureFormatError(file);
        } else {
          // Found by walking a folder: a README or script beside the captures is not an error, only counted.
          stats.skipped++;
        }
      } catch (err) {
        if (err instanceof CaptureFormatError || err instanceof InputError) {
          hooks.onProblem({ file, message: err.message, fatal: true });
        } else {
          throw err;
        }
      }
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    hooks.onProblem({ file: err.file, message: err.message, fatal: true });
  }
  if (deferred && deferred.length > 0) await extractDeferred(deferred, hooks, stats, opts);
  if (zeekFiles.length > 0) {
    const before = sweep.counters.linesRead;
    const onReadProblem = (file: string, message: string) => hooks.onProblem({ file, message, fatal: false });
    await extractZeek(sweep.readBatches(zeekFiles, zeekAnomaly(hooks), onReadProblem), hooks, stats);
    stats.zeekLogs += zeekFiles.length;
    stats.zeekLines += sweep.counters.linesRead - before;
  }
  return stats;
}

/** The captures the walk deferred: by workers when they are worth it, else here, one after the other. */
async function extractDeferred(files: string[], hooks: ExtractHooks, stats: ExtractStats, opts: ExtractOptions): Promise<void> {
  let workers = opts.workers ?? 0;
  if (workers === 'auto') {
    let bytes = 0;
    for (const file of files) bytes += await sizeOf(file);
    workers = bytes >= MIN_BYTES_FOR_WORKERS ? Math.max(1, availableParallelism() - 1) : 0;
  }
  if (workers > 0 && workersAvailable()) {
    await parallelCaptures(files, hooks, stats, { ...opts, workers });
    return;
  }
  for (const file of files) {
    try {
      await extractCapture(file, openInput(file, { onWarning: (w) => hooks.onProblem({ file, message: w.message, offset: w.offset, fatal: false }) }), hooks, stats, opts);
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

function zeekAnomaly(hooks: ExtractHooks) {
  return (a: { file: string; line?: number; message: string; fatal?: boolean }) =>
    hooks.onProblem({ file: a.file, line: a.line, message: a.message, fatal: a.fatal ?? false });
}

async function extractZeek(batches: AsyncIterable<Handshake[]>, hooks: ExtractHooks, stats: ExtractStats): Promise<void> {
  let n = 0;
  for await (const batch of batches) {
    for (const h of batch) {
      countHandshake(stats, h);
      hooks.onHandshake(h);
      if (++n % ZEEK_DRAIN_EVERY === 0 && hooks.drain) await hooks.drain();
    }
  }
}
