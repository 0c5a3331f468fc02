/**
 * A certificate the builder no longer holds whole: its finding was written, and it was among the coldest when more
 * than MAX_HOT_CERTIFICATES were held. What stays is what a later sighting needs to be counted and judged again
 * (counts, times, the capped place sets, the best trust verdict, what was said), packed into one string: a V8
 * object with a string per set cost 470 bytes a certificate over 100 000 of them, this about 300 with its map entry.
 * Fields are separated by U+0000 and set members by U+0001 (a hostile name holding them only miscounts itself).
 */
import type { CertFacts } from '../x509/types';
import type { CertEntry, Said } from './cert-entry';
import { SEVERITIES, SEVERITY_RANK, type TrustResult } from './types';

export type CompactEntry = string;

const FIELD = '\u0000';
const MEMBER = '\u0001';
const SERVER = 1;
const CLIENT = 2;

const enum F {
  firstSec, firstNsec, lastSec, lastNsec, count, position, roles, flags, saidSeverity, saidScore,
  serverIps, serverNames, serverEndpoints, clientIps, sources, saidSignals, verdict, reason, anchor,
}
const FIELDS = F.anchor + 1;
const CAPPED = 1;
const JUDGED = 2;
const SUPPRESSED = 4;
const HAS_TRUST = 8;

const members = (values: Set<string>): string => [...values].join(MEMBER);
const set = (text: string): Set<string> => new Set(text === '' ? [] : text.split(MEMBER));

export function compactEntry(e: CertEntry, trust: TrustResult | undefined): CompactEntry {
  const said = e.said;
  const flags = (e.capped ? CAPPED : 0) | (e.judged ? JUDGED : 0) | (said?.suppressed ? SUPPRESSED : 0) | (trust ? HAS_TRUST : 0);
  const fields: Array<string | number> = [
    e.first.sec, e.first.nsec, e.last.sec, e.last.nsec, e.count, e.position,
    (e.roles.has('server') ? SERVER : 0) | (e.roles.has('client') ? CLIENT : 0), flags,
    said ? SEVERITY_RANK[said.severity] : -1, said?.score ?? 0,
    members(e.serverIps), members(e.serverNames), members(e.serverEndpoints), members(e.clientIps), members(e.sources),
    said?.signals ?? '', trust?.verdict ?? '', trust?.reason ?? '', trust?.anchor ?? '',
  ];
  // one flat string: joining copies every part, so none keeps a log line alive (V8's sliced strings would)
  return fields.join(FIELD);
}

/** A hot entry again, for a new sighting of the certificate (whose facts it brings). */
export function rehydrate(c: CompactEntry, facts: CertFacts, touched: number): CertEntry {
  const f = c.split(FIELD);
  const text = (k: F): string => (f.length === FIELDS ? f[k] : '');
  const num = (k: F): number => Number(text(k)) || 0;
  const flags = num(F.flags);
  const roles = new Set<'server' | 'client'>();
  if (num(F.roles) & SERVER) roles.add('server');
  if (num(F.roles) & CLIENT) roles.add('client');
  const severity = f.length === FIELDS ? Number(f[F.saidSeverity]) : -1;
  const said: Said | undefined = severity >= 0 && severity < SEVERITIES.length
    ? { severity: SEVERITIES[severity], score: num(F.saidScore), signals: text(F.saidSignals), suppressed: (flags & SUPPRESSED) !== 0 }
    : undefined;
  const earlierTrust = flags & HAS_TRUST
    ? { verdict: text(F.verdict) as TrustResult['verdict'], reason: text(F.reason), ...(text(F.anchor) ? { anchor: text(F.anchor) } : {}) }
    : undefined;
  return {
    facts, sightings: [], count: num(F.count), first: { sec: num(F.firstSec), nsec: num(F.firstNsec) }, last: { sec: num(F.lastSec), nsec: num(F.lastNsec) },
    position: num(F.position), roles,
    serverIps: set(text(F.serverIps)), serverEndpoints: set(text(F.serverEndpoints)), serverNames: set(text(F.serverNames)),
    clientIps: set(text(F.clientIps)), sources: set(text(F.sources)),
    chains: [], capped: (flags & CAPPED) !== 0,
    lastChain: undefined, lastIp: '', lastPort: -1, lastName: undefined, lastClient: '', lastRole: undefined, lastSource: '',
    dirty: false, judged: (flags & JUDGED) !== 0, said, earlierTrust, rehydrated: true, touched,
  };
}
