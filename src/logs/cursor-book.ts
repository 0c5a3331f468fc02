/**
 * One sweep's cursors: where each file resumes, and what the sweep will save. A file resumes from the cursor of
 * its own inode when its head and the bytes before the cursor's offset are still those the cursor remembers
 * (it grew, or was renamed). A new inode (the gzip archive of a rotated file, the copy logrotate's copytruncate
 * makes) resumes from the furthest cursor of another file whose head and bytes before the offset it shares.
 * Anything else starts at 0; a file whose own cursor no longer fits (truncated, rewritten in place) says so. A sweep
 * may so read a line twice, never skip one.
 */
import { VERIFY_TAIL_BYTES } from './consts';
import { bytesBefore, headKey, identifyLogFile, sha256Hex, startsWith, type LogFileIdentity } from './file-identity';
import type { CursorKeeper, LogCursor } from './types';

export type ResumePlan<S> =
  | { readonly from: 'start'; readonly note?: string }
  | { readonly from: 'cursor'; readonly cursor: LogCursor<S>; readonly via: 'inode' | 'content' };

/** Where reading a file stopped, as the line reader tells it. */
export interface StopPoint<S> {
  offset: number;
  line: number;
  state: S;
  lastTime?: number;
  /** The file was read to its end (a gzip archive is then complete). */
  atEnd: boolean;
  /** The bytes just before `offset`, when the reader still has them … */
  tail?: Buffer;
  /** … or their hash, when the file was not read again (an archive known complete). */
  tailSha256?: string;
}

type Fit = 'same' | 'other' | 'rewritten';

interface Unsettled<S> {
  id: LogFileIdentity;
  cursor: LogCursor<S>;
  tail?: Buffer;
}

export class CursorBook<S> {
  /** This sweep's cursors, by inode. */
  private readonly mine = new Map<string, LogCursor<S>>();
  /** Stored cursors of the inodes this sweep read (their index entries may need to go). */
  private readonly stored = new Map<string, LogCursor>();
  private unsettled: Array<Unsettled<S>> = [];

  constructor(private readonly keeper: CursorKeeper | undefined) {}

  get keeps(): boolean {
    return this.keeper !== undefined;
  }

  /** Where `id` resumes. */
  async plan(id: LogFileIdentity): Promise<ResumePlan<S>> {
    let note: string | undefined;
    const stored = this.mine.has(id.inode) ? undefined : await this.keeper?.byInode(id.inode);
    if (stored) this.stored.set(id.inode, stored);
    const own = (this.mine.get(id.inode) ?? stored) as LogCursor<S> | undefined;
    const key = headKey(id);
    if (own) {
      const fit = await this.fits(own, id, true);
      if (fit === 'same') return { from: 'cursor', cursor: own, via: 'inode' };
      // The same file by name and inode whose first bytes are still those it had: rewritten in place, not a new file
      // that reuses a freed inode (Zeek's next ssl.log opens at another second, so its head differs early).
      if (own.path === id.path && (fit === 'rewritten' || own.key === key)) {
        note = `not what the last sweep read under this name (truncated or rewritten in place since): read from its start, so lines may be read twice`;
      }
    }
    if (key === undefined) return { from: 'start', ...(note ? { note } : {}) };
    const candidates = new Map<string, LogCursor<S>>();
    for (const c of (await this.keeper?.byHead(key)) ?? []) if (c.inode !== id.inode) candidates.set(c.inode, c as LogCursor<S>);
    for (const c of this.mine.values()) if (c.key === key && c.inode !== id.inode) candidates.set(c.inode, c);
    const ordered = [...candidates.values()].sort((a, b) => b.offset - a.offset || Number(b.path === id.path) - Number(a.path === id.path));
    for (const c of ordered) {
      if ((await this.fits(c, id, false)) === 'same') return { from: 'cursor', cursor: c, via: 'content' };
    }
    return { from: 'start', ...(note ? { note } : {}) };
  }

  /** Notes where reading `id` stopped; its tail is hashed by `settle`, before the next plan or the save. */
  remember(id: LogFileIdentity, stop: StopPoint<S>): void {
    const cursor: LogCursor<S> = {
      inode: id.inode,
      path: id.path,
      offset: stop.offset,
      line: stop.line,
      headLength: id.head.length,
      headSha256: sha256Hex(id.head),
      tailSha256: stop.tailSha256 ?? '',
      compressed: id.compressed,
      state: stop.state,
    };
    const key = headKey(id);
    if (key !== undefined) cursor.key = key;
    if (id.compressed && stop.atEnd) cursor.complete = true;
    if (stop.lastTime !== undefined) cursor.lastTime = stop.lastTime;
    this.mine.set(id.inode, cursor);
    if (stop.tailSha256 === undefined) this.unsettled.push({ id, cursor, ...(stop.tail ? { tail: stop.tail } : {}) });
  }

  /** Hashes the bytes before each remembered offset (from the reader's copy, else read again). */
  async settle(): Promise<void> {
    const list = this.unsettled;
    this.unsettled = [];
    for (const { id, cursor, tail } of list) {
      const want = Math.min(cursor.offset, VERIFY_TAIL_BYTES);
      let bytes = tail && tail.length >= want ? tail.subarray(tail.length - want) : undefined;
      if (!bytes) {
        const now = id.compressed ? id : await identifyLogFile(id.path);
        bytes = now && (await bytesBefore(now, cursor.offset, want).catch(() => undefined));
      }
      // Unreadable now: an empty hash that no file matches, so the next sweep reads the file from its start.
      cursor.tailSha256 = bytes ? sha256Hex(bytes) : '';
    }
  }

  /** The cursors to save, and the stored ones they replace. */
  async toSave(): Promise<{ cursors: Array<LogCursor<S>>; replaced: LogCursor[] }> {
    await this.settle();
    return { cursors: [...this.mine.values()], replaced: [...this.stored.values()] };
  }

  /** Whether `c` describes `id` up to its offset. */
  private async fits(c: LogCursor, id: LogFileIdentity, sameInode: boolean): Promise<Fit> {
    if (typeof c.tailSha256 !== 'string' || c.tailSha256 === '' && c.offset > 0) return 'other'; // an older certhound's record, or unsettled
    if (!startsWith(id, c.headLength, c.headSha256)) {
      return sameInode && !id.compressed && id.size < c.offset ? 'rewritten' : 'other';
    }
    if (c.offset === 0) return 'same';
    if (sameInode && id.compressed && c.complete) return 'same';
    if (!id.compressed && id.size < c.offset) return 'rewritten';
    const bytes = await bytesBefore(id, c.offset, Math.min(c.offset, VERIFY_TAIL_BYTES)).catch(() => undefined);
    return bytes && sha256Hex(bytes) === c.tailSha256 ? 'same' : 'rewritten';
  }
}
