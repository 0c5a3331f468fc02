import type { Timestamp } from '../capture/types';

/** ISO 8601 UTC with the capture's full precision (nanoseconds), as ECS `date_nanos` fields take it. */
export function isoTimestamp(ts: Timestamp): string {
  const base = new Date(ts.sec * 1000).toISOString(); // …T12:34:56.000Z
  return `${base.slice(0, 19)}.${String(ts.nsec).padStart(9, '0')}Z`;
}
