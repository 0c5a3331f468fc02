/**
 * A run's writes to the baseline as one undoable unit. LevelDB makes each batch atomic, not a run of many batches:
 * a run that cannot finish (a full disk, a kill) would leave part of its history (and its Zeek cursors) without its
 * run record. So the first time a run writes a key, what the key held before the run goes beside it under `undo`
 * (in the same batch); the run's end drops the open-run mark with its run record in one batch, and the undo entries
 * after it. A store opened with an open-run mark still there is rolled back to the state before that run.
 *
 * A run into a store that holds nothing yet but its schema (the first scan of a new baseline, which writes every
 * record it makes) keeps no undo entries: its mark says the store was empty, and rolling it back removes every key
 * but the schema. Its writes are written once instead of twice, with no read of what they replace.
 */
import { key } from './keys';
import type { BatchOp, BaselineStore } from './store';

/** What a key held before the run: its value, or nothing. */
interface Undo {
  readonly before?: unknown;
  readonly absent?: true;
}

/** Undo entries restored or dropped per batch. */
const UNDO_BATCH = 5000;

/** The open-run mark's value: when the run began writing, and whether the store held only its schema then. */
interface OpenRun {
  readonly started: number;
  readonly empty?: true;
}

type WriteBatch = (ops: BatchOp[]) => Promise<void>;

export class RunJournal {
  private opened = false;
  /** The store held only its schema when this run first wrote: nothing to keep for undoing. */
  private intoEmpty = false;

  /** `writeBatch` writes one atomic batch as it is (the store's own, unjournaled write). */
  constructor(private readonly store: BaselineStore, private readonly writeBatch: WriteBatch) {}

  /** Writes `ops` with, for each key the run had not written yet, what it held before: one atomic batch. */
  async write(ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return;
    if (!this.opened && (await this.store.holdsOnlySchema())) {
      const mark: OpenRun = { started: Date.now(), empty: true };
      await this.writeBatch([{ type: 'put', key: key.openRun(), value: mark }, ...ops]);
      this.opened = true;
      this.intoEmpty = true;
      return;
    }
    if (this.intoEmpty) return this.writeBatch(ops);
    const undoKeys = ops.map((op) => key.undo(op.key));
    const known = await this.store.getMany<Undo>(undoKeys);
    const fresh = [...new Set(ops.filter((_, i) => known[i] === undefined).map((op) => op.key))];
    const before = await this.store.getMany<unknown>(fresh);
    const journal: BatchOp[] = fresh.map((k, i) => ({ type: 'put', key: key.undo(k), value: before[i] === undefined ? { absent: true } : { before: before[i] } }));
    if (!this.opened) journal.push({ type: 'put', key: key.openRun(), value: { started: Date.now() } satisfies OpenRun });
    await this.writeBatch([...journal, ...ops]);
    this.opened = true;
  }

  /** The run is whole: `last` (its run record) and the end of the mark in one batch, then the undo entries go. */
  async commit(last: BatchOp[]): Promise<void> {
    await this.writeBatch([...last, { type: 'del', key: key.openRun() }]);
    this.opened = false;
    if (this.intoEmpty) return;
    // Left over if this fails (a full disk): the next open drops them, the run being recorded.
    await dropUndo(this.store, this.writeBatch).catch(() => undefined);
  }
}

async function dropUndo(store: BaselineStore, writeBatch: WriteBatch): Promise<void> {
  for (;;) {
    const keys = await store.keysUnder('undo', [], UNDO_BATCH);
    if (keys.length === 0) return;
    await writeBatch(keys.map((k) => ({ type: 'del', key: k })));
  }
}

/**
 * Puts the store back as it was before a run that did not finish (its open-run mark is still there), or drops the
 * undo entries a finished run left. Each batch restores keys and drops their undo entries together, so a rollback
 * cut short goes on where it stopped. Returns whether a run was rolled back.
 */
export async function recover(store: BaselineStore, writeBatch: WriteBatch): Promise<boolean> {
  const mark = await store.get<OpenRun | number>(key.openRun());
  if (mark === undefined) {
    await dropUndo(store, writeBatch);
    return false;
  }
  if (typeof mark === 'object' && mark?.empty === true) {
    // The store held only its schema before the run: every other key is the run's (the mark goes last).
    for (let keys = await store.keysBesideSchema(UNDO_BATCH); keys.length > 0; keys = await store.keysBesideSchema(UNDO_BATCH)) {
      await writeBatch(keys.map((k) => ({ type: 'del', key: k })));
    }
    await writeBatch([{ type: 'del', key: key.openRun() }]);
    return true;
  }
  const prefix = key.undo('');
  for (;;) {
    const ops: BatchOp[] = [];
    for await (const [k, undo] of store.scan<Undo>('undo', [], UNDO_BATCH)) {
      const original = k.slice(prefix.length);
      ops.push(undo?.absent ? { type: 'del', key: original } : { type: 'put', key: original, value: undo?.before }, { type: 'del', key: k });
    }
    if (ops.length === 0) break;
    await writeBatch(ops);
  }
  await writeBatch([{ type: 'del', key: key.openRun() }]);
  return true;
}
