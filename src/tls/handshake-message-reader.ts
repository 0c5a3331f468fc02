import type { Direction } from '../net/types';
import { MAX_HANDSHAKE_BYTES } from './consts';
import type { HandshakeAssembler } from './handshake-assembler';
import { GrowingBuffer, type HeldBytes } from './held-bytes';

const HEADER_LENGTH = 4;

/**
 * Rejoins handshake messages (RFC 5246 §7.4: type, 24-bit length, body) that span records, for one direction.
 * Messages inside one fragment go to the assembler as views; only a message cut by a record end is copied,
 * into a buffer that grows with what arrives (a declared length alone never allocates it), charged to the
 * tls stage's held-bytes budget.
 */
export class HandshakeMessageReader {
  private readonly pending: GrowingBuffer;
  private total = 0;

  constructor(private readonly dir: Direction, private readonly asm: HandshakeAssembler, held: HeldBytes) {
    this.pending = new GrowingBuffer(held);
  }

  get holdsPartial(): boolean {
    return this.pending.active;
  }

  /** Forgets a partial message (after a gap, or when a non-handshake record cuts it); true if there was one. */
  drop(): boolean {
    const had = this.pending.active;
    this.pending.free();
    return had;
  }

  /**
   * One handshake-record fragment. False once the direction must stop: MAX_HANDSHAKE_BYTES passed (anomaly
   * `handshake-too-large`) or the held-bytes budget refused a partial message (anomaly `memory-cap`).
   */
  feed(fragment: Buffer, recordVersion: number): boolean {
    this.total += fragment.length;
    if (this.total > MAX_HANDSHAKE_BYTES) return this.stop('handshake-too-large');
    const before = this.total - fragment.length;
    let off = 0;
    const p = this.pending;
    while (p.active) {
      off = p.append(fragment, off);
      if (off < 0) return this.stop('memory-cap');
      if (!p.full) return true;
      if (p.size === HEADER_LENGTH) {
        const length = p.bytes.readUIntBE(1, 3);
        if (HEADER_LENGTH + length > MAX_HANDSHAKE_BYTES) return this.stop('handshake-too-large');
        if (length > 0) {
          p.grow(HEADER_LENGTH + length);
          continue;
        }
      }
      const msg = p.bytes;
      this.asm.handshakeMessage(this.dir, msg[0], msg.subarray(HEADER_LENGTH), recordVersion);
      p.free();
    }
    while (off < fragment.length) {
      const have = fragment.length - off;
      if (have < HEADER_LENGTH) return this.begin(fragment, off, HEADER_LENGTH);
      const length = fragment.readUIntBE(off + 1, 3);
      const end = off + HEADER_LENGTH + length;
      if (end > fragment.length) {
        if (before + end > MAX_HANDSHAKE_BYTES) return this.stop('handshake-too-large');
        return this.begin(fragment, off, HEADER_LENGTH + length);
      }
      this.asm.handshakeMessage(this.dir, fragment[off], fragment.subarray(off + HEADER_LENGTH, end), recordVersion);
      off = end;
    }
    return true;
  }

  private stop(kind: 'handshake-too-large' | 'memory-cap'): false {
    this.asm.anomaly(kind);
    this.pending.free();
    return false;
  }

  private begin(fragment: Buffer, off: number, size: number): boolean {
    this.pending.start(size);
    return this.pending.append(fragment, off) >= 0 || this.stop('memory-cap');
  }
}
