/**
 * The I/O edge of text logs (Zeek, Suricata EVE): a log file (plain or gzip, told by magic bytes in capture's
 * `openInput`) or stdin (`-`) as text lines, with the position reached so that a later run can resume there
 * (incremental sweeps), and the bytes just before it (what a cursor is checked by).
 */
import { createReadStream } from 'node:fs';
import { openInput, openStream, type CaptureInput } from '../capture/open-input';
import { LOG_READ_CHUNK_BYTES, MAX_LINE_BYTES, VERIFY_TAIL_BYTES } from './consts';

/** Where reading stopped: byte offset in the (decompressed) stream, number of the last line read, and whether the file is gzip. */
export interface LineCursor {
  offset: number;
  line: number;
  compressed?: boolean;
}

export interface OpenedLines {
  /** The lines one at a time. Read either `lines` or `batches`, not both. */
  lines: AsyncIterable<string>;
  /** The lines of each chunk read, in one array (the fast path: one await per chunk, not per line). */
  batches: AsyncIterable<string[]>;
  /** Position after the last line handed out so far. */
  cursor(): LineCursor;
  /** Position after line `line` (a line of the last batch yielded, or the one before it). */
  cursorAt(line: number): LineCursor;
  /** The last bytes (up to VERIFY_TAIL_BYTES) of the lines handed out, and the offset they end at. */
  tail(): { offset: number; bytes: Buffer };
}

export interface OpenLinesOptions {
  /**
   * A last line without its newline is not yielded when the file is not gzip: Zeek may be writing it still,
   * and the cursor stays before it so that the next sweep reads it whole.
   */
  holdUnterminated?: boolean;
  /** Told, after each chunk read, how far into the file (as on disk) reading is: for a progress line. */
  onRead?: (fileBytes: number) => void;
}

interface Position extends LineCursor {
  /** Line number of the first line of the last batch, and the offset before it. */
  batchLine: number;
  batchOffset: number;
  /** Offset after each line of the last batch. */
  ends: number[];
  /** Lines handed to the reader so far (all of each batch; one by one through `lines`). */
  given: number;
  /** The last bytes of the lines read so far (ending at `offset`). */
  tail: Buffer;
}

/** Keeps the last VERIFY_TAIL_BYTES of what was read, `bytes` being the bytes just read. */
function keepTail(pos: Position, bytes: Buffer): void {
  if (bytes.length >= VERIFY_TAIL_BYTES) {
    pos.tail = Buffer.from(bytes.subarray(bytes.length - VERIFY_TAIL_BYTES));
    return;
  }
  const keep = Math.min(pos.tail.length, VERIFY_TAIL_BYTES - bytes.length);
  pos.tail = Buffer.concat([pos.tail.subarray(pos.tail.length - keep), bytes]);
}

/** Starts a batch at the current position. */
function beginBatch(pos: Position): void {
  pos.batchLine = pos.line + 1;
  pos.batchOffset = pos.offset;
}

/** One line as its own batch (a cut overlong line, an unterminated last line). */
function single(pos: Position, buf: Buffer, bytes: number, chars: number): string[] {
  beginBatch(pos);
  pos.offset += bytes;
  pos.line++;
  pos.ends[0] = pos.offset;
  keepTail(pos, buf.subarray(0, bytes));
  return [buf.toString('utf8', 0, chars)];
}

/**
 * The complete lines of `buf` (up to and including its last newline at `lastNl`). Each line is decoded on its
 * own: a value kept from it (a server name in a finding) then holds that line alive, not the whole chunk.
 */
function linesOf(buf: Buffer, lastNl: number, pos: Position): string[] {
  beginBatch(pos);
  const ends = pos.ends;
  const lines: string[] = [];
  let off = pos.offset;
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1 && nl <= lastNl; nl = buf.indexOf(10, start)) {
    const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    off += nl + 1 - start;
    ends[lines.length] = off;
    lines.push(buf.toString('utf8', start, end));
    start = nl + 1;
  }
  pos.offset = off;
  pos.line += lines.length;
  keepTail(pos, buf.subarray(0, lastNl + 1));
  return lines;
}

/**
 * Splits a byte stream into batches of lines (LF or CRLF) and tracks byte offsets; one partial line is held between
 * chunks. A line over MAX_LINE_BYTES is cut there and the rest of it passed over up to its newline, so that it is
 * still one line: the numbers and offsets of the lines after it stay right.
 */
async function* splitLines(
  input: CaptureInput, pos: Position, skip: number, hold: boolean, onError?: (message: string) => void, onRead?: (rawBytes: number) => void,
): AsyncGenerator<string[]> {
  let carry: Buffer | undefined;
  let toSkip = skip;
  /** The first MAX_LINE_BYTES of an overlong line whose end is still to come, and its bytes so far. */
  let long: Buffer | undefined;
  let longBytes = 0;
  try {
    for await (const raw of input) {
      onRead?.(input.rawBytes);
      pos.compressed = input.compressed;
      let chunk = raw;
      if (toSkip > 0) {
        if (chunk.length <= toSkip) {
          toSkip -= chunk.length;
          continue;
        }
        chunk = chunk.subarray(toSkip);
        toSkip = 0;
      }
      if (long) {
        const nl = chunk.indexOf(10);
        longBytes += nl === -1 ? chunk.length : nl + 1;
        if (nl === -1) continue;
        yield given(pos, single(pos, long, longBytes, long.length)); // damage: it will count as a malformed line
        long = undefined;
        chunk = chunk.subarray(nl + 1);
      }
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = undefined;
      const lastNl = buf.lastIndexOf(10);
      if (lastNl !== -1) yield given(pos, linesOf(buf, lastNl, pos));
      if (lastNl + 1 < buf.length) carry = buf.subarray(lastNl + 1);
      if (carry && carry.length > MAX_LINE_BYTES) {
        long = Buffer.from(carry.subarray(0, MAX_LINE_BYTES));
        longBytes = carry.length;
        carry = undefined;
      }
    }
  } catch (err) {
    // an unreadable file (InputError): the lines before it were delivered
    onError?.(err instanceof Error ? err.message : String(err));
  }
  if (long && !(hold && !input.compressed)) yield given(pos, single(pos, long, longBytes, long.length));
  if (carry && carry.length > 0 && !(hold && !input.compressed)) yield given(pos, single(pos, carry, carry.length, carry.length));
}

function given(pos: Position, batch: string[]): string[] {
  pos.given = pos.line;
  return batch;
}

async function* flatten(batches: AsyncIterable<string[]>, pos: Position): AsyncGenerator<string> {
  for await (const batch of batches) {
    pos.given = pos.batchLine - 1;
    for (const line of batch) {
      pos.given++;
      yield line;
    }
  }
}

/**
 * Opens `path` ('-' for stdin) as lines; nothing is read before iteration. `start` resumes at a cursor of an
 * earlier run: a plain file seeks there, a gzip file is decompressed and skipped up to it, stdin starts over.
 * Read problems (unreadable file, damaged gzip) end the lines early and go to `onProblem`, prefixed with the path.
 */
export function openLines(path: string, start?: LineCursor, onProblem?: (message: string) => void, opts: OpenLinesOptions = {}): OpenedLines {
  const onError = onProblem ? (message: string) => onProblem(`${path}: ${message}`) : undefined;
  const onWarning = onError ? (w: { message: string }) => onError(w.message) : undefined;
  const resume = path !== '-' && start !== undefined && start.offset > 0;
  const pos: Position = { offset: resume ? start.offset : 0, line: resume ? start.line : 0, batchLine: 1, batchOffset: 0, ends: [], given: 0, tail: Buffer.alloc(0) };
  pos.given = pos.line;
  pos.batchLine = pos.line + 1;
  pos.batchOffset = pos.offset;
  if (resume && start.compressed !== undefined) pos.compressed = start.compressed;
  let input: CaptureInput;
  let skip = 0;
  if (resume && start.compressed === false) {
    input = openStream(createReadStream(path, { start: start.offset, highWaterMark: LOG_READ_CHUNK_BYTES }), path, { onWarning, highWaterMark: LOG_READ_CHUNK_BYTES });
  } else {
    input = openInput(path, { onWarning, highWaterMark: LOG_READ_CHUNK_BYTES });
    if (resume) {
      skip = start.offset;
    }
  }
  const at = (offset: number, line: number): LineCursor => (pos.compressed === undefined ? { offset, line } : { offset, line, compressed: pos.compressed });
  // a plain file resumed at an offset was read up to it before: progress counts from there
  const seekedTo = resume && start.compressed === false ? start.offset : 0;
  const onRead = opts.onRead && ((raw: number) => opts.onRead?.(seekedTo + raw));
  const batches = splitLines(input, pos, skip, opts.holdUnterminated ?? false, onError, onRead);
  return {
    batches,
    get lines() {
      return flatten(batches, pos);
    },
    cursor() {
      return this.cursorAt(pos.given);
    },
    cursorAt(line) {
      if (line >= pos.line || line < pos.batchLine - 1) return at(pos.offset, pos.line);
      return at(line < pos.batchLine ? pos.batchOffset : pos.ends[line - pos.batchLine], line);
    },
    tail() {
      return { offset: pos.offset, bytes: pos.tail };
    },
  };
}
