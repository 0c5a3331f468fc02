/** x509 stage: DER → `CertFacts`, JA4X, trust verdicts. */
export * from './types';
export { certFacts, serialHex, type CertFactsOptions } from './cert-facts';
export { CertFactsCache, DEFAULT_CERT_CACHE_ENTRIES } from './facts-cache';
export { ja4x, ja4xRaw } from './ja4x';
export { distinguishedName, escapeRfc4514 } from './distinguished-name';
