/**
 * A log file followed as it grows, as `tail -F` does: by name, so that when the writer rotates it (a rename and a
 * new file under the name) the old one is read to its end and the new one from its start; a file truncated in place
 * (copytruncate) is read again from its start. Polled: each `poll` reads what was appended since the last one.
 * A last line without its newline waits until it has one (the writer is still writing it).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LOG_READ_CHUNK_BYTES, MAX_LINE_BYTES, VERIFY_TAIL_BYTES } from './consts';
import { identifyHandle, type LogFileIdentity } from './file-identity';

export interface TailRead {
  /** Whole lines appended since the last poll (of the old file first when it was rotated). */
  lines: string[];
  /** The name now holds another file (rotated): `lines` end the old one, later polls read the new one. */
  rotated?: boolean;
  /** The rotated file: where reading it ended (its cursor, so that its archive is not read again). */
  finished?: { id: LogFileIdentity; tail: Buffer; offset: number; line: number; linesBefore: number };
  /** The file was truncated or rewritten in place: it is read again from its start. */
  truncated?: boolean;
}

/** Bytes before the read position kept to tell a file rewritten in place (copytruncate) that grew past it again. */
const WITNESS_BYTES = 64;

export class TailedFile {
  private fh: FileHandle | undefined;
  private ino = -1;
  private carry: Buffer | undefined;
  /** The last bytes consumed (ending at `offset`): still there, the file was not rewritten. */
  private witness: Buffer | undefined;
  /** Bytes and lines of the current file consumed (whole lines only). */
  offset: number;
  line: number;

  constructor(readonly path: string, start: { offset: number; line: number } = { offset: 0, line: 0 }) {
    this.offset = start.offset;
    this.line = start.line;
  }

  async poll(): Promise<TailRead> {
    if (!this.fh) {
      if (!(await this.openAt(this.offset, this.line))) return { lines: [] };
    }
    const fh = this.fh as FileHandle;
    const out: TailRead = { lines: [] };
    const current = await stat(this.path).catch(() => undefined);
    const mine = await fh.stat();
    if (mine.size < this.offset || !(await this.witnessed(fh))) {
      // truncated in place: start over
      out.truncated = true;
      this.offset = 0;
      this.line = 0;
      this.carry = undefined;
      this.witness = undefined;
    }
    await this.readTo(out.lines, false);
    if (current && current.ino !== this.ino) {
      // rotated: the old file is finished (its last line may lack a newline), the name holds a new one
      await this.readTo(out.lines, true);
      const { id, tail } = await identifyHandle(fh, this.path, this.offset, VERIFY_TAIL_BYTES);
      out.finished = { id, tail, offset: this.offset, line: this.line, linesBefore: out.lines.length };
      await fh.close();
      this.fh = undefined;
      out.rotated = true;
      if (await this.openAt(0, 0)) await this.readTo(out.lines, false);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }

  /** Whether the bytes before `offset` are still the ones read there (a size check misses a file rewritten longer). */
  private async witnessed(fh: FileHandle): Promise<boolean> {
    const w = this.witness;
    if (!w || w.length === 0) return true;
    const now = Buffer.alloc(w.length);
    const { bytesRead } = await fh.read(now, 0, w.length, this.offset - w.length);
    return bytesRead === w.length && now.equals(w);
  }

  /** The inode being read. */
  get inode(): number {
    return this.ino;
  }

  private async openAt(offset: number, line: number): Promise<boolean> {
    try {
      this.fh = await open(this.path, 'r');
      this.ino = (await this.fh.stat()).ino;
      this.offset = offset;
      this.line = line;
      this.carry = undefined;
      this.witness = undefined;
      return true;
    } catch {
      return false; // not there (yet): the writer will make it
    }
  }

  /** Reads from `offset` to the end, pushing whole lines; `final`: the file will not grow, its last line counts. */
  private async readTo(lines: string[], final: boolean): Promise<void> {
    const fh = this.fh as FileHandle;
    const buf = Buffer.allocUnsafe(LOG_READ_CHUNK_BYTES);
    let at = this.offset + (this.carry?.length ?? 0);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      if (bytesRead === 0) break;
      at += bytesRead;
      const data = this.carry ? Buffer.concat([this.carry, buf.subarray(0, bytesRead)]) : Buffer.from(buf.subarray(0, bytesRead));
      let start = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
        const end = nl > start && data[nl - 1] === 13 ? nl - 1 : nl;
        lines.push(data.toString('utf8', start, end));
        this.line++;
        this.offset += nl + 1 - start;
        start = nl + 1;
      }
      if (start > 0) this.witness = Buffer.from(data.subarray(Math.max(0, start - WITNESS_BYTES), start));
      this.carry = start < data.length ? data.subarray(start) : undefined;
      if (this.carry && this.carry.length > MAX_LINE_BYTES) {
        lines.push(this.carry.toString('utf8', 0, MAX_LINE_BYTES)); // damage: it will count as a malformed line
        this.line++;
        this.offset += this.carry.length;
        this.carry = undefined;
      }
    }
    if (final && this.carry) {
      lines.push(this.carry.toString('utf8'));
      this.line++;
      this.offset += this.carry.length;
      this.carry = undefined;
    }
  }
}
