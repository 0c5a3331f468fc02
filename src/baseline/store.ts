/**
 * The LevelDB store under a baseline folder: opening (one writer at a time, schema checked), typed gets and
 * prefix scans. What is written, and when, is the session's business (session.ts).
 */
import type { Level } from 'level';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { key, prefixRange, SCHEMA_VERSION } from './keys';
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
        const store = await BaselineStore.open(copy);
        store.snapshot = copy;
        return store;
      } catch (err) {
        last = err;
        rmSync(copy, { recursive: true, force: true });
      }
    }
    throw new BaselineError(dir, `baseline ${dir} is in use and no copy of it could be read (${(last as Error).message})`);
  }

  /** Opens (creating if needed) the store; a second process gets a BaselineError, as does a foreign schema. */
  static async open(dir: string): Promise<BaselineStore> {
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
    return store;
  }

  private async checkSchema(): Promise<void> {
    const found = await this.db.get(key.schema());
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
    return this.db.getSync(k) as T | undefined;
  }

  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    return (await this.db.getMany(keys)) as Array<T | undefined>;
  }

  /** Keys and values under a prefix, in key order, at most `limit`. */
  async *scan<T>(kind: string, parts: string[], limit = Infinity): AsyncGenerator<[string, T]> {
    const it = this.db.iterator({ ...prefixRange(kind, ...parts), limit: Number.isFinite(limit) ? limit : -1 });
    try {
      for await (const [k, v] of it) yield [k, v as T];
    } finally {
      await it.close();
    }
  }

  /** Up to `limit` keys under a prefix, in key order, read in one native call (no per-key round trip). */
  async keysUnder(kind: string, parts: string[], limit: number): Promise<string[]> {
    return this.db.keys({ ...prefixRange(kind, ...parts), limit }).all();
  }

  /** All of `ops` or none of them (LevelDB write batch). */
  async write(ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return;
    const batch = this.db.batch();
    for (const op of ops) {
      if (op.type === 'put') batch.put(op.key, op.value);
      else batch.del(op.key);
    }
    await batch.write();
  }

  async close(): Promise<void> {
    await this.db.close();
    if (this.snapshot) rmSync(this.snapshot, { recursive: true, force: true });
  }
}
