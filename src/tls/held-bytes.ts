/**
 * What the tls stage holds between packets (half-received records and handshake messages, preambles) is charged
 * to one budget over all flows, so that a flood of half-sent handshakes costs bounded memory, not memory per flow.
 */

const EMPTY = Buffer.alloc(0);
/** First allocation of a growing buffer; it doubles from there towards its target size. */
const INITIAL_CAPACITY = 4096;
/**
 * Sizes of the slabs a budget keeps for reuse once given back: a record is at most 18 KiB, so nearly every partial
 * record or message fits one. A buffer this size is an ArrayBuffer of its own (Node pools only smaller ones), which
 * every handshake spanning segments allocated and the GC then finalised. Smaller needs get a buffer of their size.
 */
const SLAB_SIZES = [2048, 4096, 8192, 16384, 32768];
/** Spare slabs kept per size (at most 1 MiB in all). */
const SLABS_KEPT = 16;

/** Bytes held over all flows against a limit; every refusal is counted. Also keeps the spare slabs. */
export class HeldBytes {
  used = 0;
  /** Holds refused because the limit was reached (each cost one flow direction its handshake). */
  refused = 0;
  private readonly spare: Buffer[][] = SLAB_SIZES.map(() => []);

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

  /** The size of the memory `allocate(n)` gives: the smallest slab that holds `n` bytes, or `n` itself. */
  sizeFor(n: number): number {
    if (n < SLAB_SIZES[0]) return n;
    for (const size of SLAB_SIZES) if (n <= size) return size;
    return n;
  }

  /** Memory of `sizeFor(n)` bytes (charge them first): a spare slab when one is kept. */
  allocate(n: number): Buffer {
    const size = this.sizeFor(n);
    const i = SLAB_SIZES.indexOf(size);
    return (i >= 0 ? this.spare[i].pop() : undefined) ?? Buffer.allocUnsafeSlow(size);
  }

  /** Memory no longer used (nothing reads it after this): kept for reuse if it is a slab and room is left. */
  recycle(buf: Buffer): void {
    const i = SLAB_SIZES.indexOf(buf.length);
    if (i >= 0 && this.spare[i].length < SLABS_KEPT) this.spare[i].push(buf);
  }
}

/**
 * A buffer filled towards a size that may grow as headers are read. Its capacity grows by doubling with what
 * arrives (a declared length alone never allocates it); the memory it holds is charged to a HeldBytes budget.
 */
export class GrowingBuffer {
  private buf: Buffer = EMPTY;
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
    if (this.buf !== EMPTY) this.held.recycle(this.buf);
    this.buf = EMPTY;
    this.fill = 0;
    this.size = 0;
  }

  private reserve(need: number): boolean {
    const capacity = Math.min(this.size, Math.max(need, this.buf.length * 2, INITIAL_CAPACITY));
    if (!this.held.take(this.held.sizeFor(capacity) - this.buf.length)) {
      this.free();
      return false;
    }
    const grown = this.held.allocate(capacity);
    this.buf.copy(grown, 0, 0, this.fill);
    if (this.buf !== EMPTY) this.held.recycle(this.buf);
    this.buf = grown;
    return true;
  }
}
