/** One reason the identity detector found, before it becomes a `Signal`. */
import { SEVERITY_RANK, type EvidenceValue, type Severity } from '../types';

export interface Claim {
  readonly severity: Severity;
  readonly reason: string;
  readonly evidence: Record<string, EvidenceValue>;
}

/** The most severe claim (first one wins ties), or null. */
export function strongest(claims: ReadonlyArray<Claim | null>): Claim | null {
  let best: Claim | null = null;
  for (const c of claims) if (c && (!best || SEVERITY_RANK[c.severity] > SEVERITY_RANK[best.severity])) best = c;
  return best;
}
