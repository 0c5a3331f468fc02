import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { READ_CHUNK_BYTES } from './consts';
import { toInputError } from './errors';
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
}

/**
 * Opens a file ('-': standard input) as a stream of decompressed chunks. Nothing is opened until iteration;
 * unreadable files throw InputError then; a damaged gzip stream ends early with a warning instead.
 */
export function openInput(path: string, opts: OpenInputOptions = {}): CaptureInput {
  if (path === '-') return openStream(process.stdin, '-', opts);
  const highWaterMark = opts.highWaterMark ?? READ_CHUNK_BYTES;
  return new StreamInput(() => createReadStream(path, { highWaterMark }), path, opts);
}

/** Same as openInput for a stream the caller already has (stdin, a socket, a test's Readable). */
export function openStream(stream: Readable, file = '-', opts: OpenInputOptions = {}): CaptureInput {
  return new StreamInput(() => stream, file, opts);
}

class StreamInput implements CaptureInput {
  compressed = false;

  constructor(
    private readonly open: () => Readable,
    readonly file: string,
    private readonly opts: OpenInputOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const source = this.open()[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let head: Buffer;
    try {
      head = await readHead(source);
    } catch (err) {
      throw toInputError(this.file, err);
    }
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
      for (let r = await source.next(); !r.done; r = await source.next()) yield r.value;
    } catch (err) {
      throw toInputError(this.file, err);
    } finally {
      await source.return?.();
    }
  }

  private async *gunzip(head: Buffer, source: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
    const gunzip = createGunzip({ chunkSize: this.opts.highWaterMark ?? READ_CHUNK_BYTES });
    pipeline(Readable.from(prepend(head, source), { objectMode: false }), gunzip, () => undefined);
    let offset = 0;
    try {
      for await (const chunk of gunzip) {
        offset += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code !== 'string' || !code.startsWith('Z_')) throw toInputError(this.file, err);
      this.opts.onWarning?.({ message: `gzip stream damaged (${(err as Error).message}); input ends here`, offset });
    }
  }
}

/** Reads until at least the two gzip magic bytes are in hand (a pipe may deliver one byte first). */
async function readHead(source: AsyncIterator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let len = 0;
  while (len < 2) {
    const r = await source.next();
    if (r.done) break;
    parts.push(r.value);
    len += r.value.length;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield head;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest.return?.();
  }
}
