/**
 * The LevelDB store under a baseline folder: opening (one writer at a time, schema checked), typed gets and
 * prefix scans. What is written, and when, is the session's business (session.ts).
 */
import type { Level } from 'level';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RunJournal, recover } from './journal';
import { key, prefixRange, SCHEMA_VERSION } from './keys';
import type { RecordCheck } from './schema';
import { snapshotStore } from './snapshot';

/** Copies of a held store tried before giving up (a copy can race the writer's compaction). */
const SNAPSHOT_TRIES = 4;

export class BaselineError extends Error {
  /** `locked`: another process holds the store. */
  constructor(readonly dir: string, message: string, readonly locked = false) {
    super(message);
    this.name = 'BaselineError';
  }
}

export type BatchOp = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

export class BaselineStore {
  /** Records read that failed the schema (see getValid). */
  damagedRecords = 0;
  /** Opening found a run that had not finished and put the store back as it was before it. */
  rolledBack = false;
  private journal: RunJournal | undefined;
  /** The folder of a snapshot this store reads (removed on close). */
  private snapshot: string | undefined;

  private constructor(readonly dir: string, private readonly db: Level<string, unknown>) {}

  /** Whether `dir` holds a store (LevelDB's CURRENT file). */
  static exists(dir: string): boolean {
    return existsSync(join(dir, 'CURRENT'));
  }

  /**
   * Opens a store to read it, never creating one (a mistyped path is an error). While another process holds the
   * store (a sweep), a snapshot of it is read instead (snapshot.ts): it answers as of the sweep's last batch.
   */
  static async openForReading(dir: string): Promise<BaselineStore> {
    if (!BaselineStore.exists(dir)) throw new BaselineError(dir, `no baseline at ${dir} (a scan or \`baseline learn\` makes one)`);
    try {
      return await BaselineStore.open(dir);
    } catch (err) {
      if (!(err instanceof BaselineError) || !err.locked) throw err;
    }
    let last: unknown;
    for (let i = 0; i < SNAPSHOT_TRIES; i++) {
      const copy = snapshotStore(dir);
      try {
        // The sweep's run in the copy is still going, not one that died: it is read as of its last batch.
        const store = await BaselineStore.open(copy, false);
        store.snapshot = copy;
        return store;
      } catch (err) {
        last = err;
        rmSync(copy, { recursive: true, force: true });
      }
    }
    throw new BaselineError(dir, `baseline ${dir} is in use and no copy of it could be read (${(last as Error).message})`);
  }

  /**
   * Opens (creating if needed) the store; a second process gets a BaselineError, as does a foreign schema. A run
   * left unfinished is rolled back unless `rollBackUnfinished` is false.
   */
  static async open(dir: string, rollBackUnfinished = true): Promise<BaselineStore> {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new BaselineError(dir, `baseline ${dir}: cannot create (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // Loaded here, not at startup: the native LevelDB binding is only needed by runs that use a baseline.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Level: LevelDb } = require('level') as typeof import('level');
    const db = new LevelDb<string, unknown>(dir, { valueEncoding: 'json' });
    try {
      await db.open();
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(cause?.message ?? '')) {
        throw new BaselineError(dir, `baseline ${dir} is in use by another process`, true);
      }
      throw new BaselineError(dir, `baseline ${dir}: cannot open (${cause?.message ?? (err as Error).message})`);
    }
    const store = new BaselineStore(dir, db);
    await store.checkSchema();
    if (rollBackUnfinished) store.rolledBack = await store.rollBack();
    return store;
  }

  private async checkSchema(): Promise<void> {
    let found: unknown;
    try {
      found = await this.db.get(key.schema());
    } catch (err) {
      await this.db.close();
      throw this.failed('cannot read', err);
    }
    if (found === undefined) {
      await this.db.put(key.schema(), SCHEMA_VERSION);
      return;
    }
    if (found !== SCHEMA_VERSION) {
      await this.db.close();
      const which = typeof found === 'number' && found > SCHEMA_VERSION ? 'a newer' : 'an unknown';
      throw new BaselineError(this.dir, `baseline ${this.dir} has ${which} schema (${String(found)}; this certhound reads ${SCHEMA_VERSION}): use a matching certhound or export and re-import`);
    }
  }

  /**
   * One record. Synchronous under the hood: a LevelDB point read is microseconds from the block cache, far less
   * than the thread-pool round trip of the async get, and the session awaits every read before the next anyway.
   */
  async get<T>(k: string): Promise<T | undefined> {
    try {
      return this.db.getSync(k) as T | undefined;
    } catch (err) {
      throw this.failed('cannot read', err);
    }
  }

  /**
   * One record checked against the store's schema: a damaged one (a hand-edited store, a bad import of an older
   * certhound) reads as absent and is counted, so the run writes a whole record over it instead of failing on it.
   */
  async getValid<T>(k: string, is: RecordCheck<T>): Promise<T | undefined> {
    const v = await this.get<unknown>(k);
    if (v === undefined || is(v)) return v;
    this.damagedRecords++;
    return undefined;
  }

  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    try {
      return (await this.db.getMany(keys)) as Array<T | undefined>;
    } catch (err) {
      throw this.failed('cannot read', err);
    }
  }

  /** Keys and values under a prefix, in key order, at most `limit`. */
  async *scan<T>(kind: string, parts: string[], limit = Infinity): AsyncGenerator<[string, T]> {
    const it = this.db.iterator({ ...prefixRange(kind, ...parts), limit: Number.isFinite(limit) ? limit : -1 });
    try {
      for await (const [k, v] of it) yield [k, v as T];
    } catch (err) {
      throw this.failed('cannot read', err);
    } finally {
      await it.close();
    }
  }

  /** Up to `limit` keys under a prefix, in key order, read in one native call (no per-key round trip). */
  async keysUnder(kind: string, parts: string[], limit: number): Promise<string[]> {
    try {
      return await this.db.keys({ ...prefixRange(kind, ...parts), limit }).all();
    } catch (err) {
      throw this.failed('cannot read', err);
    }
  }

  /** Whether the store holds no key but its schema (a new baseline). */
  async holdsOnlySchema(): Promise<boolean> {
    return (await this.keysBesideSchema(1)).length === 0;
  }

  /** Up to `limit` keys other than the schema and the open-run mark, in key order. */
  async keysBesideSchema(limit: number): Promise<string[]> {
    const meta = prefixRange('meta');
    try {
      const below = await this.db.keys({ lt: meta.gte, limit }).all();
      if (below.length >= limit) return below;
      return below.concat(await this.db.keys({ gte: meta.lt, limit: limit - below.length }).all());
    } catch (err) {
      throw this.failed('cannot read', err);
    }
  }

  /**
   * A run begins: from now until `commitRun` every write is undoable (journal.ts), so a run that cannot finish is
   * rolled back whole, its cursors with its sightings.
   */
  beginRun(): void {
    this.journal ??= new RunJournal(this, (ops) => this.writeBatch(ops));
  }

  /** The run ends: `last` (its run record) is written with the end of its journal. */
  async commitRun(last: BatchOp[]): Promise<void> {
    const journal = this.journal;
    this.journal = undefined;
    if (journal) await journal.commit(last);
    else await this.writeBatch(last);
  }

  /** Puts the store back as it was before the run in progress (see recover); false when nothing was written. */
  async rollBack(): Promise<boolean> {
    this.journal = undefined;
    return recover(this, (ops) => this.writeBatch(ops));
  }

  /** All of `ops` or none of them (LevelDB write batch); journaled while a run is open. */
  async write(ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return;
    if (this.journal) await this.journal.write(ops);
    else await this.writeBatch(ops);
  }

  private async writeBatch(ops: BatchOp[]): Promise<void> {
    const batch = this.db.batch();
    for (const op of ops) {
      if (op.type === 'put') batch.put(op.key, op.value);
      else batch.del(op.key);
    }
    try {
      await batch.write();
    } catch (err) {
      throw this.failed('cannot write', err);
    }
  }

  /** A LevelDB failure (corruption, a full disk) as one line naming this store. */
  private failed(what: string, err: unknown): BaselineError {
    if (err instanceof BaselineError) return err;
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    return new BaselineError(this.dir, `baseline ${this.dir}: ${what} (${cause.split('\n')[0]})`);
  }

  async close(): Promise<void> {
    await this.db.close();
    if (this.snapshot) rmSync(this.snapshot, { recursive: true, force: true });
  }
}
