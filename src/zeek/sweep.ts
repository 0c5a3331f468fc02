/**
 * Incremental sweeps over Zeek log folders. Each file resumes from its cursor (src/logs/cursor-book.ts: by inode,
 * else by content for the gzip archive of a rotated file), so a line read once is not read again, whatever the
 * file is called now, and two files never share a cursor however alike they start. x509.log names a certificate
 * once a day, so the x509 lines a sweep read are carried to later sweeps for the ssl lines that name them then.
 * Cursors and carried lines are saved once the sweep's sightings are recorded (`commit`).
 */
import { CursorBook } from '../logs/cursor-book';
import { identifyLogFile, sha256Hex, type LogFileIdentity } from '../logs/file-identity';
import { openLines, type LineCursor, type OpenedLines } from '../logs/open-lines';
import type { CursorKeeper, CursorSave, LogCursor } from '../logs/types';
import { CARRY_X509_SECONDS, MAX_CARRIED_X509 } from './consts';
import { ZeekJoiner } from './join';
import type { ZeekFileState } from './log-file-reader';
import { readZeekBatches, type ZeekLogInput } from './read-zeek';
import type { ZeekAnomalySink, ZeekFields, ZeekHandshake, ZeekLoneCertificate } from './types';

/** How far one Zeek log file was read. */
export type ZeekCursor = LogCursor<ZeekFileState>;

/** An x509.log line kept for later sweeps. */
export interface CarriedX509 {
  sha256: string;
  /** Its `ts` (epoch seconds; 0 when masked). */
  time: number;
  fields: ZeekFields;
}

export interface ZeekSweepSave extends CursorSave {
  carry: CarriedX509[];
  dropCarried: string[];
}

/** Where Zeek sweeps keep their cursors and carried x509 lines (the baseline: src/baseline/cursors.ts). */
export interface ZeekCursorKeeper extends CursorKeeper {
  carried(): AsyncIterable<CarriedX509>;
  save(s: ZeekSweepSave): Promise<void>;
}

export interface SweepWindow {
  /** Epoch seconds: ssl lines stamped earlier are left out. */
  since?: number;
  /** Epoch seconds: each file stops at its first ssl line stamped this or later; the next sweep starts there. */
  until?: number;
}

export interface SweepHooks {
  onAnomaly?: ZeekAnomalySink;
  /** A file that cannot be read, or whose cursor no longer fits (it is read from its start). */
  onProblem?: (file: string, message: string) => void;
  /** x509 lines no ssl line named (a lone x509.log). */
  onLone?: (certs: ZeekLoneCertificate[]) => void;
  /** Aborted: each file stops at the batch it is in, its cursor there. */
  signal?: AbortSignal;
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

/** Files read one after the other within a sweep: those whose heads are the same (a file and its archive). */
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

export class ZeekSweep {
  readonly counters: SweepCounters = { files: 0, resumed: 0, linesRead: 0 };
  private joiner: ZeekJoiner | undefined;
  private readonly book: CursorBook<ZeekFileState>;
  private readonly carry = new Map<string, CarriedX509>();
  private readonly carriedBefore = new Map<string, number>();
  private loading = false;

  constructor(private readonly keeper: ZeekCursorKeeper | undefined, private readonly window: SweepWindow = {}) {
    this.book = new CursorBook(keeper);
  }

  /** Reads the files (names of plain or gzip logs) from their cursors; handshakes of every new ssl line. */
  async *read(names: string[], hooks: SweepHooks = {}): AsyncGenerator<ZeekHandshake> {
    for await (const batch of this.readBatches(names, hooks)) yield* batch;
  }

  /** The same, one array of handshakes per batch of lines read. */
  async *readBatches(names: string[], hooks: SweepHooks = {}): AsyncGenerator<ZeekHandshake[]> {
    const { onAnomaly, onProblem, onLone, signal } = hooks;
    const joiner = await this.ensureJoiner(onAnomaly);
    const planned: Planned[] = [];
    for (const name of names) {
      const id = this.keeper && name !== '-' ? await identifyLogFile(name) : undefined;
      planned.push(id ? { name, id } : { name });
    }
    // Two names with one head (a rotated file and its archive both still there) are read one after the other,
    // so that the second goes on from where the first was left.
    for (const pass of passesOf(planned)) {
      const opened = new Map<string, { plan: Planned; lines: OpenedLines; startLine: number }>();
      const inputs: ZeekLogInput[] = [];
      for (const p of pass) {
        const plan = p.id ? await this.book.plan(p.id) : { from: 'start' as const };
        if (plan.from === 'start' && plan.note) onProblem?.(p.name, plan.note);
        const start = plan.from === 'cursor' ? plan.cursor : undefined;
        if (start) this.counters.resumed++;
        if (start?.complete && p.id?.compressed) {
          this.book.remember(p.id, { offset: start.offset, line: start.line, state: start.state, lastTime: start.lastTime, atEnd: true, tailSha256: start.tailSha256 });
          continue; // nothing new can be in it, and skipping to its end would mean inflating all of it
        }
        const at: LineCursor | undefined = start ? { offset: start.offset, line: start.line, compressed: p.id?.compressed } : undefined;
        const lines = openLines(p.name, at, onProblem && ((m) => onProblem(p.name, m)), { holdUnterminated: this.keeper !== undefined });
        opened.set(p.name, { plan: p, lines, startLine: start?.line ?? 0 });
        inputs.push({ name: p.name, batches: lines.batches, ...(start ? { resume: start.state } : {}) });
      }
      this.counters.files += pass.length;
      if (inputs.length === 0) continue;
      const onFileDone = (name: string, state: ZeekFileState): void => {
        const o = opened.get(name);
        if (!o) return;
        const at = o.lines.cursorAt(state.line);
        this.counters.linesRead += Math.max(0, at.line - o.startLine);
        if (!o.plan.id) return;
        const { held, lastTime, ...kept } = state;
        const tail = o.lines.tail();
        this.book.remember(o.plan.id, {
          offset: at.offset, line: at.line, state: { ...kept, line: at.line }, lastTime, atEnd: !held,
          ...(tail.offset === at.offset ? { tail: tail.bytes } : {}),
        });
      };
      yield* readZeekBatches(inputs, onAnomaly, { joiner, onFileDone, onLone, signal });
      await this.book.settle();
      if (signal?.aborted) break;
    }
  }

  /** Saves cursors and carried x509 lines (after the sightings they led to are recorded). */
  async commit(): Promise<void> {
    if (!this.keeper) return;
    let newest = 0;
    for (const t of this.carriedBefore.values()) newest = Math.max(newest, t);
    for (const c of this.carry.values()) newest = Math.max(newest, c.time);
    const cutoff = newest - CARRY_X509_SECONDS;
    const carry = [...this.carry.values()].filter((c) => c.time >= cutoff);
    const dropCarried: string[] = [];
    for (const [sha, t] of this.carriedBefore) if (t < cutoff && !this.carry.has(sha)) dropCarried.push(sha);
    await this.keeper.save({ ...(await this.book.toSave()), carry, dropCarried });
  }

  private async ensureJoiner(onAnomaly: ZeekAnomalySink | undefined): Promise<ZeekJoiner> {
    if (this.joiner) return this.joiner;
    const joiner = new ZeekJoiner({ onAnomaly, since: this.window.since, until: this.window.until, onX509: (sha, fields, ts) => this.noteX509(sha, fields, ts) });
    this.joiner = joiner;
    if (this.keeper) {
      this.loading = true;
      for await (const c of this.keeper.carried()) {
        this.carriedBefore.set(c.sha256, c.time);
        joiner.addX509(c.fields, { file: 'baseline (x509 lines of earlier sweeps)' }, true);
      }
      this.loading = false;
    }
    return joiner;
  }

  private noteX509(identity: string, fields: ZeekFields, ts: number | undefined): void {
    if (this.loading || !this.keeper) return;
    this.carry.delete(identity); // re-inserted at the young end
    this.carry.set(identity, { sha256: identity, time: ts ?? 0, fields });
    if (this.carry.size > MAX_CARRIED_X509) this.carry.delete(this.carry.keys().next().value as string);
  }
}
