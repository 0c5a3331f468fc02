/**
 * Bounds-checked big-endian reader over one structure (`end` bounds it). Reading past `end` never throws:
 * it sets `overrun` and yields zeros / empty views, so a parser checks once at the end.
 */
export class ByteReader {
  pos: number;
  overrun = false;

  constructor(readonly buf: Buffer, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private take(n: number): boolean {
    if (n > this.end - this.pos) {
      this.overrun = true;
      this.pos = this.end;
      return false;
    }
    return true;
  }

  u8(): number {
    if (!this.take(1)) return 0;
    return this.buf[this.pos++];
  }

  u16(): number {
    if (!this.take(2)) return 0;
    const v = (this.buf[this.pos] << 8) | this.buf[this.pos + 1];
    this.pos += 2;
    return v;
  }

  u24(): number {
    if (!this.take(3)) return 0;
    const v = (this.buf[this.pos] << 16) | (this.buf[this.pos + 1] << 8) | this.buf[this.pos + 2];
    this.pos += 3;
    return v;
  }

  /** A view of the next `n` bytes. */
  bytes(n: number): Buffer {
    if (!this.take(n)) return this.buf.subarray(this.end, this.end);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** Steps over the next `n` bytes (no view made). */
  skip(n: number): void {
    if (this.take(n)) this.pos += n;
  }

  /** Steps over a variable-length vector with a 1-, 2- or 3-byte length prefix. */
  skipVector(lengthBytes: 1 | 2 | 3): void {
    this.skip(lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24());
  }

  /** Variable-length vector with a 1-, 2- or 3-byte length prefix (RFC 8446 §3.4). */
  vector(lengthBytes: 1 | 2 | 3): Buffer {
    const n = lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24();
    return this.bytes(n);
  }
}

/** The 16-bit values of a vector body; null when its length is odd. */
export function u16List(body: Buffer): number[] | null {
  if (body.length % 2 !== 0) return null;
  const out = new Array<number>(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (body[2 * i] << 8) | body[2 * i + 1];
  return out;
}
