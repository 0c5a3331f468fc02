/**
 * Captures read by worker threads, their handshakes delivered on this thread in the order one thread would have
 * delivered them, so every stage after tls (findings, baseline, output) runs as it does on one thread. A folder of
 * several captures per worker (rotated files) is shared out file by file; fewer, larger captures are read by every
 * worker, each following its share of the flows by a symmetric flow hash (Suricata's autofp).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ConnectionRenderer } from '../connection-renderer';
import type { ExtractHooks } from '../extract';
import { countHandshake, type ExtractStats } from '../extract-stats';
import type { Delivery, FromWorker, ToWorker, WorkerMode, WorkerSetup } from './messages';
import { OrderedMerge, type Placed } from './ordered-merge';
import { HandshakeDecoder, type WireHandshake } from './wire';
import { addWorkerStats } from './worker-stats';

/** This thread's heap ceiling (the launcher's `--max-old-space-size`), each worker's too. */
const HEAP_CEILING_MB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);

/** The worker's script, beside this file in the build (dist/). */
const WORKER_SCRIPT = join(__dirname, 'capture-worker.js');

/** Files per worker from which captures are shared out whole rather than by flow. */
const FILES_PER_WORKER = 2;
/**
 * Workers from which they also write the connections. One worker beside the main thread reads packets for about
 * as long as the main thread judges and writes (realistic mix, 2 cores): writing connections there would make
 * the worker the slower of the two; with more workers the main thread is the one to relieve.
 */
const WORKERS_THAT_WRITE = 2;

export interface ParallelOptions {
  readonly workers: number;
  readonly fingerprints?: boolean;
  readonly since?: number;
  readonly until?: number;
  readonly renderConnection?: ConnectionRenderer;
  /** Bytes of `file` read so far, as on disk (for a progress line). */
  readonly onRead?: (file: string, bytes: number) => void;
  /** Aborted (SIGINT, SIGTERM): the workers stop; what was delivered stays delivered. */
  readonly signal?: AbortSignal;
}

/** Whether this build can run capture workers (it runs from dist/, where the worker's script is). */
export function workersAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/** A handshake with its rendered connection put back in. */
interface Rendered {
  readonly handshake: WireHandshake;
  readonly line: string;
}

function withLines(records: Placed<Delivery>[], lines: string): Placed<Delivery | Rendered>[] {
  if (lines.length === 0) return records;
  let at = 0;
  return records.map((r) => {
    if (!('handshake' in r.value) || !r.value.rendered) return r;
    const end = lines.indexOf('\n', at);
    const line = lines.slice(at, end);
    at = end + 1;
    return { position: r.position, value: { handshake: r.value.handshake, line } };
  });
}

/** Messages from all workers, taken one at a time by the delivering loop. */
class Inbox {
  private readonly queue: Array<{ worker: number; m: FromWorker }> = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private stopped = false;

  put(worker: number, m: FromWorker): void {
    this.queue.push({ worker, m });
    this.wakeUp();
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.wakeUp();
  }

  /** A stop was asked for: `take` returns nothing from now on, whatever is queued. */
  stop(): void {
    this.stopped = true;
    this.wakeUp();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async take(): Promise<{ worker: number; m: FromWorker } | undefined> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.stopped) return undefined;
      const next = this.queue.shift();
      if (next) return next;
      await new Promise<void>((w) => (this.wake = w));
    }
  }
}

/** Reads `files` (captures, in walk order) with capture workers, delivering to `hooks` and counting into `stats`. */
export async function parallelCaptures(files: readonly string[], hooks: ExtractHooks, stats: ExtractStats, opts: ParallelOptions): Promise<void> {
  const mode: WorkerMode = files.length >= FILES_PER_WORKER * opts.workers ? 'files' : 'flows';
  const count = mode === 'files' ? Math.min(opts.workers, files.length) : opts.workers;
  stats.captureWorkers = Math.max(stats.captureWorkers, count);
  const inbox = new Inbox();
  const workers: Worker[] = [];
  for (let w = 0; w < count; w++) {
    const setup: WorkerSetup = {
      worker: w, workers: count, mode, files, fingerprints: opts.fingerprints ?? true, since: opts.since, until: opts.until,
      renderConnection: count >= WORKERS_THAT_WRITE ? opts.renderConnection : undefined,
      checkLinks: hooks.onSignatureChecks !== undefined,
    };
    // Each worker under the heap ceiling this thread runs under (the launcher's).
    const worker = new Worker(WORKER_SCRIPT, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: HEAP_CEILING_MB } });
    worker.on('message', (m: FromWorker) => inbox.put(w, m));
    worker.on('error', (err) => inbox.fail(err));
    worker.on('exit', (code) => {
      if (code !== 0) inbox.fail(new Error(`capture worker ${w} stopped (exit code ${code})`));
    });
    workers.push(worker);
  }
  const send = (w: number, m: ToWorker) => workers[w].postMessage(m);
  const decoders = workers.map(() => new HandshakeDecoder());
  const merge = new OrderedMerge<Delivery | Rendered>(count);
  let nextFile = 0;
  let running = count;
  const stop = (): void => inbox.stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  if (opts.signal?.aborted) stop();
  try {
    while (running > 0) {
      const next = await inbox.take();
      if (!next) break;
      const { worker, m } = next;
      switch (m.kind) {
        case 'records': {
          if (m.signatures.length > 0) hooks.onSignatureChecks?.(m.signatures);
          merge.add(worker, withLines(JSON.parse(m.records) as Placed<Delivery>[], m.lines), m.watermark);
          const taken = new Array<number>(count).fill(0);
          for (const { worker: from, value } of merge.release()) {
            if (opts.signal?.aborted) break; // what is left was not delivered: the run stops here
            taken[from]++;
            if ('problem' in value) {
              hooks.onProblem(value.problem);
              continue;
            }
            const h = decoders[from].decode(value.handshake);
            countHandshake(stats, h);
            hooks.onHandshake(h, 'line' in value ? value.line : undefined);
          }
          if (hooks.drain) await hooks.drain();
          for (let w = 0; w < count; w++) if (taken[w] > 0) send(w, { kind: 'credit', records: taken[w] });
          // Messages queued while this batch was judged would otherwise follow one another in microtasks alone:
          // a turn of the event loop lets a signal (SIGINT, SIGTERM) and the output's writes through.
          await new Promise<void>((turn) => setImmediate(turn));
          break;
        }
        case 'progress':
          opts.onRead?.(m.file, m.bytes);
          break;
        case 'counted':
          addWorkerStats(stats, m.stats, mode === 'files' || worker === 0);
          break;
        case 'next':
          send(worker, { kind: 'file', index: nextFile < files.length ? nextFile++ : null });
          break;
        case 'done':
          running--;
          break;
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
    // What was delivered stays; the rest of the captures is lost, and the run says so and fails.
    hooks.onProblem({
      file: files.join(', '), fatal: true,
      message: `out of memory: a capture worker passed its heap ceiling of ${HEAP_CEILING_MB} MiB and was stopped (CERTHOUND_MAX_HEAP_MB sets another; please report this with the input that caused it)`,
    });
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
