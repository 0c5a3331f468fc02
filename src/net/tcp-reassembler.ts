/**
 * One direction of a TCP connection → its ordered bytes. Sequence numbers compare modulo 2^32 (RFC 9293 §3.4);
 * in-order data passes straight through as a view; only out-of-order segments are copied and held, up to a cap.
 * Overlaps: the bytes seen first win, the rest count as retransmitted; where the first bytes are still held (out of
 * order), overlapping bytes that differ are counted as conflicts. Bytes already handed on are not kept (the hot
 * path copies nothing), so a retransmission of those is counted without being compared.
 */
import { DEFAULT_MAX_OUT_OF_ORDER_BYTES, DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS } from './consts';
import type { Direction, NetStats } from './types';

/** Where a reassembler sends its ordered output. */
export interface ReassemblySink {
  /** In-order bytes; `data` is a view valid only during the call. */
  streamData(dir: Direction, data: Buffer, tsSec: number, tsNsec: number, frame: number): void;
  /** `bytes` that will never arrive were skipped. */
  streamGap(dir: Direction, bytes: number): void;
  /** Checked after every call: once true the reassembler delivers nothing more. */
  readonly stopped: boolean;
}

export interface ReassemblyLimits {
  /** Out-of-order bytes held before the hole in front of them is skipped. */
  maxOutOfOrderBytes: number;
  maxOutOfOrderSegments: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: Readonly<ReassemblyLimits> = {
  maxOutOfOrderBytes: DEFAULT_MAX_OUT_OF_ORDER_BYTES,
  maxOutOfOrderSegments: DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
};

/** Out-of-order bytes held across all reassemblers sharing it. */
export interface BufferBudget {
  used: number;
  readonly limit: number;
}

export type ReassemblyCounters = Pick<NetStats, 'gaps' | 'gapBytes' | 'retransmittedBytes' | 'overlapConflicts' | 'synResyncs'>;

interface HeldSegment {
  readonly seq: number;
  readonly data: Buffer;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly frame: number;
}

/** Most streams never hold a segment: they share this empty list (never written to) instead of one each. */
const NO_SEGMENTS: HeldSegment[] = [];

/** Signed distance a → b modulo 2^32. */
function seqDiff(a: number, b: number): number {
  return (b - a) | 0;
}

export class TcpReassembler {
  private started = false;
  /** Sequence number the stream started at. */
  private firstSeq = 0;
  /** Sequence number of the next byte to deliver (unsigned 32-bit). */
  private nextSeq = 0;
  private finSeq = -1;
  /** Sorted by sequence, all after `nextSeq`, never overlapping each other (the shared empty list until needed). */
  private held: HeldSegment[] = NO_SEGMENTS;
  private heldBytes = 0;

  /** `limits` and `budget` are shared by all reassemblers of a flow table (kept by reference, not copied). */
  constructor(
    private readonly sink: ReassemblySink,
    private readonly dir: Direction,
    private readonly counters: ReassemblyCounters,
    private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY_LIMITS,
    private readonly budget: BufferBudget = { used: 0, limit: Infinity },
  ) {}

  get bufferedBytes(): number {
    return this.heldBytes;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Where the stream started (meaningful once started). */
  get startSeq(): number {
    return this.firstSeq;
  }

  /**
   * A SYN with sequence `seq`: the data starts one after it. A later SYN (or SYN-ACK) with another initial
   * sequence number before any byte of the direction arrived restarts it there: the peer chose again (a SYN-ACK
   * resent after a lost ACK, a middlebox answering first) and its data follows the last choice.
   */
  onSyn(seq: number): void {
    const start = (seq + 1) >>> 0;
    if (!this.started) return this.expect(start);
    if (start === this.firstSeq || this.nextSeq !== this.firstSeq || this.held.length > 0) return;
    this.firstSeq = this.nextSeq = start;
    this.counters.synResyncs++;
  }

  /** Starts the stream at `seq` unless it already started (the peer's SYN-ACK acknowledging it tells it). */
  expect(seq: number): void {
    if (this.started) return;
    this.started = true;
    this.firstSeq = this.nextSeq = seq >>> 0;
  }

  /** A FIN whose sequence number (after its payload) is `seq`. */
  onFin(seq: number): void {
    if (this.finSeq < 0) this.finSeq = seq >>> 0;
  }

  get finSeen(): boolean {
    return this.finSeq >= 0;
  }

  /**
   * A segment: captured payload `buf[off, off + len)`, announced length `wireLen` (larger when the snaplen cut it).
   * Returns false when holding it would pass the shared budget (the caller ends the flow).
   */
  onSegment(seq: number, buf: Buffer, off: number, len: number, wireLen: number, tsSec: number, tsNsec: number, frame: number): boolean {
    if (wireLen === 0) return true;
    // Mid-stream start: the first byte seen is where the stream begins.
    if (!this.started) this.expect(seq);
    // The common case: the next bytes, nothing held, nothing cut.
    if (seq === this.nextSeq && this.held.length === 0 && len === wireLen && !this.sink.stopped) {
      this.nextSeq = (seq + len) >>> 0;
      this.sink.streamData(this.dir, buf.subarray(off, off + len), tsSec, tsNsec, frame);
      return true;
    }
    for (;;) {
      if (this.sink.stopped) return true;
      const ahead = seqDiff(this.nextSeq, seq);
      if (ahead <= 0) {
        this.deliverInOrder(seq, buf, off, len, wireLen, tsSec, tsNsec, frame);
        return true;
      }
      if (len === 0) return true;
      if (this.heldBytes + len <= this.limits.maxOutOfOrderBytes && this.held.length < this.limits.maxOutOfOrderSegments) break;
      // Over the cap: the bytes missing in front of what is held will not come in time; skip them.
      if (this.held.length === 0) this.gap(ahead);
      else this.skipToHeld();
    }
    if (this.budget.used + len > this.budget.limit) return false;
    this.hold(seq, buf, off, len, tsSec, tsNsec, frame);
    return true;
  }

  /** End of the flow: skip every remaining hole, deliver what is held, and report bytes missing before the FIN. */
  flush(): void {
    while (this.held.length > 0 && !this.sink.stopped) this.skipToHeld();
    if (this.finSeq >= 0 && this.started && !this.sink.stopped) {
      const missing = seqDiff(this.nextSeq, this.finSeq);
      if (missing > 0) this.gap(missing);
    }
  }

  /** Frees what is held (the flow was released or ended). */
  clear(): void {
    this.budget.used -= this.heldBytes;
    this.held = NO_SEGMENTS;
    this.heldBytes = 0;
  }

  private deliverInOrder(seq: number, buf: Buffer, off: number, len: number, wireLen: number, tsSec: number, tsNsec: number, frame: number): void {
    let used = 0;
    for (;;) {
      if (this.sink.stopped) return;
      const skip = seqDiff(seq, this.nextSeq);
      if (skip >= wireLen) break;
      // Stop in front of held bytes: they were seen first.
      let stop = wireLen;
      if (this.held.length > 0) stop = Math.min(stop, seqDiff(seq, this.held[0].seq));
      const capturedEnd = Math.min(stop, len);
      if (skip < capturedEnd) {
        this.nextSeq = (this.nextSeq + capturedEnd - skip) >>> 0;
        used += capturedEnd - skip;
        this.sink.streamData(this.dir, buf.subarray(off + skip, off + capturedEnd), tsSec, tsNsec, frame);
        if (this.sink.stopped) return;
      }
      // Bytes the snaplen cut off are a hole in the stream.
      const cutFrom = Math.max(skip, len);
      if (stop > cutFrom) {
        used += stop - cutFrom;
        this.gap(stop - cutFrom);
      }
      // The rest overlaps bytes held since they came out of order: they win, but a difference is counted.
      if (stop < len && this.held.length > 0) {
        const first = this.held[0];
        const n = Math.min(first.data.length, len - stop);
        if (buf.compare(first.data, 0, n, off + stop, off + stop + n) !== 0) this.counters.overlapConflicts++;
      }
      this.drain();
      if (stop >= wireLen) break;
    }
    this.counters.retransmittedBytes += wireLen - used;
  }

  /** Delivers held segments that are now in order. */
  private drain(): void {
    while (this.held.length > 0 && !this.sink.stopped) {
      const first = this.held[0];
      const skip = seqDiff(first.seq, this.nextSeq);
      if (skip < 0) return;
      this.held.shift();
      this.heldBytes -= first.data.length;
      this.budget.used -= first.data.length;
      if (skip >= first.data.length) {
        this.counters.retransmittedBytes += first.data.length;
        continue;
      }
      this.nextSeq = (this.nextSeq + first.data.length - skip) >>> 0;
      this.sink.streamData(this.dir, skip === 0 ? first.data : first.data.subarray(skip), first.tsSec, first.tsNsec, first.frame);
    }
  }

  private skipToHeld(): void {
    const ahead = seqDiff(this.nextSeq, this.held[0].seq);
    if (ahead > 0) this.gap(ahead);
    this.drain();
  }

  private gap(bytes: number): void {
    this.nextSeq = (this.nextSeq + bytes) >>> 0;
    this.counters.gaps++;
    this.counters.gapBytes += bytes;
    this.sink.streamGap(this.dir, bytes);
  }

  /** `n` bytes at `buf[off]` arrive again for bytes held at `held.data[heldOff]`: retransmitted, and a conflict if they differ. */
  private countOverlap(held: HeldSegment, buf: Buffer, off: number, heldOff: number, n: number): void {
    this.counters.retransmittedBytes += n;
    if (buf.compare(held.data, heldOff, heldOff + n, off, off + n) !== 0) this.counters.overlapConflicts++;
  }

  /** Copies the parts of an out-of-order segment not already held into the sorted list. */
  private hold(seq: number, buf: Buffer, off: number, len: number, tsSec: number, tsNsec: number, frame: number): void {
    if (this.held === NO_SEGMENTS) this.held = [];
    const base = this.nextSeq;
    const start = seqDiff(base, seq);
    const end = start + len;
    let cur = start;
    let i = 0;
    while (cur < end) {
      const h = i < this.held.length ? this.held[i] : undefined;
      const hStart = h ? seqDiff(base, h.seq) : Infinity;
      const hEnd = h ? hStart + h.data.length : Infinity;
      if (hEnd <= cur) {
        i++;
        continue;
      }
      if (hStart > cur) {
        const pieceEnd = Math.min(end, hStart);
        const data = Buffer.from(buf.subarray(off + cur - start, off + pieceEnd - start));
        this.held.splice(i, 0, { seq: (base + cur) >>> 0, data, tsSec, tsNsec, frame });
        this.heldBytes += data.length;
        this.budget.used += data.length;
        cur = pieceEnd;
        i++;
        continue;
      }
      const coveredEnd = Math.min(end, hEnd);
      this.countOverlap(h as HeldSegment, buf, off + cur - start, cur - hStart, coveredEnd - cur);
      cur = coveredEnd;
      i++;
    }
  }
}
