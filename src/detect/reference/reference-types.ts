/**
 * Reference data shipped in `baselines/reference/` (`brands.json`, `c2-defaults.json`; provenance in
 * `baselines/reference/DETECT-DATA.md`). The CLI reads the files; `parseReferenceData` checks and indexes them.
 */
import type { Severity } from '../types';

/** Where a fact comes from: a repository file (and commit) or a corpus file. */
export interface SourceCitation {
  readonly repo?: string;
  readonly path?: string;
  readonly commit?: string;
  readonly corpusFile?: string;
  readonly note?: string;
}

/** One genuine CA certificate (a name may have several: cross-signs, reissues). Hex is lower case. */
export interface KnownCaCert {
  /** Subject CN. */
  readonly name: string;
  readonly brand: string;
  readonly issuerName: string;
  /** Upper-case hex as `CertFacts.serial`. */
  readonly serial: string;
  /** ISO 8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha1: string;
  readonly sha256: string;
  readonly spkiSha256: string;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly selfIssued: boolean;
  readonly source: SourceCitation;
}

/** A CA name we know without holding its certificate. */
export interface KnownCaName {
  readonly name: string;
  readonly brand: string;
  readonly source: SourceCitation;
}

export interface Brand {
  readonly brand: string;
  /** Words that name the brand in a DN (`Microsoft`, `Let's Encrypt`). */
  readonly names: string[];
  /** Registered domains the brand serves (`microsoft.com`); a certificate naming one must chain to a trusted root. */
  readonly domains: string[];
  readonly source: SourceCitation;
}

/**
 * How a tool's default certificate looks. Every condition given must hold.
 * Attribute maps compare the first value of each attribute type, case-insensitively.
 */
export interface ToolMatch {
  readonly subject?: Readonly<Record<string, string>>;
  /** The subject has no attribute types other than those in `subject`. */
  readonly subjectExactly?: boolean;
  readonly issuer?: Readonly<Record<string, string>>;
  readonly issuerExactly?: boolean;
  /** Subject and issuer attribute types, in any order, exactly these. */
  readonly subjectAttributeTypes?: string[];
  readonly issuerAttributeTypes?: string[];
  readonly selfIssued?: boolean;
  readonly issuerEmpty?: boolean;
  /** Upper-case hex, no leading zeros. */
  readonly serial?: string;
  /** Extension OIDs, in any order, exactly these. */
  readonly extensionOidsExactly?: string[];
  /** Signed by the certificate's own key although the issuer differs from the subject (needs DER). */
  readonly signedByOwnKey?: boolean;
}

export interface ToolDefault {
  readonly id: string;
  readonly tool: string;
  readonly severity: Severity;
  readonly description: string;
  readonly match: ToolMatch;
  readonly sources: SourceCitation[];
}

/** All genuine certificates and facts known under one CA name. */
export interface KnownCaGroup {
  readonly name: string;
  readonly brand: string;
  readonly certs: KnownCaCert[];
  readonly issuerNames: ReadonlySet<string>;
  readonly spkiSha256s: ReadonlySet<string>;
  readonly subjectKeyIds: ReadonlySet<string>;
  readonly fingerprints: ReadonlySet<string>;
  /** Latest notAfter among the genuine certificates (ms since epoch), or undefined for name-only entries. */
  readonly latestNotAfter?: number;
  readonly earliestNotBefore?: number;
  /** A genuine root (self-issued) is among the certificates. */
  readonly isRoot: boolean;
}

/** Brand words and domain labels folded once when the data is loaded (detectors run per certificate). */
export interface BrandKeys {
  /** `skeletonKey` of each brand word long enough to search inside other text, with its `compactKey` and brand. */
  readonly words: ReadonlyArray<{ readonly brand: string; readonly skeleton: string; readonly compact: string }>;
  /** `compactKey` of every brand word, for plain mentions. */
  readonly mentions: ReadonlyArray<{ readonly brand: string; readonly compact: string }>;
  /** `skeletonKey` of a brand domain's first label → the label and its brand (`mlcrosoft` → microsoft, Microsoft). */
  readonly labels: ReadonlyMap<string, { readonly label: string; readonly brand: string }>;
  /** Brand domain (lower case) → brand. */
  readonly domains: ReadonlyMap<string, string>;
}

export interface ReferenceData {
  /** By `exactKey(name)`. */
  readonly caByName: ReadonlyMap<string, KnownCaGroup>;
  /** By `skeletonKey(name)`, for names long enough to compare by skeleton. */
  readonly caBySkeleton: ReadonlyMap<string, KnownCaGroup>;
  /** By `tokenKey(name)` (words sorted). */
  readonly caByTokens: ReadonlyMap<string, KnownCaGroup>;
  readonly brands: Brand[];
  readonly brandKeys: BrandKeys;
  readonly tools: ToolDefault[];
}
