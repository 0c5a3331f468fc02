/** The seed query's `sort by _messagetime desc`: newest first; equal times keep their input order. */
import type { HostDetection } from './types';

export function sortNewestFirst(detections: readonly HostDetection[]): HostDetection[] {
  return detections
    .map((d, i) => ({ d, i }))
    .sort((x, y) => y.d.event.time - x.d.event.time || x.i - y.i)
    .map((x) => x.d);
}

/**
 * The newest `limit` detections of a stream, newest first (a terminal table of more is read by no one; the stream
 * itself goes to NDJSON whole). Holds at most twice `limit`.
 */
export class NewestDetections {
  private kept: HostDetection[] = [];
  /** Detections offered in all. */
  total = 0;

  constructor(private readonly limit: number) {}

  add(d: HostDetection): void {
    this.total++;
    this.kept.push(d);
    if (this.kept.length >= 2 * this.limit) this.kept = sortNewestFirst(this.kept).slice(0, this.limit);
  }

  list(): HostDetection[] {
    return sortNewestFirst(this.kept).slice(0, this.limit);
  }
}
