import type { Timestamp } from '../capture/types';

/** The last second formatted: connections come many to a second, and `toISOString` is the costly part. */
const memo = { sec: NaN, iso: '' };

/** ISO 8601 UTC with the capture's full precision (nanoseconds), as ECS `date_nanos` fields take it. */
export function isoTimestamp(ts: Timestamp): string {
  if (ts.sec !== memo.sec) {
    memo.iso = new Date(ts.sec * 1000).toISOString().slice(0, 19); // …T12:34:56
    memo.sec = ts.sec;
  }
  return `${memo.iso}.${String(ts.nsec).padStart(9, '0')}Z`;
}
