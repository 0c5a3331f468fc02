/** Records the baseline keeps. Times are epoch milliseconds. */

/** One certificate seen once in one place: what the pipeline hands the baseline. */
export interface CertSighting {
  sha256: string;
  sha1: string;
  spkiSha256?: string;
  subject: string;
  issuer: string;
  notBefore?: string;
  notAfter?: string;
  serverIp: string;
  serverPort: number;
  serverName?: string;
  role: 'server' | 'client';
  time: number;
}

/** How many places are listed in a record; past it only the totals grow. */
export const MAX_LISTED = 32;

export interface CertRecord {
  sha256: string;
  sha1: string;
  spkiSha256?: string;
  subject: string;
  issuer: string;
  notBefore?: string;
  notAfter?: string;
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

export interface PresenceRecord {
  firstSeen: number;
  lastSeen: number;
  count: number;
}

export interface MarkRecord {
  kind: 'trusted' | 'known-bad';
  reason: string;
  source: string;
  time: number;
}

export interface RunRecord {
  started: number;
  finished: number;
  inputs: string[];
  counters: Record<string, number>;
}

export interface CursorRecord {
  identity: string;
  offset: number;
  line: number;
  lastTime?: number;
}

/** What history says of one certificate, as detectors read it. */
export interface CertHistory {
  /** The store had never seen this certificate before this run. */
  firstSeenEver: boolean;
  firstSeen?: number;
  /** Distinct servers across all runs, this run included. */
  serverTotal: number;
  /** For each server/SNI it was seen on now: certificates that place presented before and this one replaces. */
  replaced: Array<{ place: string; previous: string[] }>;
  mark?: MarkRecord;
}
