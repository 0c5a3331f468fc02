/**
 * Log sweep state in the baseline, under the `cur` keys (keys.ts): one cursor per log file inode
 * (`cur ino <dev:ino>`), an index of them by head (`cur head <head key> <dev:ino>`) for a new inode that continues
 * another file's content (a rotated archive), and the x509 lines carried to later sweeps (`cur x509 <sha256>`),
 * since x509.log names a certificate only once a day. Cursors of certhound before 0.2 (`cur file <head sha256>`)
 * are dropped as their files are read again.
 */
import type { CursorSave, LogCursor } from '../logs/types';
import type { CarriedX509, ZeekCursorKeeper, ZeekSweepSave } from '../zeek/sweep';
import { key, lastPart } from './keys';
import type { BaselineStore, BatchOp } from './store';

const CARRIED = 'x509';
const BY_INODE = 'ino';
const BY_HEAD = 'head';
const LEGACY = 'file';

const cursorKey = (...parts: string[]): string => key.cursor(parts.join('\x00'));

export class BaselineCursors implements ZeekCursorKeeper {
  constructor(private readonly store: BaselineStore) {}

  async byInode(inode: string): Promise<LogCursor | undefined> {
    return this.store.get<LogCursor>(cursorKey(BY_INODE, inode));
  }

  async byHead(head: string): Promise<LogCursor[]> {
    const inodes = (await this.store.keysUnder('cur', [BY_HEAD, head], 64)).map(lastPart);
    const found = await this.store.getMany<LogCursor>(inodes.map((i) => cursorKey(BY_INODE, i)));
    return found.filter((c): c is LogCursor => c !== undefined && c.key === head);
  }

  async *carried(): AsyncGenerator<CarriedX509> {
    for await (const [, v] of this.store.scan<CarriedX509>('cur', [CARRIED])) yield v;
  }

  /** Cursors, with the carried x509 lines when a Zeek sweep saves (an EVE sweep has none). */
  async save(s: CursorSave & Partial<Pick<ZeekSweepSave, 'carry' | 'dropCarried'>>): Promise<void> {
    const ops: BatchOp[] = [];
    const saved = new Map(s.cursors.map((c) => [c.inode, c]));
    for (const old of s.replaced) {
      const now = saved.get(old.inode);
      if (old.key !== undefined && old.key !== now?.key) ops.push({ type: 'del', key: cursorKey(BY_HEAD, old.key, old.inode) });
    }
    for (const c of s.cursors) {
      ops.push({ type: 'put', key: cursorKey(BY_INODE, c.inode), value: c });
      if (c.key !== undefined) {
        ops.push({ type: 'put', key: cursorKey(BY_HEAD, c.key, c.inode), value: 1 });
        ops.push({ type: 'del', key: cursorKey(LEGACY, c.key) });
      }
    }
    for (const c of s.carry ?? []) ops.push({ type: 'put', key: cursorKey(CARRIED, c.sha256), value: c });
    for (const sha of s.dropCarried ?? []) ops.push({ type: 'del', key: cursorKey(CARRIED, sha) });
    await this.store.write(ops);
  }
}
