/** Records of the detect stage: `CertFacts` + context in, `Signal`s and `Finding`s out. */
import type { Timestamp } from '../capture/types';
import type { Endpoint } from '../net/types';
import type { SourceRef } from '../tls/types';
import type { Transport } from '../net/types';
import type { CertHistory } from '../baseline/types';
import type { CertFacts, TrustVerdict } from '../x509/types';
import type { DetectConfig } from './config-types';
import type { ReferenceData } from './reference/reference-types';

export type { DetectConfig } from './config-types';
export type { ReferenceData } from './reference/reference-types';

/** Ordered from least to most severe; `SEVERITY_RANK` gives the order as numbers. */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * What a detector family looks at. Two signals of the same group tell the same story twice (a self-signed leaf is
 * also an untrusted chain; a signature failing under a CA's genuine key is also an impersonation of that CA), so only
 * signals of different groups raise a severity.
 */
export type DetectorGroup = 'trust' | 'identity' | 'tooling' | 'reuse' | 'time' | 'crypto' | 'naming' | 'history';

/**
 * What a signal proves (the severity model, `score.ts`). `attack`: evidence that someone made the certificate to
 * deceive (impersonation, a signature under a name's other key, tool and C2 defaults, known-bad); only attack
 * evidence lifts a finding to high or critical. `exposure`: the certificate is unvetted or new here (untrusted,
 * self-signed, first seen, changed, fresh, reused). `hygiene`: poor practice (weak crypto, expired, long validity,
 * missing SAN). Exposure and hygiene alone never pass medium, however many agree. `--config classes` moves a detector.
 */
export type DetectorClass = 'attack' | 'exposure' | 'hygiene';

export const DETECTOR_CLASSES: readonly DetectorClass[] = ['attack', 'exposure', 'hygiene'];

export type EvidenceValue = string | number | boolean | string[];

/** One reason to look at a certificate. */
export interface Signal {
  /** Stable kebab-case detector id. */
  readonly id: string;
  /** The detector's class, or the one `--config classes` moved it to. */
  readonly class: DetectorClass;
  readonly severity: Severity;
  /** Contribution to the finding's score (config may override the detector's default). */
  readonly weight: number;
  /** One line for people, quoting the evidence. */
  readonly reason: string;
  readonly evidence: Readonly<Record<string, EvidenceValue>>;
}

/** Result of judging one presented chain at one time (what x509's `chainVerdict` returns). */
export interface TrustResult {
  readonly verdict: TrustVerdict;
  /** Why, in a few words (e.g. "chains to ISRG Root X1", "issuer 'CN=foo' not found"). */
  readonly reason: string;
  /** Identity of the trust anchor reached (x509's `chainVerdict` gives its SHA-256), if any. */
  readonly anchor?: string;
  /**
   * SHA-256 of the certificate signed under a same-name issuer with another key: with `bad-signature`, the one whose
   * signature failed; with `trusted-private`, the one a private anchor carrying a public root's name signed.
   */
  readonly failedAt?: string;
  /**
   * A genuine private CA of a brand (shipped reference data) that the chain's signatures verify up to: the chain is
   * that brand's own, so its names are no impersonation. Set whatever the verdict (unanchored it stays `untrusted`).
   */
  readonly genuineCa?: { readonly name: string; readonly brand: string };
}

/** Judges a presented chain (leaf first) at a point in time. Supplied by the caller (x509's `chainVerdict`). */
export type TrustFn = (chain: CertFacts[], at: Date) => TrustResult;

/** One time a certificate was presented in a handshake. */
export interface Sighting {
  readonly ts: Timestamp;
  readonly server: Endpoint;
  readonly client: Endpoint;
  /** SNI of the ClientHello, if any. */
  readonly serverName?: string;
  /** Which side presented the chain. */
  readonly role: 'server' | 'client';
  /** Index of this certificate in the presented chain (0 = leaf). */
  readonly position: number;
  /** SHA-256 of every certificate of the presented chain, leaf first. */
  readonly chain: string[];
  readonly source: SourceRef;
  /** What names the connection to other tools: its transport (for the Community ID), Zeek `uid`, EVE `flow_id`. */
  readonly transport?: Transport;
  readonly uid?: string;
  readonly flowId?: string;
}

/** Everything a detector may look at for one certificate. Pure data; built by `FindingBuilder` or `evaluateCertificate`. */
export interface CertContext {
  readonly facts: CertFacts;
  /** The presented chain this certificate was judged in, leaf first (contains `facts` at `position`). */
  readonly chainFacts: readonly CertFacts[];
  /** Index of `facts` in `chainFacts`; the lowest position the certificate was ever seen at (0 = served as a leaf). */
  readonly position: number;
  /** Trust of the chain from this certificate up (`chainFacts.slice(position)`). */
  readonly trust: TrustResult;
  /** Kept sightings (capped; totals are in `sightingCount`). Empty for `certhound cert`. */
  readonly sightings: Sighting[];
  readonly sightingCount: number;
  /** Time of the first and last sighting; for a lone certificate both are the evaluation time. */
  readonly firstSeen: Timestamp;
  readonly lastSeen: Timestamp;
  /** Distinct server addresses and SNIs that presented this certificate, distinct subjects seen with its key. */
  readonly reuse: { readonly servers: number; readonly serverNames: number; readonly subjectsForKey: number };
  readonly config: DetectConfig;
  readonly reference: ReferenceData;
  /** What the baseline store knew of this certificate before and during this run, when a store is in use. */
  readonly history?: CertHistory;
}

/** One rule. Pure and cheap: no I/O, no clock, no throwing on odd facts. */
export interface Detector {
  /** Stable kebab-case id (config keys use it). */
  readonly id: string;
  readonly group: DetectorGroup;
  /** What its signal proves (`config.classes[id]` overrides it). */
  readonly class: DetectorClass;
  /** Severity of the usual signal (a signal may carry another when the evidence is weaker or stronger). */
  readonly severity: Severity;
  /** Default weight; `config.weights[id]` overrides it. */
  readonly weight: number;
  /** One line saying what the detector looks for (for `--list-detectors` and docs). */
  readonly description: string;
  evaluate(ctx: CertContext): Signal | null;
}

/** Where and when one certificate was seen, summed up. */
export interface SightingSummary {
  readonly count: number;
  /** Distinct server `ip:port` strings (capped list; `distinctServers` is the full count up to the cap). */
  readonly servers: string[];
  readonly serverNames: string[];
  /** Client addresses that received it (capped list). */
  readonly clients: string[];
  readonly distinctServers: number;
  readonly distinctServerNames: number;
  readonly first: Timestamp;
  readonly last: Timestamp;
  readonly sources: string[];
  /** The sightings kept (up to `maxSightingsPerCert`): the connections a finding points to. */
  readonly kept: readonly Sighting[];
}

/** The parts of `CertFacts` a reader of a finding needs. */
export interface FactsSummary {
  readonly sha1: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** e.g. `rsa-2048`, `ec-P-256`. */
  readonly key: string;
  readonly signatureAlgorithm: string;
  readonly san: string[];
  readonly selfIssued: boolean;
  readonly ca: boolean;
  readonly spkiSha256: string;
}

/** Why a finding was silenced, and the severity and score it would have had. */
export interface Suppression {
  readonly reason: string;
  readonly severity: Severity;
  readonly score: number;
}

/** One certificate, where and when it was seen, why it matters, and how much. */
export interface Finding {
  /** The same for every document about this certificate (first and updates) and across runs (finding-id.ts). */
  readonly id: string;
  /** The certificate's identity: SHA-256 of its DER, or a log's labelled stand-in (x509/cert-identity.ts). */
  readonly sha256: string;
  readonly facts: FactsSummary;
  /** Every fact of the certificate (the shared per-SHA-256 object), for sinks that write them all. */
  readonly cert: CertFacts;
  /** Sides that presented it. Empty for a lone certificate. */
  readonly roles: Array<'server' | 'client'>;
  /** Lowest chain position it was seen at (0 = leaf). */
  readonly position: number;
  readonly trust: TrustResult;
  readonly sightings: SightingSummary;
  readonly signals: Signal[];
  /** 0–100 inside the severity's band, see `score.ts`; 0 when suppressed. */
  readonly score: number;
  /** `info` when suppressed. */
  readonly severity: Severity;
  /**
   * Set when an allowlist entry, a `trusted` baseline mark or learned normal silenced the finding: it is written at
   * `info` and score 0 so a rule on severity does not fire, and this keeps what it would have been. Signals stay listed.
   */
  readonly suppressed?: Suppression;
  /** Baseline context, when a store is in use: never seen before this run, first seen, servers across runs. */
  readonly history?: { readonly firstSeenEver: boolean; readonly firstSeen?: number; readonly serverTotal: number; readonly replaced: number };
}
