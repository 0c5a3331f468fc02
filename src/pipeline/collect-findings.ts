/**
 * For callers that need every finding at once (hunt's correlation, the terminal table, tests): the latest document
 * of each finding, by id. Holds one finding per certificate: a stream writer should write events as they come.
 */
import type { FindingEvent } from '../detect/finding-builder';
import { compareFindings } from '../detect/score';
import type { Finding } from '../detect/types';
import { scan, type ScanHooks, type ScanOptions, type ScanResult } from './scan';

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

/** `scan` with every finding collected: for tests and callers that need them all at once. */
export async function scanAll(paths: string[], hooks: Omit<ScanHooks, 'onFinding'>, opts: ScanOptions = {}): Promise<ScanResult & { findings: Finding[] }> {
  const collected = new FindingCollector();
  const result = await scan(paths, { ...hooks, onFinding: collected.onFinding }, opts);
  return { ...result, findings: collected.findings() };
}
