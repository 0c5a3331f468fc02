/**
 * Puts the records of several capture workers back into the order one thread would have made them in. Each
 * record carries its `Position`; each worker's records come in order, with a watermark saying how far that
 * worker has read. A record is released once every worker has read past its place: no worker can still send one
 * that goes before it.
 */

/**
 * Where a record falls in a one-thread run: the capture file (its index in the walk), the frame whose processing
 * made it (`END` at the file's end), the latest frame of its flow (flows ended together by one packet or by the
 * end of input end in the flow table's least-recently-active order), and the worker's own count.
 */
export type Position = readonly [file: number, frame: number, flowFrame: number, seq: number];

/** How far a worker has read: every record of a frame at or before it has been sent. */
export type Watermark = readonly [file: number, frame: number];

/** After every frame (positions travel as JSON, which has no Infinity). */
export const END = Number.MAX_SAFE_INTEGER;

export const WATERMARK_START: Watermark = [-1, -1];
export const WATERMARK_END: Watermark = [END, END];

export function comparePositions(a: Position, b: Position): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];
}

function atOrBefore(p: Position, w: Watermark): boolean {
  return p[0] < w[0] || (p[0] === w[0] && p[1] <= w[1]);
}

export interface Placed<T> {
  readonly position: Position;
  readonly value: T;
}

class Lane<T> {
  items: Placed<T>[] = [];
  head = 0;
  watermark: Watermark = WATERMARK_START;

  get next(): Placed<T> | undefined {
    return this.items[this.head];
  }

  take(): Placed<T> {
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  get waiting(): number {
    return this.items.length - this.head;
  }
}

export class OrderedMerge<T> {
  private readonly lanes: Lane<T>[];

  constructor(workers: number) {
    this.lanes = Array.from({ length: workers }, () => new Lane<T>());
  }

  /** A worker's next records (in its order) and how far it has now read. */
  add(worker: number, items: readonly Placed<T>[], watermark: Watermark): void {
    const lane = this.lanes[worker];
    for (const item of items) lane.items.push(item);
    lane.watermark = watermark;
  }

  /** Records waiting for a worker to read on (the merge's memory). */
  waiting(worker: number): number {
    return this.lanes[worker].waiting;
  }

  /** Every record no worker can still precede, in order; each comes with the worker that sent it. */
  release(): Array<{ worker: number; value: T }> {
    let low = WATERMARK_END;
    for (const lane of this.lanes) if (lane.watermark[0] < low[0] || (lane.watermark[0] === low[0] && lane.watermark[1] < low[1])) low = lane.watermark;
    const out: Array<{ worker: number; value: T }> = [];
    for (;;) {
      let best = -1;
      for (let w = 0; w < this.lanes.length; w++) {
        const next = this.lanes[w].next;
        if (next === undefined || !atOrBefore(next.position, low)) continue;
        const current = best < 0 ? undefined : this.lanes[best].next;
        if (current === undefined || comparePositions(next.position, current.position) < 0) best = w;
      }
      if (best < 0) return out;
      out.push({ worker: best, value: this.lanes[best].take().value });
    }
  }
}
