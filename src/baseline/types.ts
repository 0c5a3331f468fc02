/** Records the baseline keeps. Times are epoch milliseconds. */

/** What the baseline keeps of a certificate itself (RFC 4514 names, ISO dates). */
export interface CertIdentity {
  sha256: string;
  sha1: string;
  spkiSha256?: string;
  subject: string;
  issuer: string;
  notBefore?: string;
  notAfter?: string;
}

/** One certificate seen once in one place: what the pipeline hands the baseline. */
export interface CertSighting extends CertIdentity {
  serverIp: string;
  serverPort: number;
  serverName?: string;
  role: 'server' | 'client';
  time: number;
  /** Content identity of the input it came from (`pipeline/input-identity.ts`); absent for stdin. */
  input?: string;
}

/** Input identities a record remembers; past it `inputsMore` says there were others. */
export const MAX_INPUTS = 4;

/**
 * Where a record's sightings came from, so a run can tell what it knows from elsewhere from what it folded itself
 * in an earlier run of the same inputs (a run is identified by its inputs' content). Records written before
 * certhound kept inputs have none: they count as known from elsewhere.
 */
export interface Provenance {
  /** Up to MAX_INPUTS content identities of the inputs that folded sightings into the record. */
  inputs?: string[];
  inputsMore?: boolean;
  /** A `baseline learn` run folded into it: the baseline's definition of normal. */
  learned?: boolean;
}

/** How many places are listed in a record; past it only the totals grow. */
export const MAX_LISTED = 32;

export interface CertRecord extends CertIdentity, Provenance {
  firstSeen: number;
  lastSeen: number;
  sightings: number;
  /** Up to MAX_LISTED `ip|port` of servers that presented it; `serverTotal` counts them all. */
  servers: string[];
  serverTotal: number;
  serverNames: string[];
  serverNameTotal: number;
  roles: Array<'server' | 'client'>;
}

export interface PresenceRecord extends Provenance {
  firstSeen: number;
  lastSeen: number;
  count: number;
}

export interface MarkRecord {
  kind: 'trusted' | 'known-bad';
  reason: string;
  source: string;
  time: number;
  /** Subject (RFC 4514) of the marked certificate, when it was known at marking time. */
  subject?: string;
  /**
   * A trusted CA mark (`baseline trust --ca`): the CA's DER, base64. The CA becomes a private trust anchor, so every
   * certificate whose signature it verifies is `trusted-private`.
   */
  caDer?: string;
}

export interface RunRecord {
  started: number;
  finished: number;
  inputs: string[];
  /** Content identities of the inputs (`pipeline/input-identity.ts`); absent in runs written before they were kept. */
  inputIds?: string[];
  /** A `baseline learn` run. */
  learn?: boolean;
  counters: Record<string, number>;
}

export interface CursorRecord {
  identity: string;
  offset: number;
  line: number;
  lastTime?: number;
}

/** A certificate a place presented before, as a changed-certificate signal names it. */
export interface PreviousCertificate {
  sha256: string;
  /** Subject DN (RFC 4514) from the stored record; empty when the record is gone. */
  subject: string;
}

/** What history says of one certificate, as detectors read it. */
export interface CertHistory {
  /** The store holds at least one run recorded before this session (learn or scan): history means something. */
  learned: boolean;
  /** The store had never seen this certificate before this run. */
  firstSeenEver: boolean;
  firstSeen?: number;
  /** Distinct servers (`ip|port`) across all runs, this run included. */
  serverTotal: number;
  /** Up to MAX_LISTED of those servers, as `ip|port`. */
  servers: string[];
  /**
   * For the first MAX_LISTED servers/SNIs it was seen on now that presented other certificates before: those
   * certificates, which this one replaces.
   */
  replaced: Array<{ place: string; previous: PreviousCertificate[] }>;
  /** All such places (a certificate may replace another on thousands of servers: only MAX_LISTED are kept). */
  replacedTotal: number;
  mark?: MarkRecord;
  /** A `baseline learn` run saw this certificate (somewhere): as a CA it covers what it issued. */
  learnedCertificate: boolean;
  /** This run saw it only at places (server, SNI) where a `baseline learn` run saw it: normal there. */
  learnedHere: boolean;
}
