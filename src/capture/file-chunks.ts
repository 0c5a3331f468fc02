import { close, createReadStream, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';

// A numeric descriptor, not a FileHandle: a capture worker stopped mid-file (terminate) would otherwise print a
// warning on stderr when the handle is collected unclosed.
const openFile = promisify(open);
const statFile = promisify(fstat);
const readAt = promisify(read);
const closeFile = promisify(close);

/**
 * Reads queued ahead of the one being parsed. A stream reads the next chunk only once the last is taken, so the
 * parser waited for nearly every read (a quarter of a TLS-light scan's wall time was idle); two reads in flight
 * keep a chunk ready. Each read is a buffer of its own: packets are views into their chunk.
 */
export const READS_AHEAD = 2;

/**
 * A file's bytes in chunks of `size`, read ahead. What is not a regular file (a FIFO, a character device) cannot be
 * read at an offset and is streamed instead.
 */
export async function* fileChunks(path: string, size: number): AsyncGenerator<Buffer> {
  const fd = await openFile(path, 'r');
  const queued: Array<Promise<Buffer>> = [];
  try {
    if (!(await statFile(fd)).isFile()) {
      yield* createReadStream(path, { highWaterMark: size, fd, autoClose: false }) as AsyncIterable<Buffer>;
      return;
    }
    let position = 0;
    const readNext = (): void => {
      const buf = Buffer.allocUnsafeSlow(size);
      const chunk = readAt(fd, buf, 0, size, position).then(({ bytesRead }) => buf.subarray(0, bytesRead));
      // A failed read is reported when its turn comes; one queued behind the end is never awaited.
      chunk.catch(() => undefined);
      queued.push(chunk);
      position += size;
    };
    for (let i = 0; i < READS_AHEAD; i++) readNext();
    for (;;) {
      const chunk = await (queued.shift() as Promise<Buffer>);
      // A short read is the end as the file stood when it was read (one that grows meanwhile is read no further).
      if (chunk.length < size) {
        if (chunk.length > 0) yield chunk;
        return;
      }
      readNext();
      yield chunk;
    }
  } finally {
    // Reads still in flight (the end came first, or the reader stopped) must finish before the descriptor goes.
    await Promise.allSettled(queued);
    await closeFile(fd);
  }
}
