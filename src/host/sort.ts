/** The seed query's `sort by _messagetime desc`: newest first; equal times keep their input order. */
import type { HostDetection } from './types';

export function sortNewestFirst(detections: readonly HostDetection[]): HostDetection[] {
  return detections
    .map((d, i) => ({ d, i }))
    .sort((x, y) => y.d.event.time - x.d.event.time || x.i - y.i)
    .map((x) => x.d);
}
