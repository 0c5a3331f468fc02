import type { DetectorClass } from './types';

/** Tuning of the detect stage. Defaults in `config.ts` (`DEFAULT_CONFIG`); `loadConfig` reads a user's file over them. */

export interface AllowlistConfig {
  /** SHA-256 or SHA-1 of certificates (hex; colons and case ignored). */
  readonly fingerprints: string[];
  /** Regular expressions (case-insensitive) tried against the RFC 4514 subject. */
  readonly subjectPatterns: string[];
  /** DNS domains: a finding is silenced when every SNI it was seen with is the domain or below it. */
  readonly sniDomains: string[];
  /** CIDR blocks: a finding is silenced when every server that presented it is inside one. */
  readonly serverCidrs: string[];
}

export interface DetectConfig {
  /** Weight per detector id, overriding the detector's default. */
  readonly weights: Readonly<Record<string, number>>;
  /** Class per detector id, overriding the detector's own (`attack` lets its signals reach high and critical). */
  readonly classes: Readonly<Record<string, DetectorClass>>;
  /** Detector ids that do not run. */
  readonly disabled: string[];
  /** `reused-certificate` fires when one certificate is on at least this many distinct servers or SNIs. */
  readonly reuseThreshold: number;
  /** `reused-key` fires when one key is seen under at least this many distinct subjects. */
  readonly keyReuseSubjects: number;
  /** `fresh-certificate`: notBefore at most this many hours before the first sighting. */
  readonly freshHours: number;
  /** `validity-too-long`: leaf lifetime limit in days (CA/B Forum Baseline Requirements §6.3.2: 398). */
  readonly maxLeafValidityDays: number;
  /** `weak-crypto`: smallest acceptable RSA modulus. */
  readonly minRsaBits: number;
  /** Sightings kept per certificate (totals are always kept). */
  readonly maxSightingsPerCert: number;
  readonly allowlist: AllowlistConfig;
}
