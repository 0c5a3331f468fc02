/**
 * A certificate the builder no longer holds whole: its finding was written, and it was among the coldest when more
 * than MAX_HOT_CERTIFICATES were held. What stays is what a later sighting needs to be counted and judged again
 * (counts, times, the capped place sets, the best trust verdict, what was said): a few hundred bytes instead of
 * its facts, chains and kept sightings. Strings are copied so that none holds a log line alive.
 */
import type { CertFacts } from '../x509/types';
import { momentOf, type CertEntry, type Moment, type Said } from './cert-entry';
import type { TrustResult } from './types';

export interface CompactEntry {
  readonly first: Moment;
  readonly last: Moment;
  readonly count: number;
  readonly position: number;
  readonly roles: ReadonlyArray<'server' | 'client'>;
  readonly serverIps: readonly string[];
  readonly serverNames: readonly string[];
  readonly serverEndpoints: readonly string[];
  readonly clientIps: readonly string[];
  readonly sources: readonly string[];
  readonly capped: boolean;
  readonly trust: TrustResult | undefined;
  readonly said: Said | undefined;
  readonly judged: boolean;
}

/** A copy that shares no memory with the string it was cut from (V8 keeps a sliced string's parent alive). */
function own(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

const owned = (values: Iterable<string>): string[] => Array.from(values, own);

export function compactEntry(e: CertEntry, trust: TrustResult | undefined): CompactEntry {
  return {
    first: momentOf(e.first),
    last: momentOf(e.last),
    count: e.count,
    position: e.position,
    roles: [...e.roles],
    serverIps: owned(e.serverIps),
    serverNames: owned(e.serverNames),
    serverEndpoints: owned(e.serverEndpoints),
    clientIps: owned(e.clientIps),
    sources: owned(e.sources),
    capped: e.capped,
    trust,
    said: e.said,
    judged: e.judged,
  };
}

/** A hot entry again, for a new sighting of the certificate (whose facts it brings). */
export function rehydrate(c: CompactEntry, facts: CertFacts, touched: number): CertEntry {
  return {
    facts, sightings: [], count: c.count, first: momentOf(c.first), last: momentOf(c.last), position: c.position,
    roles: new Set(c.roles), serverIps: new Set(c.serverIps), serverEndpoints: new Set(c.serverEndpoints),
    serverNames: new Set(c.serverNames), clientIps: new Set(c.clientIps), sources: new Set(c.sources),
    chains: [], capped: c.capped,
    lastChain: undefined, lastIp: '', lastPort: -1, lastName: undefined, lastClient: '', lastRole: undefined, lastSource: '',
    dirty: false, judged: c.judged, said: c.said, earlierTrust: c.trust, rehydrated: true, touched,
  };
}
