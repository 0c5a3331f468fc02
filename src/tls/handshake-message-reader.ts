import type { Direction } from '../net/types';
import { MAX_HANDSHAKE_BYTES } from './consts';
import type { HandshakeAssembler } from './handshake-assembler';

const HEADER_LENGTH = 4;
/** First allocation for a message that spans records; it grows by doubling up to the declared length. */
const INITIAL_CAPACITY = 4096;

/**
 * Rejoins handshake messages (RFC 5246 §7.4: type, 24-bit length, body) that span records, for one direction.
 * Messages inside one fragment go to the assembler as views; only a message cut by a record end is copied,
 * into a buffer that grows with what arrives (a declared length alone never allocates it).
 */
export class HandshakeMessageReader {
  private buf: Buffer | null = null;
  private fill = 0;
  /** Bytes the pending message needs in all (the header alone until its length is known). */
  private size = 0;
  private total = 0;

  constructor(private readonly dir: Direction, private readonly asm: HandshakeAssembler) {}

  get holdsPartial(): boolean {
    return this.buf !== null;
  }

  /** Forgets a partial message (after a gap, or when a non-handshake record cuts it); true if there was one. */
  drop(): boolean {
    const had = this.buf !== null;
    this.buf = null;
    return had;
  }

  /** One handshake-record fragment. False once MAX_HANDSHAKE_BYTES is passed (anomaly raised; stop reading). */
  feed(fragment: Buffer, recordVersion: number): boolean {
    this.total += fragment.length;
    if (this.total > MAX_HANDSHAKE_BYTES) return this.tooLarge();
    let off = 0;
    while (this.buf !== null) {
      off = this.append(fragment, off);
      if (this.fill < this.size) return true;
      if (this.size === HEADER_LENGTH) {
        const length = this.buf.readUIntBE(1, 3);
        if (length > MAX_HANDSHAKE_BYTES) return this.tooLarge();
        if (length > 0) {
          this.size = HEADER_LENGTH + length;
          continue;
        }
      }
      const msg = this.buf;
      this.buf = null;
      this.asm.handshakeMessage(this.dir, msg[0], msg.subarray(HEADER_LENGTH, this.size), recordVersion);
    }
    while (off < fragment.length) {
      const have = fragment.length - off;
      if (have < HEADER_LENGTH) {
        this.begin(fragment.subarray(off), HEADER_LENGTH);
        return true;
      }
      const length = fragment.readUIntBE(off + 1, 3);
      const end = off + HEADER_LENGTH + length;
      if (end > fragment.length) {
        if (length > MAX_HANDSHAKE_BYTES) return this.tooLarge();
        this.begin(fragment.subarray(off), HEADER_LENGTH + length);
        return true;
      }
      this.asm.handshakeMessage(this.dir, fragment[off], fragment.subarray(off + HEADER_LENGTH, end), recordVersion);
      off = end;
    }
    return true;
  }

  private tooLarge(): false {
    this.asm.anomaly('handshake-too-large');
    this.buf = null;
    return false;
  }

  private begin(part: Buffer, size: number): void {
    this.size = size;
    this.buf = Buffer.allocUnsafe(Math.min(size, Math.max(part.length, INITIAL_CAPACITY)));
    part.copy(this.buf);
    this.fill = part.length;
  }

  private append(fragment: Buffer, off: number): number {
    const n = Math.min(this.size - this.fill, fragment.length - off);
    let buf = this.buf as Buffer;
    if (buf.length < this.fill + n) {
      const grown = Buffer.allocUnsafe(Math.min(this.size, Math.max(this.fill + n, buf.length * 2)));
      buf.copy(grown, 0, 0, this.fill);
      buf = grown;
      this.buf = grown;
    }
    fragment.copy(buf, this.fill, off, off + n);
    this.fill += n;
    return off + n;
  }
}
