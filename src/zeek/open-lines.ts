/**
 * The I/O edge of the zeek stage: a log file (plain or gzip, found by its magic bytes, not its name) or stdin
 * (`-`) as text lines, with the position reached so a later run can resume there (incremental sweeps).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MAX_LINE_BYTES } from './consts';

/** Where reading stopped: byte offset in the (decompressed) stream and the number of the last line read. */
export interface LineCursor {
  offset: number;
  line: number;
}

export interface OpenedLines {
  lines: AsyncIterable<string>;
  /** Position after the last line yielded so far. */
  cursor(): LineCursor;
  /** Whether the file was gzip-compressed (then `offset` counts decompressed bytes). */
  compressed(): boolean;
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** stdin cannot be opened twice: its first chunk says whether to gunzip. */
async function* gunzipIfNeeded(src: AsyncIterable<Buffer>, found: { gz: boolean }): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const replay = (async function* (): AsyncGenerator<Buffer> {
    yield first.value;
    for (let step = await it.next(); !step.done; step = await it.next()) yield step.value;
  })();
  if (first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b) {
    found.gz = true;
    yield* Readable.from(replay).pipe(createGunzip());
  } else {
    yield* replay;
  }
}

/** Splits a byte stream into lines (LF or CRLF), tracking byte offsets; one partial line is held between chunks. */
async function* splitLines(chunks: AsyncIterable<Buffer>, pos: LineCursor, skip: number, onError?: (message: string) => void): AsyncGenerator<string> {
  let carry: Buffer | undefined;
  let toSkip = skip;
  try {
    yield* splitChunks();
  } catch (err) {
    // a read or gunzip error (truncated .gz, unreadable file): the lines before it were delivered
    onError?.(err instanceof Error ? err.message : String(err));
  }
  async function* splitChunks(): AsyncGenerator<string> {
  for await (const raw of chunks) {
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
      pos.offset += nl + 1 - start;
      pos.line++;
      yield buf.toString('utf8', start, end);
      start = nl + 1;
    }
    if (start < buf.length) {
      carry = buf.subarray(start);
      if (carry.length > MAX_LINE_BYTES) {
        pos.offset += carry.length;
        pos.line++;
        yield carry.toString('utf8', 0, MAX_LINE_BYTES); // damage: it will count as a malformed line
        carry = undefined;
      }
    }
  }
  if (carry && carry.length > 0) {
    pos.offset += carry.length;
    pos.line++;
    yield carry.toString('utf8');
  }
  }
}

/**
 * Opens `path` ('-' for stdin) as lines. `start` resumes at a cursor from an earlier run: a plain file seeks
 * there, a gzip file is decompressed and skipped up to it, stdin cannot resume.
 */
export async function openLines(path: string, start?: LineCursor, onError?: (message: string) => void): Promise<OpenedLines> {
  const pos: LineCursor = { offset: start?.offset ?? 0, line: start?.line ?? 0 };
  const found = { gz: false };
  let chunks: AsyncIterable<Buffer>;
  let skip = 0;
  if (path === '-') {
    chunks = gunzipIfNeeded(process.stdin, found);
    pos.offset = 0;
    pos.line = 0;
  } else {
    found.gz = await isGzip(path);
    if (found.gz) {
      chunks = createReadStream(path).pipe(createGunzip());
      skip = pos.offset;
    } else {
      chunks = createReadStream(path, { start: pos.offset });
    }
  }
  return { lines: splitLines(chunks, pos, skip, onError), cursor: () => ({ ...pos }), compressed: () => found.gz };
}
