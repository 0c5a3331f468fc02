/** x509 stage: DER → `CertFacts`, JA4X, trust verdicts. */
export * from './types';
export { certFacts, serialHex, type CertFactsOptions } from './cert-facts';
export { CertFactsCache, DEFAULT_CERT_CACHE_ENTRIES } from './facts-cache';
export { ja4x, ja4xRaw } from './ja4x';
export { distinguishedName, escapeRfc4514 } from './distinguished-name';
export { chainVerdict, MAX_PATH_DEPTH, MAX_PRESENTED_CERTS, MAX_SIGNATURE_CHECKS, type AnchorMatch, type ChainVerdict } from './chain-verdict';
export { TrustStore, anchorFromDer, nameKey, type AnchorOrigin, type AnchorStatus, type PrivateAnchorInput, type TrustAnchor } from './trust-store';
export { parseRemovedRoots, shippedRemovedRoots, type RemovedRootRecord } from './removed-roots';
export { certificateSignatureValid } from './signature';
export { ChainVerdictCache, DEFAULT_CHAIN_CACHE_ENTRIES } from './chain-verdict-cache';
