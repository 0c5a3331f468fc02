/** Builds a `Signal` for a detector, applying the configured weight and class. */
import type { DetectConfig } from './config-types';
import type { CertContext, Detector, DetectorClass, EvidenceValue, Severity, Signal } from './types';

/** Evidence lists are cut to this many entries so one finding stays small. */
export const MAX_EVIDENCE_LIST = 10;

/** The detector's class, or the one the config moved it to. */
export function classOf(detector: Detector, config: DetectConfig): DetectorClass {
  return config.classes[detector.id] ?? detector.class;
}

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
  return { id: detector.id, class: classOf(detector, ctx.config), severity, weight: severity === 'info' ? 0 : weight, reason, evidence };
}
