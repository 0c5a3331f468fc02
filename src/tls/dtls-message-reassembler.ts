import type { Direction } from '../net/types';
import {
  MAX_DTLS_FRAGMENT_RANGES, MAX_DTLS_MESSAGES, MAX_DTLS_PENDING_MESSAGES, MAX_HANDSHAKE_BYTES,
} from './consts';
import type { DtlsFragment } from './dtls-record';
import type { HandshakeAssembler } from './handshake-assembler';
import type { HeldBytes } from './held-bytes';

/** First allocation for a fragmented message; it grows by doubling up to the declared length. */
const INITIAL_CAPACITY = 4096;

/** A handshake message whose fragments are still arriving. */
interface PendingMessage {
  key: number;
  msgType: number;
  length: number;
  buf: Buffer;
  /** Received byte ranges, sorted and disjoint: [start0, end0, start1, end1, …]. */
  ranges: number[];
}

/** A retransmission repeats message_seq and type; a reused message_seq with another type is a new message. */
function messageKey(f: DtlsFragment): number {
  return f.messageSeq * 256 + f.msgType;
}

/** Adds [start, end) to sorted disjoint `ranges`, merging what overlaps or touches. False past the cap. */
function addRange(ranges: number[], start: number, end: number): boolean {
  let s = start;
  let e = end;
  let i = 0;
  while (i < ranges.length && ranges[i + 1] < s) i += 2;
  let j = i;
  while (j < ranges.length && ranges[j] <= e) {
    s = Math.min(s, ranges[j]);
    e = Math.max(e, ranges[j + 1]);
    j += 2;
  }
  if (j === i && ranges.length >= 2 * MAX_DTLS_FRAGMENT_RANGES) return false;
  ranges.splice(i, j - i, s, e);
  return true;
}

/**
 * Rejoins the DTLS handshake messages of one direction (RFC 6347 §4.2.3): fragments in any order, overlapping,
 * across records and datagrams. Each message goes to the assembler once; retransmitted flights are dropped by
 * (message_seq, type). A message carried whole in one fragment is passed as a view, never copied.
 */
export class DtlsMessageReassembler {
  private readonly pending: PendingMessage[] = [];
  private readonly delivered = new Set<number>();
  /** Fragment bytes accepted so far (duplicates of delivered messages excluded). */
  private total = 0;
  private stopped = false;

  constructor(private readonly dir: Direction, private readonly asm: HandshakeAssembler, private readonly held: HeldBytes) {}

  /** Gives back what the half-received messages hold. */
  free(): void {
    for (const m of this.pending) this.held.give(m.buf.length);
    this.pending.length = 0;
  }

  /** A message is partly received. */
  get holdsPartial(): boolean {
    return this.pending.length > 0;
  }

  feed(f: DtlsFragment, recordVersion: number): void {
    if (this.stopped) return;
    const key = messageKey(f);
    if (this.delivered.has(key)) return;
    if (f.fragmentOffset + f.fragmentLength > f.length) {
      this.asm.anomaly('bad-handshake-length');
      return;
    }
    this.total += f.fragmentLength;
    if (f.length > MAX_HANDSHAKE_BYTES || this.total > MAX_HANDSHAKE_BYTES) return this.stop();
    if (f.fragmentOffset === 0 && f.fragmentLength === f.length) {
      this.dropPending(key);
      return this.deliver(key, f.msgType, f.body, recordVersion);
    }
    const msg = this.pendingFor(key, f);
    if (msg === null) return;
    const end = f.fragmentOffset + f.fragmentLength;
    if (!this.ensureCapacity(msg, end)) {
      this.asm.anomaly('memory-cap');
      this.free();
      this.stopped = true;
      return;
    }
    f.body.copy(msg.buf, f.fragmentOffset);
    if (!addRange(msg.ranges, f.fragmentOffset, end)) {
      this.asm.anomaly('bad-handshake-length');
      this.dropPending(key);
      return;
    }
    if (msg.ranges.length === 2 && msg.ranges[0] === 0 && msg.ranges[1] === msg.length) {
      this.dropPending(key);
      this.deliver(key, msg.msgType, msg.buf.subarray(0, msg.length), recordVersion);
    }
  }

  private stop(): void {
    this.asm.anomaly('handshake-too-large');
    this.stopped = true;
    this.free();
  }

  private deliver(key: number, msgType: number, body: Buffer, recordVersion: number): void {
    if (this.delivered.size >= MAX_DTLS_MESSAGES) return this.stop();
    this.delivered.add(key);
    this.asm.handshakeMessage(this.dir, msgType, body, recordVersion);
  }

  private pendingFor(key: number, f: DtlsFragment): PendingMessage | null {
    for (const m of this.pending) {
      if (m.key !== key) continue;
      if (m.length === f.length) return m;
      // RFC 6347 §4.2.3: every fragment repeats the message's full length; a change is damage.
      this.asm.anomaly('bad-handshake-length');
      return null;
    }
    if (this.pending.length >= MAX_DTLS_PENDING_MESSAGES) {
      this.stop();
      return null;
    }
    const m: PendingMessage = { key, msgType: f.msgType, length: f.length, buf: Buffer.alloc(0), ranges: [] };
    this.pending.push(m);
    return m;
  }

  /** Room up to `end` (fragments come in any order, so the buffer is zero-filled); false when the budget refuses it. */
  private ensureCapacity(m: PendingMessage, end: number): boolean {
    if (m.buf.length >= end) return true;
    const size = Math.min(m.length, Math.max(end, m.buf.length * 2, INITIAL_CAPACITY));
    if (!this.held.take(size - m.buf.length)) return false;
    const grown = Buffer.alloc(size);
    m.buf.copy(grown);
    m.buf = grown;
    return true;
  }

  private dropPending(key: number): void {
    for (let i = 0; i < this.pending.length; i++) {
      if (this.pending[i].key === key) {
        this.held.give(this.pending[i].buf.length);
        this.pending.splice(i, 1);
        return;
      }
    }
  }
}
