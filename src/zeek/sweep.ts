/**
 * Incremental sweeps over Zeek log folders. Each file resumes from the cursor saved under its content identity
 * (file-head.ts), so a line read once is never read again, whatever the file is called now: the gzip archive of
 * a rotated `ssl.log` resumes where the live file was left, the new `ssl.log` starts at 0. x509.log names a
 * certificate once a day, so the x509 lines a sweep read are carried to later sweeps for the ssl lines that
 * name them then. Cursors and carried lines are saved once the sweep's sightings are recorded (`commit`).
 */
import { CARRY_X509_SECONDS, MAX_CARRIED_X509 } from './consts';
import { headIdentity, readLogFileHead, sha256Hex, type LogFileHead } from './file-head';
import { ZeekJoiner } from './join';
import type { ZeekFileState } from './log-file-reader';
import { openLines, type LineCursor, type OpenedLines } from './open-lines';
import { readZeekBatches, type ZeekLogInput } from './read-zeek';
import type { ZeekAnomalySink, ZeekFields, ZeekHandshake } from './types';

/** How far one log file (known by its content) was read; stored under `identity`. */
export interface ZeekCursor {
  identity: string;
  /** Decompressed bytes read. */
  offset: number;
  /** Lines read. */
  line: number;
  /** Latest ssl `ts` read from it (epoch seconds). */
  lastTime?: number;
  /** Length and SHA-256 of the head it was known by (a short head is checked again when looked up by inode). */
  headLength: number;
  headSha256: string;
  /** The reader's state there (TSV header in force). */
  state: ZeekFileState;
  /** The name it was last read under (for people reading the baseline). */
  path: string;
  /** A gzip archive read to its end: archives do not grow, so later sweeps need not decompress it again. */
  complete?: boolean;
}

/** An x509.log line kept for later sweeps. */
export interface CarriedX509 {
  sha256: string;
  /** Its `ts` (epoch seconds; 0 when masked). */
  time: number;
  fields: ZeekFields;
}

export interface SweepSave {
  cursors: ZeekCursor[];
  dropCursors: string[];
  carry: CarriedX509[];
  dropCarried: string[];
}

/** Where cursors live between sweeps (the baseline: src/baseline/cursors.ts). */
export interface CursorKeeper {
  cursor(identity: string): Promise<ZeekCursor | undefined>;
  carried(): AsyncIterable<CarriedX509>;
  /** All of it in one atomic write. */
  save(s: SweepSave): Promise<void>;
}

export interface SweepWindow {
  /** Epoch seconds: ssl lines stamped earlier are left out. */
  since?: number;
  /** Epoch seconds: each file stops at its first ssl line stamped this or later; the next sweep starts there. */
  until?: number;
}

export interface SweepCounters {
  files: number;
  /** Files that went on from a saved cursor. */
  resumed: number;
  /** Lines read in this sweep (the old lines of resumed files are not). */
  linesRead: number;
}

interface Planned {
  name: string;
  head?: LogFileHead;
  identity?: string;
  /** Identity of the saved cursor it resumes from, when other than its own (a short head that grew). */
  from?: string;
  start?: ZeekCursor;
}

export class ZeekSweep {
  readonly counters: SweepCounters = { files: 0, resumed: 0, linesRead: 0 };
  private joiner: ZeekJoiner | undefined;
  private readonly cursors = new Map<string, ZeekCursor>();
  private readonly dropCursors = new Set<string>();
  private readonly carry = new Map<string, CarriedX509>();
  private readonly carriedBefore = new Map<string, number>();
  private loading = false;

  constructor(private readonly keeper: CursorKeeper | undefined, private readonly window: SweepWindow = {}) {}

  /** Reads the files (names of plain or gzip logs) from their cursors; handshakes of every new ssl line. */
  async *read(names: string[], onAnomaly?: ZeekAnomalySink, onProblem?: (file: string, message: string) => void): AsyncGenerator<ZeekHandshake> {
    for await (const batch of this.readBatches(names, onAnomaly, onProblem)) yield* batch;
  }

  /** The same, one array of handshakes per batch of lines read. */
  async *readBatches(names: string[], onAnomaly?: ZeekAnomalySink, onProblem?: (file: string, message: string) => void): AsyncGenerator<ZeekHandshake[]> {
    const joiner = await this.ensureJoiner(onAnomaly);
    const planned: Planned[] = [];
    for (const name of names) planned.push(await this.plan(name));
    // Two names with one content (a rotated file and its archive both still there) are read one after the other.
    for (let pass = this.passes(planned); pass.length > 0; pass = this.passes(planned)) {
      const opened = new Map<string, { plan: Planned; lines: OpenedLines; startLine: number }>();
      const inputs: ZeekLogInput[] = [];
      for (const p of pass) {
        const start = (p.identity && this.cursors.get(p.identity)) || p.start;
        if (start?.complete && p.head?.compressed) {
          this.counters.resumed++;
          continue; // nothing new can be in it, and skipping to its end would mean inflating all of it
        }
        const at: LineCursor | undefined = start ? { offset: start.offset, line: start.line, compressed: p.head?.compressed } : undefined;
        const lines = openLines(p.name, at, onProblem && ((m) => onProblem(p.name, m)), { holdUnterminated: this.keeper !== undefined });
        if (start) this.counters.resumed++;
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
        this.remember(o.plan, at, state);
      };
      yield* readZeekBatches(inputs, onAnomaly, { joiner, onFileDone });
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
    await this.keeper.save({ cursors: [...this.cursors.values()], dropCursors: [...this.dropCursors], carry, dropCarried });
  }

  private async ensureJoiner(onAnomaly: ZeekAnomalySink | undefined): Promise<ZeekJoiner> {
    if (this.joiner) return this.joiner;
    const joiner = new ZeekJoiner({ onAnomaly, since: this.window.since, until: this.window.until, onX509: (sha, fields, ts) => this.noteX509(sha, fields, ts) });
    this.joiner = joiner;
    if (this.keeper) {
      this.loading = true;
      for await (const c of this.keeper.carried()) {
        this.carriedBefore.set(c.sha256, c.time);
        joiner.addX509(c.fields, { file: 'baseline (x509 lines of earlier sweeps)' });
      }
      this.loading = false;
    }
    return joiner;
  }

  private noteX509(sha256: string, fields: ZeekFields, ts: number | undefined): void {
    if (this.loading || !this.keeper) return;
    this.carry.delete(sha256); // re-inserted at the young end
    this.carry.set(sha256, { sha256, time: ts ?? 0, fields });
    if (this.carry.size > MAX_CARRIED_X509) this.carry.delete(this.carry.keys().next().value as string);
  }

  /** Finds the cursor a file resumes from: by content, else (a head that was short) by inode with its head checked. */
  private async plan(name: string): Promise<Planned> {
    if (!this.keeper || name === '-') return { name };
    const head = await readLogFileHead(name);
    if (!head) return { name };
    const identity = headIdentity(head);
    const byContent = await this.keeper.cursor(identity);
    if (byContent) return { name, head, identity, start: byContent };
    const byInode = identity.startsWith('file\x00') ? await this.keeper.cursor(`ino\x00${head.inode}`) : undefined;
    if (byInode && byInode.headLength <= head.head.length && sha256Hex(head.head.subarray(0, byInode.headLength)) === byInode.headSha256) {
      return { name, head, identity, from: byInode.identity, start: byInode };
    }
    return { name, head, identity };
  }

  /** Takes the next files to read together: one per identity. */
  private passes(planned: Planned[]): Planned[] {
    const pass: Planned[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < planned.length;) {
      const id = planned[i].identity;
      if (id !== undefined && taken.has(id)) {
        i++;
        continue;
      }
      if (id !== undefined) taken.add(id);
      pass.push(planned[i]);
      planned.splice(i, 1);
    }
    return pass;
  }

  private remember(p: Planned, at: LineCursor, state: ZeekFileState): void {
    if (!p.identity || !p.head) return;
    const before = this.cursors.get(p.identity) ?? p.start;
    const lastTime = Math.max(state.lastTime ?? -Infinity, before?.lastTime ?? -Infinity);
    const { held: _held, lastTime: _t, ...kept } = state;
    this.cursors.set(p.identity, {
      identity: p.identity,
      offset: at.offset,
      line: at.line,
      ...(Number.isFinite(lastTime) ? { lastTime } : {}),
      headLength: p.head.head.length,
      headSha256: sha256Hex(p.head.head),
      state: { ...kept, line: at.line },
      path: p.name,
      ...(p.head.compressed && !state.held ? { complete: true } : {}),
    });
    if (p.from && p.from !== p.identity) this.dropCursors.add(p.from);
  }
}
