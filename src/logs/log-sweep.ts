/**
 * A sweep over text log files (Zeek, Suricata EVE): each file is identified (file-identity.ts), resumes where its
 * cursor says (cursor-book.ts) and is opened there as lines. Files that start alike (a rotated file and its archive
 * both still there) are read in separate passes, so that the second goes on from where the first was left. The
 * reader tells where each file stopped; the cursors are saved by the caller once what was read is recorded.
 */
import { CursorBook } from './cursor-book';
import { identifyLogFile, sha256Hex, type LogFileIdentity } from './file-identity';
import { openLines, type LineCursor, type OpenedLines } from './open-lines';
import type { CursorKeeper, LogCursor } from './types';

/** A file to read, opened at its cursor. */
export interface SweptFile<S> {
  readonly name: string;
  readonly batches: AsyncIterable<string[]>;
  /** The reader's state at the cursor, when the file resumes. */
  readonly resume?: S;
}

/** Where the reader stopped in a file. */
export interface FileStop<S> {
  /** The last line read (those after it are read by the next sweep). */
  line: number;
  state: S;
  /** Latest record time read from it (epoch seconds). */
  lastTime?: number;
  /** Reading stopped before the end on purpose (`--until`): a gzip archive is then not complete. */
  held?: boolean;
}

export interface SweepPass<S> {
  readonly files: Array<SweptFile<S>>;
  /** Records where reading `name` stopped (once per file of the pass). */
  done(name: string, stop: FileStop<S>): void;
}

export interface SweepCounters {
  files: number;
  /** Files that went on from a saved cursor. */
  resumed: number;
  /** Lines read in this sweep (the old lines of resumed files are not). */
  linesRead: number;
}

/** A file and where it is known from; `id` is absent for stdin and files a sweep without a keeper reads whole. */
interface Planned {
  name: string;
  id?: LogFileIdentity;
}

/** Files read one after the other: those whose heads are the same. */
function passesOf(files: Planned[]): Planned[][] {
  const passes: Planned[][] = [];
  const seen = new Map<string, number>();
  for (const f of files) {
    const group = f.id ? sha256Hex(f.id.head) : undefined;
    const n = group === undefined ? 0 : seen.get(group) ?? 0;
    if (group !== undefined) seen.set(group, n + 1);
    (passes[n] ??= []).push(f);
  }
  return passes;
}

/** Where a file read by a sweep stopped: a followed file (`scan --follow`) reads on from there. */
export interface FileEnd<S> {
  offset: number;
  line: number;
  state: S;
  compressed: boolean;
}

export class LogSweep<S> {
  readonly counters: SweepCounters = { files: 0, resumed: 0, linesRead: 0 };
  /** Where each file read stopped, by name. */
  readonly ends = new Map<string, FileEnd<S>>();
  private readonly book: CursorBook<S>;

  /** `follow`: files will be read on as they grow, so a last line without its newline always waits. */
  constructor(private readonly keeper: CursorKeeper | undefined, private readonly follow = false) {
    this.book = new CursorBook(keeper);
  }

  /**
   * A followed file's new end: the file now at `path` (identified again, it may have been rotated) was read to
   * `offset`. `tail`, when given, is the file's bytes before it.
   */
  async rememberFollowed(path: string, offset: number, line: number, state: S, known?: { id: LogFileIdentity; tail: Buffer }): Promise<void> {
    if (!this.keeper) return;
    const id = known?.id ?? (await identifyLogFile(path));
    if (id) this.book.remember(id, { offset, line, state, atEnd: false, ...(known ? { tail: known.tail } : {}) });
  }

  /**
   * The passes over `names`, each file opened at its cursor. `onProblem` hears of unreadable files and of files
   * whose cursor no longer fits (they are read from their start).
   */
  async *passes(names: string[], onProblem?: (file: string, message: string) => void, onRead?: (file: string, fileBytes: number) => void): AsyncGenerator<SweepPass<S>> {
    const planned: Planned[] = [];
    for (const name of names) {
      const id = this.keeper && name !== '-' ? await identifyLogFile(name) : undefined;
      planned.push(id ? { name, id } : { name });
    }
    for (const pass of passesOf(planned)) {
      const opened = new Map<string, { plan: Planned; lines: OpenedLines; startLine: number }>();
      const files: Array<SweptFile<S>> = [];
      for (const p of pass) {
        const plan = p.id ? await this.book.plan(p.id) : { from: 'start' as const };
        if (plan.from === 'start' && plan.note) onProblem?.(p.name, plan.note);
        const start: LogCursor<S> | undefined = plan.from === 'cursor' ? plan.cursor : undefined;
        if (start) this.counters.resumed++;
        if (start?.complete && p.id?.compressed) {
          // nothing new can be in an archive read to its end, and skipping to its end would mean inflating all of it
          this.book.remember(p.id, { offset: start.offset, line: start.line, state: start.state, lastTime: start.lastTime, atEnd: true, tailSha256: start.tailSha256 });
          onRead?.(p.name, p.id.size);
          this.ends.set(p.name, { offset: start.offset, line: start.line, state: start.state, compressed: true });
          continue;
        }
        const at: LineCursor | undefined = start ? { offset: start.offset, line: start.line, compressed: p.id?.compressed } : undefined;
        const lines = openLines(p.name, at, onProblem && ((m) => onProblem(p.name, m)), {
          holdUnterminated: this.keeper !== undefined || this.follow,
          ...(onRead ? { onRead: (bytes: number) => onRead(p.name, bytes) } : {}),
        });
        opened.set(p.name, { plan: p, lines, startLine: start?.line ?? 0 });
        files.push({ name: p.name, batches: lines.batches, ...(start ? { resume: start.state } : {}) });
      }
      this.counters.files += pass.length;
      if (files.length === 0) continue;
      yield {
        files,
        done: (name, stop) => {
          const o = opened.get(name);
          if (!o) return;
          const at = o.lines.cursorAt(stop.line);
          this.counters.linesRead += Math.max(0, at.line - o.startLine);
          this.ends.set(name, { offset: at.offset, line: at.line, state: stop.state, compressed: at.compressed ?? false });
          if (!o.plan.id) return;
          const tail = o.lines.tail();
          this.book.remember(o.plan.id, {
            offset: at.offset, line: at.line, state: stop.state, lastTime: stop.lastTime, atEnd: !stop.held,
            ...(tail.offset === at.offset ? { tail: tail.bytes } : {}),
          });
        },
      };
      await this.book.settle();
    }
  }

  /** The cursors to save (with the stored ones they replace). */
  toSave(): ReturnType<CursorBook<S>['toSave']> {
    return this.book.toSave();
  }
}
