/**
 * The I/O edge of the zeek stage: a log file (plain or gzip, told by magic bytes in capture's `openInput`) or
 * stdin (`-`) as text lines, with the position reached so that a later run can resume there (incremental sweeps).
 */
import { createReadStream } from 'node:fs';
import { openInput, openStream, type CaptureInput } from '../capture/open-input';
import { MAX_LINE_BYTES } from './consts';

/** Where reading stopped: byte offset in the (decompressed) stream, number of the last line read, and whether the file is gzip. */
export interface LineCursor {
  offset: number;
  line: number;
  compressed?: boolean;
}

export interface OpenedLines {
  lines: AsyncIterable<string>;
  /** Position after the last line yielded so far. */
  cursor(): LineCursor;
  /** Position before the last line yielded (to read that line again next time). */
  cursorBefore(): LineCursor;
}

export interface OpenLinesOptions {
  /**
   * A last line without its newline is not yielded when the file is not gzip: Zeek may be writing it still,
   * and the cursor stays before it so that the next sweep reads it whole.
   */
  holdUnterminated?: boolean;
}

interface Position extends LineCursor {
  /** Bytes of the last line yielded, newline included. */
  lastBytes: number;
}

/** Splits a byte stream into lines (LF or CRLF) and tracks byte offsets; one partial line is held between chunks. */
async function* splitLines(input: CaptureInput, pos: Position, skip: number, hold: boolean, onError?: (message: string) => void): AsyncGenerator<string> {
  let carry: Buffer | undefined;
  let toSkip = skip;
  try {
    for await (const raw of input) {
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
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = undefined;
      let start = 0;
      for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
        const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
        pos.lastBytes = nl + 1 - start;
        pos.offset += pos.lastBytes;
        pos.line++;
        yield buf.toString('utf8', start, end);
        start = nl + 1;
      }
      if (start < buf.length) carry = buf.subarray(start);
      if (carry && carry.length > MAX_LINE_BYTES) {
        pos.lastBytes = carry.length;
        pos.offset += carry.length;
        pos.line++;
        yield carry.toString('utf8', 0, MAX_LINE_BYTES); // damage: it will count as a malformed line
        carry = undefined;
      }
    }
  } catch (err) {
    // an unreadable file (InputError): the lines before it were delivered
    onError?.(err instanceof Error ? err.message : String(err));
  }
  if (carry && carry.length > 0 && !(hold && !input.compressed)) {
    pos.lastBytes = carry.length;
    pos.offset += carry.length;
    pos.line++;
    yield carry.toString('utf8');
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
  const pos: Position = resume ? { offset: start.offset, line: start.line, lastBytes: 0 } : { offset: 0, line: 0, lastBytes: 0 };
  if (resume && start.compressed !== undefined) pos.compressed = start.compressed;
  let input: CaptureInput;
  let skip = 0;
  if (resume && start.compressed === false) {
    input = openStream(createReadStream(path, { start: start.offset }), path, { onWarning });
  } else {
    input = openInput(path, { onWarning });
    if (resume) {
      skip = start.offset;
    }
  }
  const at = (offset: number, line: number): LineCursor => (pos.compressed === undefined ? { offset, line } : { offset, line, compressed: pos.compressed });
  return {
    lines: splitLines(input, pos, skip, opts.holdUnterminated ?? false, onError),
    cursor: () => at(pos.offset, pos.line),
    cursorBefore: () => (pos.lastBytes > 0 ? at(pos.offset - pos.lastBytes, pos.line - 1) : at(pos.offset, pos.line)),
  };
}
