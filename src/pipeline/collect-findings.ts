/**
 * For callers that need every finding at once (hunt's correlation, the terminal table, tests): the latest document
 * of each finding, by id. Holds one finding per certificate: a stream writer should write events as they come.
 */
import type { FindingEvent } from '../detect/finding-builder';
import { compareFindings } from '../detect/score';
import type { Finding } from '../detect/types';

export class FindingCollector {
  private readonly latest = new Map<string, Finding>();

  readonly onFinding = (e: FindingEvent): void => {
    this.latest.set(e.finding.id, e.finding);
  };

  get size(): number {
    return this.latest.size;
  }

  /** Every finding as last judged, most severe first. */
  findings(): Finding[] {
    return [...this.latest.values()].sort(compareFindings);
  }
}
