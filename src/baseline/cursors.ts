/**
 * Zeek sweep state in the baseline, under the `cur` keys (keys.ts): one cursor per log file content
 * (`cur file <head sha256>`, or `cur ino <dev:ino>` while a file is shorter than its identity head), and the x509
 * lines carried to later sweeps (`cur x509 <sha256>`), since x509.log names a certificate only once a day.
 */
import type { CarriedX509, CursorKeeper, SweepSave, ZeekCursor } from '../zeek/sweep';
import { key } from './keys';
import type { BaselineStore, BatchOp } from './store';

const CARRIED = 'x509';

export class BaselineCursors implements CursorKeeper {
  constructor(private readonly store: BaselineStore) {}

  async cursor(identity: string): Promise<ZeekCursor | undefined> {
    return this.store.get<ZeekCursor>(key.cursor(identity));
  }

  async *carried(): AsyncGenerator<CarriedX509> {
    for await (const [, v] of this.store.scan<CarriedX509>('cur', [CARRIED])) yield v;
  }

  async save(s: SweepSave): Promise<void> {
    const ops: BatchOp[] = [];
    for (const c of s.cursors) ops.push({ type: 'put', key: key.cursor(c.identity), value: c });
    for (const id of s.dropCursors) ops.push({ type: 'del', key: key.cursor(id) });
    for (const c of s.carry) ops.push({ type: 'put', key: key.cursor(`${CARRIED}\x00${c.sha256}`), value: c });
    for (const sha of s.dropCarried) ops.push({ type: 'del', key: key.cursor(`${CARRIED}\x00${sha}`) });
    await this.store.write(ops);
  }
}
