/**
 * A run's counts from its capture workers' counts. In flows mode every worker reads every packet of every capture
 * but follows only its share of the flows: counts of packets and of the capture itself (records, bytes, decoding,
 * fragments, truncation) are worker 0's; counts of flows are added up. Handshakes are counted where they are
 * delivered, on the main thread.
 */
import type { ExtractStats, LimitCounts } from '../extract-stats';

const OF_FLOWS: ReadonlyArray<keyof Omit<ExtractStats, 'limits'>> = ['flows', 'gaps', 'overlapConflicts', 'synResyncs'];
const LIMITS_OF_FLOWS: ReadonlyArray<keyof LimitCounts> = ['flowTable', 'reassemblyBytes', 'tlsHeldBytes', 'oversizedHandshake', 'certificatesPerMessage'];

/** Adds a worker's counts of one capture; `wholeCapture`: it counted the capture's own counts too (files mode, or worker 0). */
export function addWorkerStats(into: ExtractStats, from: ExtractStats, wholeCapture: boolean): void {
  const { limits, ...counts } = from;
  for (const key of Object.keys(counts) as Array<keyof typeof counts>) {
    if (key !== 'captureWorkers' && (wholeCapture || OF_FLOWS.includes(key))) into[key] += counts[key];
  }
  for (const key of Object.keys(limits) as Array<keyof LimitCounts>) {
    if (wholeCapture || LIMITS_OF_FLOWS.includes(key)) into.limits[key] += limits[key];
  }
}
