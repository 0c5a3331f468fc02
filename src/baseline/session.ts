/**
 * One run against the baseline. For each certificate it first meets, it reads what the store knew *before* the run
 * (first sighting ever? which certificates did this server present before? did `baseline learn` see it here?), then
 * folds the run's sightings into the records and writes them in atomic batches: a process killed between batches leaves the store as it was after
 * the last whole batch, every record consistent with its index keys. A read-only run (no update) writes its batches
 * to a scratch store of its own instead, read before the baseline and removed at the end: what it holds in memory
 * stays bounded however many places its certificates are seen at.
 *
 * A run is identified by its inputs' content (`beginRun`): sightings of an input an earlier run already folded are
 * not counted again, and what the store knows only from this run's own inputs is not "known before", so scanning
 * the same capture twice gives the same sightings and the same findings. `baseline learn` runs mark what they fold
 * as learned: the baseline's definition of normal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { key, lastPart, serverId } from './keys';
import { caMarkAnchors } from './marks';
import { BaselineError, BaselineStore, type BatchOp } from './store';
import { certRecord, markRecord, presenceRecord, type RecordCheck } from './schema';
import {
  MAX_INPUTS, MAX_LISTED, type CertHistory, type CertRecord, type CertSighting, type MarkRecord, type PresenceRecord, type PreviousCertificate,
  type Provenance, type RunRecord,
} from './types';

/** Dirty records written per batch; bounds the memory a run holds before it writes. */
export const BATCH_CERTIFICATES = 5000;
/** Dirty presence records that force a batch too (a few certificates on very many servers). */
export const BATCH_PLACES = 50_000;
/** Marks held in memory for a run; a larger imported list is read per certificate instead. */
const MAX_MARKS_HELD = 200_000;
/** Previous certificates named per replaced place. */
const MAX_PREVIOUS = 5;
/** Certificates of a place read to find them (those only this run's inputs put there are skipped). */
const MAX_PREVIOUS_SCANNED = 16;
/**
 * Replaced-certificate look-ups held until they are run together. Each is a LevelDB iterator seek (some tens of
 * microseconds, mostly waiting on the thread pool): run side by side they took 50 µs each here instead of 180.
 */
const MAX_QUEUED_LOOKUPS = 256;

/** A place where a server leaf was seen for the first time, whose earlier certificates are still to be read. */
interface ReplacedLookup {
  readonly history: CertHistory;
  readonly kind: 'srv' | 'sni';
  readonly place: string;
  readonly sha256: string;
}

interface PlaceState {
  /** The store holds the pairing (from an earlier run, or from this run's written batches). */
  stored: boolean;
  /** The store knew the pairing from an input other than this run's: known before this run. */
  before: boolean;
  record: PresenceRecord;
  /** Read (or made) since the last batch was written and not counted in yet: its first touch is still to come. */
  fresh: boolean;
}

/** Where a certificate is present: a server (`ip|port`), an SNI (lower case), or its public key (SPKI SHA-256). */
type PlaceKind = 'srv' | 'sni' | 'spki';

const PLACE_KEYS: Record<PlaceKind, (place: string, sha256: string) => string> = {
  srv: key.server,
  sni: key.serverName,
  spki: key.spki,
};

/**
 * What this run changed of one certificate, until the next batch writes it. Its presence records are kept by kind
 * and place, not by store key: a key is only built to read or write one.
 */
interface DirtyCert {
  readonly rec: CertRecord;
  readonly places: Record<PlaceKind, Map<string, PlaceState>>;
  /**
   * The last sighting's place and the records it counted in. A certificate mostly comes back from where it was
   * last seen: such a repeat only counts again.
   */
  last: LastPlace | undefined;
}

interface LastPlace {
  readonly input: string | undefined;
  readonly serverIp: string;
  readonly serverPort: number;
  readonly serverName: string | undefined;
  readonly spkiSha256: string | undefined;
  readonly states: readonly PlaceState[];
}

/** Notes the input a record's sighting came from (bounded; `inputsMore` past the bound). */
function addInput(p: Provenance, input: string | undefined): void {
  if (input === undefined) return;
  const inputs = (p.inputs ??= []);
  if (inputs.includes(input)) return;
  if (inputs.length < MAX_INPUTS) inputs.push(input);
  else p.inputsMore = true;
}

/** One more sighting of the certificate, in any place. */
function countSighting(rec: CertRecord, s: CertSighting): void {
  addInput(rec, s.input);
  rec.sightings++;
  rec.firstSeen = Math.min(rec.firstSeen, s.time);
  rec.lastSeen = Math.max(rec.lastSeen, s.time);
  if (!rec.roles.includes(s.role)) rec.roles.push(s.role);
}

function countIn(record: PresenceRecord, time: number): void {
  record.count++;
  record.firstSeen = Math.min(record.firstSeen, time);
  record.lastSeen = Math.max(record.lastSeen, time);
}

/** A read-only run's scratch store, in a folder of its own under the system temp folder. */
async function openScratch(): Promise<BaselineStore> {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'certhound-scratch-'));
  } catch (err) {
    throw new BaselineError(tmpdir(), `a read-only run holding more than a batch needs a scratch store in ${tmpdir()}: cannot create one (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return BaselineStore.open(dir);
}

export class BaselineSession {
  /** By SHA-256. */
  private readonly dirty = new Map<string, DirtyCert>();
  private dirtyPlaces = 0;
  private readonly histories = new Map<string, CertHistory>();
  private runSeq = 0;
  /** Whether the store held a run before this session; read once, before this session writes one. */
  private learned: boolean | undefined;
  /** Every mark in the store by id, when there are at most MAX_MARKS_HELD; else marks are read per certificate. */
  private marks: Map<string, MarkRecord> | undefined;
  /** Look-ups of the handshakes observed since the last were run; always run before a batch is written. */
  private lookups: ReplacedLookup[] = [];
  /** A read-only run's written batches (see the file's comment), opened at its first batch. */
  private scratch: BaselineStore | undefined;
  /** Content identities of this run's inputs (`beginRun`). */
  private runInputs: ReadonlySet<string> = new Set();
  /** Those an earlier run already folded: their sightings are judged but not counted again. */
  private readonly replayed = new Set<string>();

  /** `learn`: a `baseline learn` run, whose sightings define normal. */
  /** An updating session opens a run on the store: its writes are undoable until `finish` records it (journal.ts). */
  constructor(private readonly store: BaselineStore, private readonly update: boolean, private readonly mode: 'scan' | 'learn' = 'scan') {
    if (update) store.beginRun();
  }

  /** Names this run's inputs by content identity, before the first sighting. */
  beginRun(inputIds: Iterable<string>): void {
    this.runInputs = new Set(inputIds);
  }

  /** Whether a record knows of sightings from an input other than this run's (records from before inputs were kept do). */
  private knownElsewhere(p: Provenance | undefined): boolean {
    if (p === undefined) return false;
    return p.inputs === undefined || p.inputsMore === true || p.inputs.some((i) => !this.runInputs.has(i));
  }

  /** Whether the sighting is counted: not from an input an earlier run already folded. */
  private folds(s: CertSighting): boolean {
    return s.input === undefined || !this.replayed.has(s.input);
  }

  /**
   * Folds one handshake's certificates in, each chain leaf first as `handshakeSightings` lists them (all of one
   * handshake in one call keeps its batch whole). The first server sighting is the server's leaf: the only one
   * whose change of place is looked up (changed-certificate speaks of leaves; intermediates are shared widely).
   */
  async observe(sightings: readonly CertSighting[]): Promise<void> {
    await this.observeAll([sightings]);
  }

  /** `observe` for each handshake in turn: one promise for the lot, awaiting only what must be read or written. */
  async observeAll(handshakes: readonly (readonly CertSighting[])[]): Promise<void> {
    for (const sightings of handshakes) {
      let leafSeen = false;
      for (const s of sightings) {
        if (!this.repeat(s)) {
          const reading = this.observeOne(s, s.role === 'server' && !leafSeen);
          if (reading) await reading;
        }
        if (s.role === 'server') leafSeen = true;
      }
      if (this.dirty.size >= BATCH_CERTIFICATES || this.dirtyPlaces >= BATCH_PLACES) await this.flush();
      else if (this.lookups.length >= MAX_QUEUED_LOOKUPS) await this.lookUpReplaced();
    }
    await this.lookUpReplaced();
  }

  /** Runs the queued look-ups side by side, and lists what each place presented before in its history. */
  private async lookUpReplaced(): Promise<void> {
    const lookups = this.lookups;
    if (lookups.length === 0) return;
    this.lookups = [];
    const found = await Promise.all(lookups.map((l) => this.previousAt(l.kind, l.place, l.sha256)));
    for (let i = 0; i < lookups.length; i++) {
      const { history, kind, place } = lookups[i];
      const previous = found[i];
      const where = `${kind === 'srv' ? 'server' : 'sni'} ${place.replace('|', ':')}`;
      // A replayed input may ask again after a batch was written: a place is listed once.
      if (previous.length === 0 || history.replaced.some((r) => r.place === where)) continue;
      if (history.replacedTotal++ < MAX_LISTED) history.replaced.push({ place: where, previous });
    }
  }

  /** A certificate not dirty yet, from the store or new (callers look in `dirty` first: an await per sighting costs). */
  private async loadCert(s: CertSighting): Promise<DirtyCert> {
    const stored = await this.get(key.cert(s.sha256), certRecord.is);
    if (!this.histories.has(s.sha256)) {
      if (this.learned === undefined) await this.readRunState();
      const before = this.knownElsewhere(stored);
      this.histories.set(s.sha256, {
        learned: this.learned as boolean,
        firstSeenEver: !before,
        firstSeen: before ? stored?.firstSeen : undefined,
        serverTotal: stored?.serverTotal ?? 0,
        servers: stored?.servers ?? [],
        replaced: [],
        replacedTotal: 0,
        mark: await this.markOf(s),
        learnedCertificate: stored?.learned === true,
        learnedHere: true, // until a place it is seen at is not a learned one (observeOne)
      });
    }
    const rec = stored ?? {
      sha256: s.sha256, sha1: s.sha1, spkiSha256: s.spkiSha256, subject: s.subject, issuer: s.issuer,
      notBefore: s.notBefore, notAfter: s.notAfter, firstSeen: s.time, lastSeen: s.time, sightings: 0,
      servers: [], serverTotal: 0, serverNames: [], serverNameTotal: 0, roles: [],
    };
    const dirty: DirtyCert = { rec, places: { srv: new Map(), sni: new Map(), spki: new Map() }, last: undefined };
    this.dirty.set(s.sha256, dirty);
    return dirty;
  }

  /**
   * Once per session, before this session writes a run: is there history from other inputs than this run's, which
   * of this run's inputs an earlier run folded, and the marks (analyst verdicts and block lists are few).
   */
  private async readRunState(): Promise<void> {
    this.learned = false;
    for await (const [, run] of this.store.scan<RunRecord | null>('run', [])) {
      const ids = Array.isArray(run?.inputIds) ? run.inputIds : undefined;
      if (!ids || ids.length === 0 || ids.some((id) => !this.runInputs.has(id))) this.learned = true;
      for (const id of ids ?? []) if (this.runInputs.has(id)) this.replayed.add(id);
    }
    const marks = new Map<string, MarkRecord>();
    for await (const [k, mark] of this.store.scan<unknown>('mark', [], MAX_MARKS_HELD + 1)) {
      if (markRecord.is(mark)) marks.set(lastPart(k), mark);
      else this.store.damagedRecords++;
    }
    this.marks = marks.size <= MAX_MARKS_HELD ? marks : undefined;
  }

  private async markOf(s: CertSighting): Promise<MarkRecord | undefined> {
    if (this.marks) return this.marks.get(s.sha256) ?? this.marks.get(`sha1:${s.sha1}`);
    return (await this.store.getValid(key.mark(s.sha256), markRecord.is)) ?? (await this.store.getValid(key.mark(`sha1:${s.sha1}`), markRecord.is));
  }

  /** Reads the certificate's record at `place` into memory, unless it is held (the store is read only then). */
  private async loadPlace(dirty: DirtyCert, kind: PlaceKind, place: string, s: CertSighting): Promise<void> {
    const places = dirty.places[kind];
    if (places.has(place)) return;
    const stored = await this.get(PLACE_KEYS[kind](place, dirty.rec.sha256), presenceRecord.is);
    places.set(place, {
      stored: stored !== undefined, before: this.knownElsewhere(stored), record: stored ?? { firstSeen: s.time, lastSeen: s.time, count: 0 }, fresh: true,
    });
    this.dirtyPlaces++;
  }

  /** Counts one more sighting at a held place when `s` folds; a learn run marks it learned. */
  private countAt(dirty: DirtyCert, kind: PlaceKind, place: string, s: CertSighting): PlaceState {
    const state = dirty.places[kind].get(place) as PlaceState;
    if (this.folds(s)) {
      countIn(state.record, s.time);
      addInput(state.record, s.input);
    }
    if (this.mode === 'learn') state.record.learned = true;
    return state;
  }

  /** Counts `s` when it repeats its certificate's last sighting (see DirtyCert); false when it must be observed. */
  private repeat(s: CertSighting): boolean {
    const dirty = this.dirty.get(s.sha256);
    const last = dirty?.last;
    if (!dirty || !last || s.serverIp !== last.serverIp || s.serverPort !== last.serverPort || s.serverName !== last.serverName || s.spkiSha256 !== last.spkiSha256) return false;
    if (s.input !== last.input) return false;
    if (!this.folds(s)) return true;
    countSighting(dirty.rec, s);
    for (const state of last.states) countIn(state.record, s.time);
    return true;
  }

  /** Certificates a place presented before (stored), other than `sha256`, with their subjects. */
  private async previousAt(kind: 'srv' | 'sni', place: string, sha256: string): Promise<PreviousCertificate[]> {
    const shas: string[] = [];
    for (const k of await this.keysUnder(kind, [place], MAX_PREVIOUS_SCANNED)) {
      const other = lastPart(k);
      if (other === sha256 || shas.length >= MAX_PREVIOUS) continue;
      // What only this run's own inputs put there is not what the place presented before.
      if (this.knownElsewhere(await this.get(k, presenceRecord.is))) shas.push(other);
    }
    const previous: PreviousCertificate[] = [];
    for (const other of shas) {
      const rec = this.dirty.get(other)?.rec ?? (await this.get(key.cert(other), certRecord.is));
      previous.push({ sha256: other, subject: rec?.subject ?? '' });
    }
    return previous;
  }

  /**
   * Folds one sighting in: at once when its certificate and every place it touches are held in memory (most
   * sightings), else once they are read (then a promise: an await per sighting cost more than the folding).
   */
  private observeOne(s: CertSighting, serverLeaf: boolean): Promise<void> | undefined {
    // A certificate a log describes without a connection (serverIp '') is counted, at no server.
    const server = s.serverIp === '' ? undefined : serverId(s.serverIp, s.serverPort);
    const name = s.serverName ? s.serverName.toLowerCase() : undefined;
    const dirty = this.dirty.get(s.sha256);
    if (dirty !== undefined && (server === undefined || dirty.places.srv.has(server)) && (name === undefined || dirty.places.sni.has(name)) && (!s.spkiSha256 || dirty.places.spki.has(s.spkiSha256))) {
      this.fold(dirty, s, serverLeaf, server, name);
      return undefined;
    }
    return this.load(dirty, s, server, name).then((loaded) => this.fold(loaded, s, serverLeaf, server, name));
  }

  /** The certificate and its places as the store holds them, read into memory. */
  private async load(held: DirtyCert | undefined, s: CertSighting, server: string | undefined, name: string | undefined): Promise<DirtyCert> {
    const dirty = held ?? (await this.loadCert(s));
    if (server !== undefined) await this.loadPlace(dirty, 'srv', server, s);
    if (name !== undefined) await this.loadPlace(dirty, 'sni', name, s);
    if (s.spkiSha256) await this.loadPlace(dirty, 'spki', s.spkiSha256, s);
    return dirty;
  }

  private fold(dirty: DirtyCert, s: CertSighting, serverLeaf: boolean, server: string | undefined, name: string | undefined): void {
    const { rec } = dirty;
    const history = this.histories.get(s.sha256) as CertHistory;
    const folds = this.folds(s);
    if (folds) countSighting(rec, s);
    if (this.mode === 'learn') rec.learned = true;
    const touched: PlaceState[] = [];
    if (server !== undefined) touched.push(this.foldAt(dirty, 'srv', server, s, history, folds, serverLeaf));
    if (name !== undefined) touched.push(this.foldAt(dirty, 'sni', name, s, history, folds, serverLeaf));
    if (s.spkiSha256) {
      const key = this.countAt(dirty, 'spki', s.spkiSha256, s);
      key.fresh = false;
      touched.push(key);
    }
    history.serverTotal = rec.serverTotal;
    history.servers = rec.servers;
    dirty.last = { input: s.input, serverIp: s.serverIp, serverPort: s.serverPort, serverName: s.serverName, spkiSha256: s.spkiSha256, states: touched };
  }

  /** Counts the sighting at a server or SNI and notes what its first time there means. */
  private foldAt(dirty: DirtyCert, kind: 'srv' | 'sni', place: string, s: CertSighting, history: CertHistory, folds: boolean, serverLeaf: boolean): PlaceState {
    const state = this.countAt(dirty, kind, place, s);
    const fresh = state.fresh;
    state.fresh = false;
    if (state.record.learned !== true) history.learnedHere = false;
    // The store never had this place present this leaf before this run: what did the place present before?
    // (Nothing to ask an empty baseline; its only answers would be this run's own earlier batches.) A replayed
    // input asks as its first run did; the stored pairing then comes from this run's own inputs.
    const firstHere = folds ? !state.stored && state.record.count === 1 : fresh && !state.before;
    if (firstHere && serverLeaf && this.learned) this.lookups.push({ history, kind, place, sha256: s.sha256 });
    if (!folds || state.stored || state.record.count > 1) return state;
    const rec = dirty.rec;
    if (kind === 'srv') {
      rec.serverTotal++;
      if (rec.servers.length < MAX_LISTED) rec.servers.push(place);
    } else {
      rec.serverNameTotal++;
      if (rec.serverNames.length < MAX_LISTED) rec.serverNames.push(place);
    }
    return state;
  }

  /** The baseline's trusted CA marks, as private trust anchors for this run's chain verdicts. */
  caAnchors(): Promise<Array<{ der: Buffer; source: string }>> {
    return caMarkAnchors(this.store);
  }

  history(sha256: string): CertHistory | undefined {
    return this.histories.get(sha256);
  }

  /** Presence records held in memory until the next batch (what BATCH_PLACES bounds). */
  get placesHeld(): number {
    return this.dirtyPlaces;
  }

  /**
   * A record as this run left it: from its written batches first (a read-only run's scratch store), else the
   * baseline; one that fails the schema reads as absent (see BaselineStore.getValid).
   */
  private async get<T>(k: string, is: RecordCheck<T>): Promise<T | undefined> {
    return (this.scratch && (await this.scratch.getValid(k, is))) ?? this.store.getValid(k, is);
  }

  private async keysUnder(kind: string, parts: string[], limit: number): Promise<string[]> {
    const keys = await this.store.keysUnder(kind, parts, limit);
    if (!this.scratch) return keys;
    const all = new Set([...keys, ...(await this.scratch.keysUnder(kind, parts, limit))]);
    return [...all].sort().slice(0, limit);
  }

  /** Writes every dirty record with its index keys in one batch (to the scratch store in a read-only run). */
  async flush(): Promise<void> {
    await this.lookUpReplaced(); // they ask the store as it was before this batch
    const ops: BatchOp[] = [];
    for (const { rec, places } of this.dirty.values()) {
      ops.push({ type: 'put', key: key.cert(rec.sha256), value: rec });
      ops.push({ type: 'put', key: key.sha1(rec.sha1), value: rec.sha256 });
      for (const kind of Object.keys(places) as PlaceKind[]) {
        for (const [place, state] of places[kind]) {
          ops.push({ type: 'put', key: PLACE_KEYS[kind](place, rec.sha256), value: state.record });
          state.stored = true;
        }
      }
    }
    if (this.update) await this.undoable(() => this.store.write(ops));
    else await (this.scratch ??= await openScratch()).write(ops);
    this.dirty.clear();
    this.dirtyPlaces = 0;
  }

  /** Flushes and records the run; a read-only run removes its scratch store. */
  async finish(run: RunRecord): Promise<void> {
    if (!this.update) {
      await this.close();
      return;
    }
    await this.flush();
    const record: RunRecord = { ...run, inputIds: [...this.runInputs], ...(this.mode === 'learn' ? { learn: true } : {}) };
    await this.undoable(() => this.store.commitRun([{ type: 'put', key: key.run(new Date(run.started).toISOString(), this.runSeq++), value: record }]));
  }

  /**
   * A write of this run; when it fails (a full disk), the run's earlier batches are rolled back at once, or (when
   * that cannot be written either) when the baseline is next opened.
   */
  private async undoable(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof BaselineError)) throw err;
      const undone = await this.store.rollBack().then(() => 'the run was rolled back to the state before it', () => 'the run is rolled back to the state before it when the baseline is next opened');
      throw new BaselineError(this.store.dir, `${err.message}; ${undone}`);
    }
  }

  /** Removes a read-only run's scratch store (`finish` does it; a run that fails before calls this). */
  async close(): Promise<void> {
    const scratch = this.scratch;
    if (!scratch) return;
    this.scratch = undefined;
    await scratch.close();
    rmSync(scratch.dir, { recursive: true, force: true });
  }
}
