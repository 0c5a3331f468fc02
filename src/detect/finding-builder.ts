/**
 * Gathers sightings per certificate while the input streams by and judges each certificate as soon as it is seen
 * (`judge`, at each pause of the input): a finding is announced when its certificate is first judged, and again,
 * as an update with what changed, when later sightings change its judgement (a reuse threshold crossed).
 * Memory is bounded: a certificate keeps at most `maxSightingsPerCert` sightings, `MAX_CHAINS_PER_CERT` chains and
 * `MAX_DISTINCT_TRACKED` distinct servers/SNIs/subjects, totals counting past the caps; past MAX_HOT_CERTIFICATES
 * the coldest certificates whose findings were written keep only a compact remainder (compact-entry.ts).
 */
import type { CertHistory } from '../baseline/types';
import type { Timestamp } from '../capture/types';
import type { Endpoint } from '../net/types';
import type { CertFacts } from '../x509/types';
import { compileAllowlist, markReason, suppressionReason, type Allowlist } from './allowlist';
import { isEarlier, momentOf, moveTo, type CertEntry, type ChainSeen, type Said } from './cert-entry';
import { timestampMs, trustTime } from './cert-helpers';
import { compactEntry, rehydrate, type CompactEntry } from './compact-entry';
import type { DetectConfig } from './config-types';
import { summarizeFacts } from './facts-summary';
import { findingId } from './finding-id';
import { learnedNormal } from './learned-normal';
import { groupOf, runDetectors } from './registry';
import type { ReferenceData } from './reference/reference-types';
import { compareFindings, rateSignals } from './score';
import { SEVERITY_RANK, type CertContext, type Finding, type Severity, type Sighting, type TrustFn, type TrustResult } from './types';

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
/**
 * Certificates held whole (facts, chains, kept sightings: about 4 KB each). Past it the coldest whose findings were
 * written are compacted (compact-entry.ts). Each held certificate outlives a few scavenges, so its garbage lands in
 * the old space: on 200 000 distinct certificates 10 000 held peaked at 333 MiB RSS, 2 000 at 306, and 2 000 with at
 * most MAX_COMPACT_CERTIFICATES remainders at 254–261 MiB (test/cli/memory.test.ts, 2026-12-07).
 */
export const MAX_HOT_CERTIFICATES = 2_000;
/**
 * Compact remainders kept (about 300 bytes each). Past it the one compacted longest ago is forgotten: if its
 * certificate comes back it is judged anew (its counts in this run start over, the baseline keeps its history, the
 * finding keeps its id). This bounds the builder whatever the number of distinct certificates.
 */
export const MAX_COMPACT_CERTIFICATES = 100_000;
/** Chain verdicts remembered; the memo starts over past it (a verdict is cheap to recompute, memory is not). */
export const MAX_TRUST_MEMO = 20_000;
/** Public keys whose subjects are counted for reused-key; keys first met past it are not tracked. */
export const MAX_KEYS_TRACKED = 50_000;

/**
 * A sighting as the caller knows it; `position` and `chain` are filled in for each certificate of the chain. A
 * certificate seen without a connection (a lone x509.log line) has no server and client: it is counted, not placed.
 */
export type SightingInput = Omit<Sighting, 'position' | 'chain' | 'server' | 'client'> & Partial<Pick<Sighting, 'position' | 'chain' | 'server' | 'client'>>;

/** A finding as it is announced: first judged (`created`), or judged again with another result (`updated`). */
export interface FindingEvent {
  readonly action: 'created' | 'updated';
  readonly finding: Finding;
  /** For an update: what the document before it said. */
  readonly previous?: { readonly severity: Severity; readonly score: number; readonly signals: string[] };
}

export interface FindingBuilderOptions {
  /** Findings are announced from this severity on (`--min-severity`); once announced, every change is. */
  announceFrom?: Severity;
}

/** A sighting kept in a finding, made of copies. */
function keptSighting(input: SightingInput, server: Endpoint, client: Endpoint, position: number, chain: string[]): Sighting {
  return {
    ts: momentOf(input.ts),
    server: { ip: server.ip, port: server.port },
    client: { ip: client.ip, port: client.port },
    ...(input.serverName !== undefined ? { serverName: input.serverName } : {}),
    role: input.role,
    position,
    chain,
    source: { ...input.source },
    ...(input.transport !== undefined ? { transport: input.transport } : {}),
    ...(input.uid !== undefined ? { uid: input.uid } : {}),
    ...(input.flowId !== undefined ? { flowId: input.flowId } : {}),
  };
}

/** Order of preference when one certificate was judged in several chains. */
const VERDICT_PREFERENCE = { trusted: 0, 'trusted-private': 1, incomplete: 2, 'not-verifiable': 3, untrusted: 4, 'bad-signature': 5 } as const;

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
  private readonly cooled = new Map<string, CompactEntry>();
  /** Changed since last judged: never judged yet, and judged before (these wait for a call with updates). */
  private fresh: CertEntry[] = [];
  private stale: CertEntry[] = [];
  private clock = 0;
  /** Certificates whose compact remainder was forgotten (still counted in `size`). */
  private forgotten = 0;
  private readonly keySubjects = new Map<string, Set<string>>();
  private readonly trustCache = new Map<string, TrustResult>();
  private readonly said = new Map<string, string>();
  private readonly allow: Allowlist;
  private readonly announceFrom: number;

  /** `historyOf` gives the baseline store's view of a certificate (`BaselineSession.history`), when a store is in use. */
  constructor(
    private readonly config: DetectConfig,
    private readonly trustFn: TrustFn,
    private readonly reference: ReferenceData,
    private readonly historyOf?: (sha256: string) => CertHistory | undefined,
    opts: FindingBuilderOptions = {},
  ) {
    this.allow = compileAllowlist(config.allowlist);
    this.announceFrom = SEVERITY_RANK[opts.announceFrom ?? 'info'];
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
    e.touched = ++this.clock;
    const { ts } = input;
    const later = isEarlier(e.last, ts);
    if ((later || !isEarlier(ts, e.last)) && position >= e.position && this.repeats(e, chain, position, input)) {
      if (later) moveTo(e.last, ts);
      return;
    }
    if (!e.dirty) {
      e.dirty = true;
      (e.judged ? this.stale : this.fresh).push(e);
    }
    if (isEarlier(ts, e.first)) moveTo(e.first, ts);
    if (later) moveTo(e.last, ts);
    if (position < e.position) e.position = position;
    e.roles.add(input.role);
    const { server, client, serverName } = input;
    if (server && client) {
      if (server.ip !== e.lastIp || server.port !== e.lastPort || serverName !== e.lastName) {
        this.recordPlace(e, server.ip, server.port, serverName);
        e.lastIp = server.ip;
        e.lastPort = server.port;
        e.lastName = serverName;
      }
      if (e.clientIps.size < MAX_LISTED) e.clientIps.add(client.ip);
      if (e.sightings.length < this.config.maxSightingsPerCert) e.sightings.push(keptSighting(input, server, client, position, shaList(shas)));
      e.lastClient = client.ip;
    }
    if (e.sources.size < MAX_LISTED) e.sources.add(input.source.file);
    let seen = findChain(e.chains, chain, position);
    if (!seen && e.chains.length < MAX_CHAINS_PER_CERT) {
      seen = { shas: shaList(shas).slice(position), chain: [...chain], position, first: momentOf(ts) };
      e.chains.push(seen);
    } else if (seen && isEarlier(ts, seen.first)) {
      moveTo(seen.first, ts);
    }
    e.lastChain = seen;
    e.lastRole = input.role;
    e.lastSource = input.source.file;
  }

  private newEntry(facts: CertFacts, position: number, ts: Timestamp): CertEntry {
    const cool = this.cooled.get(facts.sha256);
    if (cool) {
      this.cooled.delete(facts.sha256);
      const e = rehydrate(cool, facts, this.clock);
      this.entries.set(facts.sha256, e);
      return e;
    }
    const e: CertEntry = {
      facts, sightings: [], count: 0, first: momentOf(ts), last: momentOf(ts), position,
      roles: new Set(), serverIps: new Set(), serverEndpoints: new Set(), serverNames: new Set(), clientIps: new Set(), sources: new Set(),
      chains: [], capped: false,
      lastChain: undefined, lastIp: '', lastPort: -1, lastName: undefined, lastClient: '', lastRole: undefined, lastSource: '',
      dirty: false, judged: false, said: undefined, earlierTrust: undefined, rehydrated: false, touched: this.clock,
    };
    this.entries.set(facts.sha256, e);
    if (facts.spkiSha256) {
      let subjects = this.keySubjects.get(facts.spkiSha256);
      if (!subjects && this.keySubjects.size < MAX_KEYS_TRACKED) this.keySubjects.set(facts.spkiSha256, (subjects = new Set()));
      if (subjects) addCapped(subjects, facts.subject.rfc4514);
    }
    return e;
  }

  /**
   * Judges the certificates whose sightings changed since they were last judged, and says which findings to write:
   * those judged for the first time (at or above `announceFrom`), and with `updates`, those whose judgement changed
   * since their last document. Certificates already judged wait for a call with `updates` (their re-judging costs;
   * callers ask for it now and then, and at the end of input).
   */
  judge(updates: boolean): FindingEvent[] {
    const events: FindingEvent[] = [];
    const lists = updates ? [this.fresh, this.stale] : [this.fresh];
    for (const list of lists) {
      for (const e of list) {
        e.dirty = false;
        e.judged = true;
        const event = this.announce(e, this.finding(e));
        if (event) events.push(event);
      }
    }
    this.fresh = [];
    if (updates) this.stale = [];
    if (this.entries.size > MAX_HOT_CERTIFICATES) this.cool();
    return events;
  }

  /** The document to write for a judgement, if any, and what it says from now on. */
  private announce(e: CertEntry, f: Finding): FindingEvent | undefined {
    const now: Said = { severity: f.severity, score: f.score, signals: this.signalKey(f), suppressed: f.suppressed !== undefined };
    const before = e.said;
    if (!before) {
      if (SEVERITY_RANK[f.severity] < this.announceFrom) return undefined;
      e.said = now;
      return { action: 'created', finding: f };
    }
    if (now.severity === before.severity && now.score === before.score && now.signals === before.signals && now.suppressed === before.suppressed) return undefined;
    // A certificate brought back from its compact remainder is judged on its new sightings: it only ever raises.
    if (e.rehydrated && !(SEVERITY_RANK[now.severity] > SEVERITY_RANK[before.severity] || now.score > before.score || addsSignals(before.signals, now.signals))) return undefined;
    e.said = now;
    return { action: 'updated', finding: f, previous: { severity: before.severity, score: before.score, signals: before.signals === '' ? [] : before.signals.split(',') } };
  }

  /** A finding's signal ids as one string, the same object for every finding with the same ids. */
  private signalKey(f: Finding): string {
    const key = f.signals.map((s) => s.id).sort().join(',');
    const known = this.said.get(key);
    if (known !== undefined) return known;
    if (this.said.size < MAX_TRUST_MEMO) this.said.set(key, key);
    return key;
  }

  /** Compacts the coldest judged certificates until a tenth of the room is free again. */
  private cool(): void {
    const target = Math.floor(MAX_HOT_CERTIFICATES * 0.9);
    const candidates = [...this.entries.values()].filter((e) => e.judged && !e.dirty).sort((a, b) => a.touched - b.touched);
    for (const e of candidates) {
      if (this.entries.size <= target) break;
      this.entries.delete(e.facts.sha256);
      this.cooled.set(e.facts.sha256, compactEntry(e, this.judgeChains(e).trust));
      if (this.cooled.size > MAX_COMPACT_CERTIFICATES) {
        this.cooled.delete(this.cooled.keys().next().value as string);
        this.forgotten++;
      }
    }
  }

  /**
   * Whether this sighting, no earlier than the last, adds nothing but a count and a time: the chain, server, SNI, role
   * and file of the last one, with no sighting left to keep and no client left to list (or the last one's client).
   */
  private repeats(e: CertEntry, chain: readonly CertFacts[], position: number, input: SightingInput): boolean {
    const last = e.lastChain;
    const { server, client } = input;
    if (last === undefined || !server || !client || e.sightings.length < this.config.maxSightingsPerCert) return false;
    if (server.ip !== e.lastIp || server.port !== e.lastPort || input.serverName !== e.lastName) return false;
    if (input.role !== e.lastRole || input.source.file !== e.lastSource) return false;
    if (e.clientIps.size < MAX_LISTED && client.ip !== e.lastClient) return false;
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

  /** Certificates judged before whose sightings changed since: what the next call of `judge` with updates judges again. */
  get waiting(): number {
    return this.stale.length;
  }

  /** Whether the certificate was sighted. */
  has(sha256: string): boolean {
    return this.entries.has(sha256) || this.cooled.has(sha256);
  }

  /** Number of distinct certificates seen so far. */
  get size(): number {
    return this.entries.size + this.cooled.size + this.forgotten;
  }

  private trustOf(seen: ChainSeen): TrustResult {
    const key = seen.shas.join(',');
    let t = this.trustCache.get(key);
    if (!t) {
      const chain = seen.chain.slice(seen.position);
      t = this.trustFn(chain, trustTime(chain, new Date(timestampMs(seen.first))));
      if (this.trustCache.size >= MAX_TRUST_MEMO) this.trustCache.clear();
      this.trustCache.set(key, t);
    }
    return t;
  }

  /**
   * The best verdict among the chains the certificate was presented in, and that chain (a verdict from before it
   * was compacted counts too, judged with the chain at hand).
   */
  private judgeChains(e: CertEntry): { trust: TrustResult; seen: ChainSeen } {
    let best: { trust: TrustResult; seen: ChainSeen } | undefined;
    for (const seen of e.chains) {
      const trust = this.trustOf(seen);
      if (!best || VERDICT_PREFERENCE[trust.verdict] < VERDICT_PREFERENCE[best.trust.verdict]) best = { trust, seen };
    }
    // chains is never empty: record() stores the first chain of every certificate.
    const found = best as { trust: TrustResult; seen: ChainSeen };
    const earlier = e.earlierTrust;
    return earlier && VERDICT_PREFERENCE[earlier.verdict] < VERDICT_PREFERENCE[found.trust.verdict] ? { trust: earlier, seen: found.seen } : found;
  }

  /** The current finding of each certificate held whole, most severe first (callers that keep every finding). */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const e of this.entries.values()) out.push(this.finding(e));
    return out.sort(compareFindings);
  }

  private finding(e: CertEntry): Finding {
    const { trust, seen } = this.judgeChains(e);
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
    const reason = markReason(ctx.history) ?? suppressionReason(this.allow, e.facts, [...e.serverIps], names, !e.capped)
      ?? (this.historyOf && learnedNormal(ctx, signals, this.historyOf));
    return {
      id: findingId(e.facts.sha256),
      sha256: e.facts.sha256,
      facts: summarizeFacts(e.facts),
      cert: e.facts,
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
        kept: e.sightings,
      },
      signals,
      ...rateSignals(signals, groupOf, reason),
      ...(ctx.history ? { history: historySummary(ctx.history) } : {}),
    };
  }
}

/** Whether the signal ids `now` name one that `before` did not (both as `signalKey` makes them). */
function addsSignals(before: string, now: string): boolean {
  if (now === '') return false;
  const had = new Set(before.split(','));
  return now.split(',').some((id) => !had.has(id));
}
