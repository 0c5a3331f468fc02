import type { Duplex, Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GUNZIP_WRITE_BYTES, READ_CHUNK_BYTES } from './consts';
import { toInputError } from './errors';
import { fileChunks } from './file-chunks';
import { isGzip } from './sniff';

/** A problem in the input that ends it early without failing the run. */
export interface InputWarning {
  message: string;
  /** Decompressed bytes delivered before the problem. */
  offset: number;
}

export interface OpenInputOptions {
  onWarning?: (warning: InputWarning) => void;
  /** Read (and gunzip output) chunk size; default 1 MiB. */
  highWaterMark?: number;
}

/** The bytes of one input, gunzipped when they start with the gzip magic. */
export interface CaptureInput extends AsyncIterable<Buffer> {
  /** The file name to report ('-' for stdin). */
  readonly file: string;
  /** True once iteration found a gzip stream. */
  readonly compressed: boolean;
  /** Bytes read from the file or stream so far (before gunzip): what a progress line counts. */
  readonly rawBytes: number;
}

/**
 * Opens a file ('-': standard input) as a stream of decompressed chunks. Nothing is opened until iteration;
 * unreadable files throw InputError then; a damaged gzip stream ends early with a warning instead.
 */
export function openInput(path: string, opts: OpenInputOptions = {}): CaptureInput {
  if (path === '-') return openStream(process.stdin, '-', opts);
  const highWaterMark = opts.highWaterMark ?? READ_CHUNK_BYTES;
  return new StreamInput(() => fileChunks(path, highWaterMark), path, opts);
}

/** Same as openInput for a stream the caller already has (stdin, a socket, a test's Readable). */
export function openStream(stream: Readable, file = '-', opts: OpenInputOptions = {}): CaptureInput {
  return new StreamInput(() => stream, file, opts);
}

class StreamInput implements CaptureInput {
  compressed = false;
  rawBytes = 0;

  constructor(
    private readonly open: () => AsyncIterable<Buffer>,
    readonly file: string,
    private readonly opts: OpenInputOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const source = this.open()[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head = await this.readHead(source);
    if (!isGzip(head)) {
      if (head.length > 0) yield head;
      yield* this.passThrough(source);
      return;
    }
    this.compressed = true;
    yield* this.gunzip(head, source);
  }

  private async *passThrough(source: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
    try {
      for (let chunk = await this.next(source); chunk !== null; chunk = await this.next(source)) yield chunk;
    } finally {
      await source.return?.();
    }
  }

  /**
   * Gunzips by writing the compressed stream in slices of GUNZIP_WRITE_BYTES and handing on each slice's output
   * before the next write. zlib drops the output of the write that fails (e.g. on garbage after the last
   * member), so small writes bound that loss, and the queue never holds more than one slice's output.
   */
  private async *gunzip(head: Buffer, source: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
    const inflater = createGunzip({ chunkSize: this.opts.highWaterMark ?? READ_CHUNK_BYTES });
    const output: Buffer[] = [];
    let damage: Error | null = null;
    inflater.on('data', (chunk: Buffer) => output.push(chunk));
    inflater.on('error', (err: Error) => {
      damage ??= err;
    });
    let offset = 0;
    try {
      for (let chunk: Buffer | null = head; chunk !== null && damage === null; chunk = await this.next(source)) {
        for (let off = 0; off < chunk.length && damage === null; off += GUNZIP_WRITE_BYTES) {
          await writeTo(inflater, chunk.subarray(off, off + GUNZIP_WRITE_BYTES));
          for (let i = 0; i < output.length; i++) {
            offset += output[i].length;
            yield output[i];
          }
          output.length = 0;
        }
      }
      if (damage === null) await endOf(inflater);
      for (const chunk of output) {
        offset += chunk.length;
        yield chunk;
      }
    } finally {
      inflater.destroy();
      await source.return?.();
    }
    if (damage !== null) {
      this.opts.onWarning?.({ message: `gzip stream damaged (${(damage as Error).message}); input ends here`, offset });
    }
  }

  /** Reads until at least the two gzip magic bytes are in hand (a pipe may deliver one byte first). */
  private async readHead(source: AsyncIterator<Buffer>): Promise<Buffer> {
    const parts: Buffer[] = [];
    let len = 0;
    while (len < 2) {
      const chunk = await this.next(source);
      if (chunk === null) break;
      parts.push(chunk);
      len += chunk.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** The next chunk, or null at the end; a read failure becomes InputError. */
  private async next(source: AsyncIterator<Buffer>): Promise<Buffer | null> {
    try {
      const r = await source.next();
      if (r.done) return null;
      const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      this.rawBytes += chunk.length;
      return chunk;
    } catch (err) {
      throw toInputError(this.file, err);
    }
  }
}

/**
 * Resolves once zlib has consumed `chunk` and emitted its output, or has failed (a failed write never calls
 * back; the stream closes and the 'error' listener holds the reason).
 */
function writeTo(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('close', done);
      resolve();
    };
    stream.once('close', done);
    stream.write(chunk, done);
  });
}

/** Resolves when the stream has flushed and ended, or failed. */
function endOf(stream: Duplex): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.end();
  });
}

