/**
 * What the tls stage holds between packets (half-received records and handshake messages, preambles) is charged
 * to one budget over all flows, so that a flood of half-sent handshakes costs bounded memory, not memory per flow.
 */

const EMPTY = Buffer.alloc(0);
/** First allocation of a growing buffer; it doubles from there towards its target size. */
const INITIAL_CAPACITY = 4096;

/** Bytes held over all flows against a limit; every refusal is counted. */
export class HeldBytes {
  used = 0;
  /** Holds refused because the limit was reached (each cost one flow direction its handshake). */
  refused = 0;

  constructor(readonly limit: number) {}

  /** Charges `n` bytes; false (counted) when that would pass the limit. */
  take(n: number): boolean {
    if (this.used + n > this.limit) {
      this.refused++;
      return false;
    }
    this.used += n;
    return true;
  }

  give(n: number): void {
    this.used -= n;
  }
}

/**
 * A buffer filled towards a size that may grow as headers are read. Its capacity grows by doubling with what
 * arrives (a declared length alone never allocates it) and is charged to a HeldBytes budget.
 */
export class GrowingBuffer {
  private buf = EMPTY;
  /** Bytes filled. */
  fill = 0;
  /** Bytes wanted in all (0 when idle). */
  size = 0;

  constructor(private readonly held: HeldBytes) {}

  get active(): boolean {
    return this.size > 0;
  }

  get full(): boolean {
    return this.fill >= this.size;
  }

  /** The filled bytes (a view, valid until the next append or free). */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.fill);
  }

  /** Starts a new content of `size` bytes (any previous one is dropped). */
  start(size: number): void {
    this.fill = 0;
    this.size = size;
  }

  /** The content turned out to need `size` bytes in all. */
  grow(size: number): void {
    this.size = size;
  }

  /**
   * Copies what is still wanted from `src[off…]`; returns the offset after what was used, or -1 when the budget
   * refused the room (the buffer is then freed).
   */
  append(src: Buffer, off: number): number {
    const n = Math.min(this.size - this.fill, src.length - off);
    if (n <= 0) return off;
    if (this.buf.length < this.fill + n && !this.reserve(this.fill + n)) return -1;
    src.copy(this.buf, this.fill, off, off + n);
    this.fill += n;
    return off + n;
  }

  /** Forgets the content and gives its room back. */
  free(): void {
    this.held.give(this.buf.length);
    this.buf = EMPTY;
    this.fill = 0;
    this.size = 0;
  }

  private reserve(need: number): boolean {
    const capacity = Math.min(this.size, Math.max(need, this.buf.length * 2, INITIAL_CAPACITY));
    if (!this.held.take(capacity - this.buf.length)) {
      this.free();
      return false;
    }
    const grown = Buffer.allocUnsafe(capacity);
    this.buf.copy(grown, 0, 0, this.fill);
    this.buf = grown;
    return true;
  }
}
