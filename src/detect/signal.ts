/** Builds a `Signal` for a detector, applying the configured weight. */
import type { CertContext, Detector, EvidenceValue, Severity, Signal } from './types';

/** Evidence lists are cut to this many entries so one finding stays small. */
export const MAX_EVIDENCE_LIST = 10;

export function makeSignal(
  detector: Detector,
  ctx: CertContext,
  reason: string,
  evidence: Record<string, EvidenceValue>,
  severity: Severity = detector.severity,
): Signal {
  const weight = ctx.config.weights[detector.id] ?? detector.weight;
  for (const [key, value] of Object.entries(evidence)) {
    if (Array.isArray(value) && value.length > MAX_EVIDENCE_LIST) evidence[key] = value.slice(0, MAX_EVIDENCE_LIST);
  }
  return { id: detector.id, severity, weight: severity === 'info' ? 0 : weight, reason, evidence };
}
