/** The detect stage: `CertFacts` + context → `Signal`s → `Finding`s. */
export * from './types';
export { DEFAULT_CONFIG, ConfigError, loadConfig, parseConfigObject } from './config';
export type { AllowlistConfig } from './config-types';
export { DETECTORS, DETECTOR_IDS, runDetectors, groupOf } from './registry';
export { scoreSignals, MAX_SCORE } from './score';
export { FindingBuilder, MAX_CHAINS_PER_CERT, MAX_DISTINCT_TRACKED, type SightingInput } from './finding-builder';
export { compileAllowlist, markReason, suppressionReason } from './allowlist';
export { evaluateCertificate } from './evaluate-certificate';
export { trustTime } from './cert-helpers';
export { parseReferenceData, EMPTY_REFERENCE, REFERENCE_FILES, ReferenceDataError } from './reference/reference-data';
export type { Brand, KnownCaCert, KnownCaGroup, SourceCitation, ToolDefault, ToolMatch } from './reference/reference-types';
