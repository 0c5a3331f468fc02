/** Reads the first bytes of a chunk stream without losing them: the head decides which reader gets the stream. */

export interface Peeked {
  head: Buffer;
  chunks: AsyncIterable<Buffer>;
  /** Closes the stream unread (its input is opened again elsewhere). */
  close(): Promise<void>;
}

/** Collects at least `min` bytes (or all there is) and returns them with a stream that yields everything again. */
export async function peek(source: AsyncIterable<Buffer>, min = 512): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < min) {
    const step = await iterator.next();
    if (step.done) {
      done = true;
      break;
    }
    taken.push(step.value);
    size += step.value.length;
  }
  const head = taken.length === 1 ? taken[0] : Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const step = await iterator.next();
      if (step.done) return;
      yield step.value;
    }
  }
  return { head, chunks: replay(), close: async () => void (await iterator.return?.()) };
}
