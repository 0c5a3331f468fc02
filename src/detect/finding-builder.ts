/**
 * Gathers sightings per certificate while the input streams by, then runs the detectors once per certificate.
 * Memory is bounded: a certificate keeps at most `maxSightingsPerCert` sightings, `MAX_CHAINS_PER_CERT` chains and
 * `MAX_DISTINCT_TRACKED` distinct servers/SNIs/subjects; totals keep counting past the caps.
 */
import type { CertHistory } from '../baseline/types';
import type { Timestamp } from '../capture/types';
import type { CertFacts } from '../x509/types';
import { compileAllowlist, markReason, suppressionReason, type Allowlist } from './allowlist';
import { timestampMs, trustTime } from './cert-helpers';
import type { DetectConfig } from './config-types';
import { summarizeFacts } from './facts-summary';
import { groupOf, runDetectors } from './registry';
import type { ReferenceData } from './reference/reference-types';
import { compareFindings, rateSignals } from './score';
import type { CertContext, Finding, Sighting, TrustFn, TrustResult } from './types';

/**
 * Distinct servers, SNIs or subjects remembered per certificate or key. Reuse thresholds are small (3 by default),
 * and each remembered value costs a string: at 4096, a 5 M-line Zeek sweep over 3 000 much-reused certificates grew
 * to 470 MB. Past the cap a count reads "at least 128" and allowlists by network no longer silence the finding.
 */
export const MAX_DISTINCT_TRACKED = 128;
/** Distinct presented chains remembered per certificate (trust is judged for each). */
export const MAX_CHAINS_PER_CERT = 8;
/** Names listed in a finding's sighting summary. */
export const MAX_LISTED = 20;

/** A sighting as the caller knows it; `position` and `chain` are filled in for each certificate of the chain. */
export type SightingInput = Omit<Sighting, 'position' | 'chain'> & Partial<Pick<Sighting, 'position' | 'chain'>>;

interface ChainSeen {
  /** SHA-256s of the chain from this certificate up: the chain's identity. */
  readonly shas: readonly string[];
  readonly chain: readonly CertFacts[];
  readonly position: number;
  readonly first: Moment;
}

/**
 * A time the builder owns and moves in place. The builder keeps nothing of the caller's handshake objects:
 * V8 would see the sites that allocate them survive and make every later handshake's objects in the old space
 * (allocation-site pretenuring): a 1 M-line Zeek sweep promoted 0.8 MB per scavenge that way, and peaked 150 MB higher.
 */
interface Moment {
  sec: number;
  nsec: number;
}

const momentOf = (ts: Timestamp): Moment => ({ sec: ts.sec, nsec: ts.nsec });

function isEarlier(a: Timestamp, b: Timestamp): boolean {
  return a.sec < b.sec || (a.sec === b.sec && a.nsec < b.nsec);
}

function moveTo(m: Moment, ts: Timestamp): void {
  m.sec = ts.sec;
  m.nsec = ts.nsec;
}

/** A sighting kept in a finding, made of copies. */
function keptSighting(input: SightingInput, position: number, chain: string[]): Sighting {
  return {
    ts: momentOf(input.ts),
    server: { ip: input.server.ip, port: input.server.port },
    client: { ip: input.client.ip, port: input.client.port },
    ...(input.serverName !== undefined ? { serverName: input.serverName } : {}),
    role: input.role,
    position,
    chain,
    source: { ...input.source },
  };
}

interface CertEntry {
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
}

/** Order of preference when one certificate was judged in several chains. */
const VERDICT_PREFERENCE = { trusted: 0, incomplete: 1, 'not-verifiable': 2, untrusted: 3, 'bad-signature': 4 } as const;

function addCapped<T>(set: Set<T>, value: T): boolean {
  if (set.has(value)) return true;
  if (set.size >= MAX_DISTINCT_TRACKED) return false;
  set.add(value);
  return true;
}

/** A chain's SHA-256 list, made once and only when a sighting or a new chain keeps it. */
interface ShaList {
  readonly chain: readonly CertFacts[];
  list: string[] | undefined;
}

function shaList(s: ShaList): string[] {
  return (s.list ??= s.chain.map((c) => c.sha256));
}

/** The chain from `position` up among those seen, compared certificate by certificate (mostly the same facts objects). */
function findChain(chains: readonly ChainSeen[], chain: readonly CertFacts[], position: number): ChainSeen | undefined {
  for (const seen of chains) if (isChain(seen, chain, position, true)) return seen;
  return undefined;
}

/** Whether `chain` from `position` up is `seen`: the same facts objects, or (`bySha`) the same SHA-256s. */
function isChain(seen: ChainSeen, chain: readonly CertFacts[], position: number, bySha: boolean): boolean {
  const length = chain.length - position;
  if (seen.shas.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = chain[position + i];
    if (seen.chain[seen.position + i] !== c && !(bySha && seen.shas[i] === c.sha256)) return false;
  }
  return true;
}

function historySummary(h: CertHistory): NonNullable<Finding['history']> {
  return { firstSeenEver: h.firstSeenEver, firstSeen: h.firstSeen, serverTotal: h.serverTotal, replaced: h.replacedTotal };
}

export class FindingBuilder {
  private readonly entries = new Map<string, CertEntry>();
  private readonly keySubjects = new Map<string, Set<string>>();
  private readonly trustCache = new Map<string, TrustResult>();
  private readonly allow: Allowlist;

  /** `historyOf` gives the baseline store's view of a certificate (`BaselineSession.history`), when a store is in use. */
  constructor(
    private readonly config: DetectConfig,
    private readonly trustFn: TrustFn,
    private readonly reference: ReferenceData,
    private readonly historyOf?: (sha256: string) => CertHistory | undefined,
  ) {
    this.allow = compileAllowlist(config.allowlist);
  }

  /** Records one presented chain (leaf first). Cheap: no detector runs here. */
  addSighting(chain: CertFacts[], sighting: SightingInput): void {
    if (chain.length === 0) return;
    const shas: ShaList = { chain, list: undefined };
    for (let i = 0; i < chain.length; i++) this.record(chain, i, shas, sighting);
  }

  private record(chain: CertFacts[], position: number, shas: ShaList, input: SightingInput): void {
    const facts = chain[position];
    const e = this.entries.get(facts.sha256) ?? this.newEntry(facts, position, input.ts);
    e.count++;
    const { ts } = input;
    const later = isEarlier(e.last, ts);
    if ((later || !isEarlier(ts, e.last)) && position >= e.position && this.repeats(e, chain, position, input)) {
      if (later) moveTo(e.last, ts);
      return;
    }
    if (isEarlier(ts, e.first)) moveTo(e.first, ts);
    if (later) moveTo(e.last, ts);
    if (position < e.position) e.position = position;
    e.roles.add(input.role);
    const { server, serverName } = input;
    if (server.ip !== e.lastIp || server.port !== e.lastPort || serverName !== e.lastName) {
      this.recordPlace(e, server.ip, server.port, serverName);
      e.lastIp = server.ip;
      e.lastPort = server.port;
      e.lastName = serverName;
    }
    if (e.clientIps.size < MAX_LISTED) e.clientIps.add(input.client.ip);
    if (e.sources.size < MAX_LISTED) e.sources.add(input.source.file);
    if (e.sightings.length < this.config.maxSightingsPerCert) e.sightings.push(keptSighting(input, position, shaList(shas)));
    let seen = findChain(e.chains, chain, position);
    if (!seen && e.chains.length < MAX_CHAINS_PER_CERT) {
      seen = { shas: shaList(shas).slice(position), chain: [...chain], position, first: momentOf(ts) };
      e.chains.push(seen);
    } else if (seen && isEarlier(ts, seen.first)) {
      moveTo(seen.first, ts);
    }
    e.lastChain = seen;
    e.lastClient = input.client.ip;
    e.lastRole = input.role;
    e.lastSource = input.source.file;
  }

  private newEntry(facts: CertFacts, position: number, ts: Timestamp): CertEntry {
    const e: CertEntry = {
      facts, sightings: [], count: 0, first: momentOf(ts), last: momentOf(ts), position,
      roles: new Set(), serverIps: new Set(), serverEndpoints: new Set(), serverNames: new Set(), clientIps: new Set(), sources: new Set(),
      chains: [], capped: false,
      lastChain: undefined, lastIp: '', lastPort: -1, lastName: undefined, lastClient: '', lastRole: undefined, lastSource: '',
    };
    this.entries.set(facts.sha256, e);
    if (facts.spkiSha256) {
      let subjects = this.keySubjects.get(facts.spkiSha256);
      if (!subjects) this.keySubjects.set(facts.spkiSha256, (subjects = new Set()));
      addCapped(subjects, facts.subject.rfc4514);
    }
    return e;
  }

  /**
   * Whether this sighting, no earlier than the last, adds nothing but a count and a time: the chain, server, SNI, role
   * and file of the last one, with no sighting left to keep and no client left to list (or the last one's client).
   */
  private repeats(e: CertEntry, chain: readonly CertFacts[], position: number, input: SightingInput): boolean {
    const last = e.lastChain;
    if (last === undefined || e.sightings.length < this.config.maxSightingsPerCert) return false;
    if (input.server.ip !== e.lastIp || input.server.port !== e.lastPort || input.serverName !== e.lastName) return false;
    if (input.role !== e.lastRole || input.source.file !== e.lastSource) return false;
    if (e.clientIps.size < MAX_LISTED && input.client.ip !== e.lastClient) return false;
    return isChain(last, chain, position, false);
  }

  /** Counts a server and SNI among the certificate's distinct places; once a full set has capped the entry, it is left alone. */
  private recordPlace(e: CertEntry, ip: string, port: number, serverName: string | undefined): void {
    if (e.serverEndpoints.size < MAX_LISTED) e.serverEndpoints.add(ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
    let ok = true;
    if (!(e.capped && e.serverIps.size >= MAX_DISTINCT_TRACKED)) ok = addCapped(e.serverIps, ip);
    if (serverName && !(e.capped && e.serverNames.size >= MAX_DISTINCT_TRACKED)) ok = addCapped(e.serverNames, serverName.toLowerCase()) && ok;
    if (!ok) e.capped = true;
  }

  /** Whether the certificate was sighted. */
  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  /** Number of distinct certificates seen so far. */
  get size(): number {
    return this.entries.size;
  }

  private trustOf(seen: ChainSeen): TrustResult {
    const key = seen.shas.join(',');
    let t = this.trustCache.get(key);
    if (!t) {
      const chain = seen.chain.slice(seen.position);
      t = this.trustFn(chain, trustTime(chain, new Date(timestampMs(seen.first))));
      this.trustCache.set(key, t);
    }
    return t;
  }

  /** The best verdict among the chains the certificate was presented in, and that chain. */
  private judge(e: CertEntry): { trust: TrustResult; seen: ChainSeen } {
    let best: { trust: TrustResult; seen: ChainSeen } | undefined;
    for (const seen of e.chains) {
      const trust = this.trustOf(seen);
      if (!best || VERDICT_PREFERENCE[trust.verdict] < VERDICT_PREFERENCE[best.trust.verdict]) best = { trust, seen };
    }
    // chains is never empty: record() stores the first chain of every certificate.
    return best as { trust: TrustResult; seen: ChainSeen };
  }

  /** One finding per distinct certificate, most severe first. */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const e of this.entries.values()) out.push(this.finding(e));
    return out.sort(compareFindings);
  }

  private finding(e: CertEntry): Finding {
    const { trust, seen } = this.judge(e);
    const first = momentOf(e.first);
    const last = momentOf(e.last);
    const ctx: CertContext = {
      facts: e.facts,
      chainFacts: seen.chain,
      position: seen.position,
      trust,
      sightings: e.sightings,
      sightingCount: e.count,
      firstSeen: first,
      lastSeen: last,
      reuse: {
        servers: e.serverIps.size,
        serverNames: e.serverNames.size,
        subjectsForKey: this.keySubjects.get(e.facts.spkiSha256)?.size ?? 1,
      },
      config: this.config,
      reference: this.reference,
      history: this.historyOf?.(e.facts.sha256),
    };
    const signals = runDetectors(ctx);
    const names = [...e.serverNames];
    const reason = markReason(ctx.history) ?? suppressionReason(this.allow, e.facts, [...e.serverIps], names, !e.capped);
    return {
      sha256: e.facts.sha256,
      facts: summarizeFacts(e.facts),
      roles: [...e.roles],
      position: e.position,
      trust,
      sightings: {
        count: e.count,
        servers: [...e.serverEndpoints].slice(0, MAX_LISTED),
        serverNames: names.slice(0, MAX_LISTED),
        clients: [...e.clientIps],
        distinctServers: e.serverIps.size,
        distinctServerNames: e.serverNames.size,
        first,
        last,
        sources: [...e.sources],
      },
      signals,
      ...rateSignals(signals, groupOf, reason),
      ...(ctx.history ? { history: historySummary(ctx.history) } : {}),
    };
  }
}
