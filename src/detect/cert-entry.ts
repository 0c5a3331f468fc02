/**
 * What the finding builder keeps per certificate while it is hot (cert-entry), and the compact remainder once its
 * finding is written and it cooled down (compact-entry.ts). Strings kept here are the caller's; `Moment`s are the
 * builder's own (see below).
 */
import type { Timestamp } from '../capture/types';
import type { CertFacts } from '../x509/types';
import type { Sighting, Severity, TrustResult } from './types';

/**
 * A time the builder owns and moves in place. The builder keeps nothing of the caller's handshake objects:
 * V8 would see the sites that allocate them survive and make every later handshake's objects in the old space
 * (allocation-site pretenuring): a 1 M-line Zeek sweep promoted 0.8 MB per scavenge that way, and peaked 150 MB higher.
 */
export interface Moment {
  sec: number;
  nsec: number;
}

export const momentOf = (ts: Timestamp): Moment => ({ sec: ts.sec, nsec: ts.nsec });

export function isEarlier(a: Timestamp, b: Timestamp): boolean {
  return a.sec < b.sec || (a.sec === b.sec && a.nsec < b.nsec);
}

export function moveTo(m: Moment, ts: Timestamp): void {
  m.sec = ts.sec;
  m.nsec = ts.nsec;
}

export interface ChainSeen {
  /** SHA-256s of the chain from this certificate up: the chain's identity. */
  readonly shas: readonly string[];
  readonly chain: readonly CertFacts[];
  readonly position: number;
  readonly first: Moment;
}

/** What the last document written about a certificate said: an update is written when a judgement differs. */
export interface Said {
  readonly severity: Severity;
  readonly score: number;
  /** Signal ids, sorted and joined by commas. */
  readonly signals: string;
  readonly suppressed: boolean;
}

export interface CertEntry {
  readonly facts: CertFacts;
  readonly sightings: Sighting[];
  count: number;
  readonly first: Moment;
  readonly last: Moment;
  position: number;
  readonly roles: Set<'server' | 'client'>;
  readonly serverIps: Set<string>;
  /** `ip:port` of the first MAX_LISTED servers (listed in the finding only). */
  readonly serverEndpoints: Set<string>;
  readonly serverNames: Set<string>;
  /** Client addresses that received it (listed for correlation with host events; capped at MAX_LISTED). */
  readonly clientIps: Set<string>;
  readonly sources: Set<string>;
  readonly chains: ChainSeen[];
  capped: boolean;
  /**
   * The last sighting: a certificate mostly comes back in the same chain, from the same server and SNI, to the same
   * client. Such a repeat only counts (see `repeats`), touching none of the sets: with thousands of certificates
   * they are out of the CPU cache, and each costs a miss.
   */
  lastChain: ChainSeen | undefined;
  lastIp: string;
  lastPort: number;
  lastName: string | undefined;
  lastClient: string;
  lastRole: 'server' | 'client' | undefined;
  lastSource: string;
  /** Sightings since the last judgement changed something a detector may read. */
  dirty: boolean;
  /** Judged at least once (a finding below the announce threshold is judged but not written). */
  judged: boolean;
  /** What the last written document said; undefined while none was written. */
  said: Said | undefined;
  /** The best trust verdict of chains seen before the entry cooled down (their facts are gone). */
  earlierTrust: TrustResult | undefined;
  /** Brought back from a compact entry: its earlier sightings are only counted, so its updates only raise. */
  rehydrated: boolean;
  /** Sequence number of the last sighting that touched it (the coldest are compacted first). */
  touched: number;
}
