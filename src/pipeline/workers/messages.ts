/** What capture workers and the main thread tell each other (postMessage, structured clone). */
import type { ConnectionRenderer } from '../connection-renderer';
import type { ExtractStats } from '../extract-stats';
import type { InputProblem } from '../extract';
import type { SignatureCheck } from '../../x509/signature-memo';
import type { Watermark } from './ordered-merge';
import type { WireHandshake } from './wire';

/** How the captures are shared out. */
export type WorkerMode =
  /** Every worker reads every capture and follows its share of the flows (a symmetric flow hash). */
  | 'flows'
  /** Each worker reads whole captures, one at a time, asking for the next. */
  | 'files';

export interface WorkerSetup {
  readonly worker: number;
  readonly workers: number;
  readonly mode: WorkerMode;
  /** The captures in walk order; messages name them by index. */
  readonly files: readonly string[];
  readonly fingerprints: boolean;
  readonly since?: number;
  readonly until?: number;
  readonly renderConnection?: ConnectionRenderer;
  /** Check presented chains' links for the main thread (when it judges certificates). */
  readonly checkLinks: boolean;
}

/**
 * One record of the run, in the order one thread would have made it. A handshake's rendered connection travels
 * beside the records (`lines`), not inside their JSON, which would escape every quote of it.
 */
export type Delivery = { readonly handshake: WireHandshake; readonly rendered?: true } | { readonly problem: InputProblem };

export type FromWorker =
  /**
   * `records`: a JSON array of Placed<Delivery> (ordered-merge.ts, wire.ts); `lines`: the rendered connections of those marked
   * `rendered`, in order, each ending with a newline (a rendered connection is one line); `signatures`: the checks of
   * presented chains' links the worker made since its last batch (presented-links.ts), for the main thread's memo.
   */
  | { readonly kind: 'records'; readonly records: string; readonly lines: string; readonly watermark: Watermark; readonly signatures: readonly SignatureCheck[] }
  | { readonly kind: 'progress'; readonly file: string; readonly bytes: number }
  /** A capture's counts as this worker made them (main adds them up by `mergeShareStats`). */
  | { readonly kind: 'counted'; readonly stats: ExtractStats }
  /** Files mode: the worker is ready for its next capture. */
  | { readonly kind: 'next' }
  | { readonly kind: 'done' };

export type ToWorker =
  /** The main thread took this many of the worker's records: it may send as many more. */
  | { readonly kind: 'credit'; readonly records: number }
  /** Files mode: the next capture to read, or null when there is none. */
  | { readonly kind: 'file'; readonly index: number | null };
