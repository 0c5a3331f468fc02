/**
 * Reference data shipped in `baselines/reference/` (`brands.json`, `c2-defaults.json`; provenance in
 * `baselines/reference/DETECT-DATA.md`). The CLI reads the files; `parseReferenceData` checks and indexes them.
 */
import type { GenuineKey } from '../../x509/genuine-issuer-keys';
import type { Severity } from '../types';
import type { NameFamily, NameModel } from './name-model';

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

/** A CA name we know without holding its certificate (or without holding its first generation's). */
export interface KnownCaName {
  readonly name: string;
  readonly brand: string;
  /**
   * notBefore of the name's earliest generation, when a CA re-issued its certificate under the same name (DigiCert
   * SHA2 Secure Server CA: 2013, re-issued 2020): the name existed from then, whatever the held certificate says.
   */
  readonly since?: string;
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

/** What kind of maker a shape belongs to; `developer` shapes lean benign and are never attack evidence alone. */
export type ToolKind = 'c2' | 'rat' | 'interception' | 'phishing' | 'malware' | 'developer';

/** How sure a match makes us: `exact` names the tool beyond doubt (default DN plus serial or key shape). */
export type ToolConfidence = 'exact' | 'strong' | 'shape' | 'weak';

/** Named relations between fields that a generator writes (checked only when asked). */
export type ToolRelation =
  | 'email-is-ou-at-cn'     // emailAddress = `<OU>@<CN>` (Metasploit's Faker certificates)
  | 'san-dns-is-cn'         // the only SAN dNSName equals the CN (Go generators that copy the host)
  | 'c-holds-whole-dn';     // a C attribute longer than two letters that carries `/ST=`, `/O=` or `/CN=` (Rex 2017)

/**
 * How a tool's default certificate looks. Every condition given must hold; attribute maps compare the first value of
 * each attribute type case-insensitively, patterns are anchored regular expressions over that value.
 */
export interface ToolMatch {
  readonly subject?: Readonly<Record<string, string>>;
  readonly subjectPatterns?: Readonly<Record<string, RegExp>>;
  /** The subject has no attribute types other than those in `subject` and `subjectPatterns`. */
  readonly subjectExactly?: boolean;
  readonly subjectEmpty?: boolean;
  readonly issuer?: Readonly<Record<string, string>>;
  readonly issuerPatterns?: Readonly<Record<string, RegExp>>;
  readonly issuerExactly?: boolean;
  readonly issuerEmpty?: boolean;
  /** Subject and issuer attribute types, in any order, exactly these. */
  readonly subjectAttributeTypes?: string[];
  readonly issuerAttributeTypes?: string[];
  /** Subject attribute types in exactly this order (a generator's own order: IcedID writes CN before C). */
  readonly subjectOrder?: string[];
  /** Attribute types the subject must not carry. */
  readonly subjectLacks?: string[];
  readonly selfIssued?: boolean;
  /** Upper-case hex, no leading zeros. */
  readonly serial?: string;
  /** Bit length of the serial, inclusive bounds. */
  readonly serialBits?: readonly [number, number];
  /** notAfter − notBefore in whole days, one of these (generators that add `n × 365 days`). */
  readonly validityDays?: number[];
  readonly validityDaysRange?: readonly [number, number];
  /** Exact ISO 8601 times (generators with hard-coded dates). */
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly keyType?: string;
  readonly keyBits?: number[];
  readonly curves?: string[];
  readonly signatureAlgorithm?: string;
  readonly version?: number;
  /** Extension OIDs, in any order, exactly these / at least these. */
  readonly extensionOidsExactly?: string[];
  readonly extensionOidsInclude?: string[];
  readonly keyUsageExactly?: string[];
  readonly extendedKeyUsageExactly?: string[];
  /** basicConstraints: absent, present with cA false, or a CA. */
  readonly basicConstraints?: 'absent' | 'not-ca' | 'ca';
  readonly relations?: ToolRelation[];
  /** Signed by the certificate's own key although the issuer differs from the subject (needs DER). */
  readonly signedByOwnKey?: boolean;
  /** A published certificate (lower-case hex SHA-256). */
  readonly sha256?: string;
  /** A published FoxIO JA4X of the tool's certificates. */
  readonly ja4x?: string;
}

export interface ToolDefault {
  readonly id: string;
  /** Every tool whose code makes this shape; a shape several tools share names them all. */
  readonly tools: string[];
  readonly kind: ToolKind;
  /** Versions whose code makes it, in words (`>= 1.5.27`, `2014-11 to 2017-10`). */
  readonly versions: string;
  readonly severity: Severity;
  readonly confidence: ToolConfidence;
  /** The decisive fields in a few words, for reasons ("CN 'AsyncRAT Server' and notAfter 9999-12-31"). */
  readonly description: string;
  readonly match: ToolMatch;
  readonly sources: SourceCitation[];
  /**
   * Evidence that counts only beside another entry naming one of the same tools: a JA4X is shared by every
   * certificate with the same name and extension layout (a private root with a CN and SKI + basicConstraints).
   */
  readonly corroborates: boolean;
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
  /** When the name first existed: the earliest notBefore of its certificates and of its known earlier generations. */
  readonly earliestNotBefore?: number;
  /** A genuine root (self-issued) is among the certificates. */
  readonly isRoot: boolean;
}

/** Brand words and domain labels folded once when the data is loaded (detectors run per certificate). */
export interface BrandKeys {
  /** `leetKey` of each brand word long enough to search inside other text, with its `compactKey` and brand. */
  readonly words: ReadonlyArray<{ readonly brand: string; readonly skeleton: string; readonly compact: string }>;
  /** `compactKey` of every brand word, for plain mentions. */
  readonly mentions: ReadonlyArray<{ readonly brand: string; readonly compact: string }>;
  /** `leetKey` of a brand domain's first label → the label and its brand (`rnlcrosoft` → microsoft, Microsoft). */
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
  /** `exactKey` of every CA name known genuine (reference CAs, their issuers, the trust store's roots): never a look-alike. */
  readonly genuineCaNames: ReadonlySet<string>;
  readonly brands: Brand[];
  readonly brandKeys: BrandKeys;
  readonly tools: ToolDefault[];
  /** How names read (`name-model.json`); absent when not loaded. */
  readonly nameModel?: NameModel;
  readonly nameFamilies: NameFamily[];
  /** Genuine keys of the reference CAs and trust-store roots by issuer name (RFC 4514); absent when not loaded. */
  readonly issuerKeys?: { keysFor(issuer: string): readonly GenuineKey[] };
}
