import type { CaptureAnomaly, CaptureAnomalyKind, CaptureFormat, CaptureSummary, Packet, PacketSink } from './types';
import { CARRY_BUFFER_BYTES, CARRY_BUFFER_KEEP_BYTES, MAX_ANOMALIES_KEPT, MAX_BUFFERED_RECORD_BYTES } from './consts';

const EMPTY = Buffer.alloc(0);

/**
 * Push parser for a stream of length-framed records. Complete records are parsed in place in each pushed chunk
 * (zero-copy); only a record that straddles two chunks is copied, into a carry buffer, once it is whole. A record
 * over MAX_BUFFERED_RECORD_BYTES is skipped as its bytes pass. Subclasses frame and parse records; this class owns
 * chunk boundaries, skipping, counters and anomalies.
 */
export abstract class FramedParser {
  /** Reused for every packet of the stream: valid only during the sink call. */
  protected readonly packet: Packet = { frame: 0, tsSec: 0, tsNsec: 0, linkType: 0, buf: EMPTY, off: 0, len: 0, origLen: 0 };
  protected packets = 0;
  protected cutPackets = 0;
  /** Set once framing is lost (a length that cannot be right): later bytes are counted, not parsed. */
  protected stopped = false;
  private bytes = 0;
  private truncated = false;
  private readonly anomalies: CaptureAnomaly[] = [];
  private readonly anomalyCounts: Partial<Record<CaptureAnomalyKind, number>> = {};
  private carry = EMPTY;
  private carryLen = 0;
  /** Stream offset of carry[0]. */
  private carryStart = 0;
  /** Bytes of an oversized record still to pass over. */
  private skipLeft = 0;

  constructor(
    protected readonly sink: PacketSink,
    private readonly format: CaptureFormat,
  ) {}

  /** Bytes needed before the next record's length is known. */
  protected abstract headerBytes(): number;

  /**
   * Total length of the record at `off` (its header is complete), or -1 when the length cannot be right:
   * the subclass has then counted the anomaly and set `stopped`.
   */
  protected abstract recordSize(buf: Buffer, off: number, at: number): number;

  /**
   * Parses every complete record in buf[off, end) and returns where the first incomplete one starts
   * (`end` after a stop). `base` is the stream offset of buf[0].
   */
  protected abstract parseRecords(buf: Buffer, off: number, end: number, base: number): number;

  /** Feeds the next chunk of the (decompressed) stream. */
  push(chunk: Buffer): void {
    const base = this.bytes;
    this.bytes += chunk.length;
    if (this.stopped || chunk.length === 0) return;
    let off = 0;
    if (this.skipLeft > 0) {
      off = Math.min(this.skipLeft, chunk.length);
      this.skipLeft -= off;
      if (off === chunk.length) return;
    }
    if (this.carryLen > 0) {
      off = this.completeCarry(chunk);
      if (off < 0) return;
    }
    const next = this.parseRecords(chunk, off, chunk.length, base);
    if (!this.stopped && this.skipLeft === 0 && next < chunk.length) this.startCarry(chunk, next, base + next);
  }

  /** Ends the stream: a record left incomplete marks the capture truncated. */
  end(): void {
    if (this.skipLeft > 0) {
      this.truncated = true;
      this.noteAnomaly('truncated-file', this.bytes, `capture ends inside a skipped record (${this.skipLeft} bytes short)`);
      return;
    }
    if (this.stopped || this.carryLen === 0) return;
    const header = this.headerBytes();
    const where = this.carryLen < header
      ? `inside a record header (${this.carryLen} of ${header} bytes)`
      : `inside a record (${this.carryLen} of ${this.recordSize(this.carry, 0, this.carryStart)} bytes)`;
    this.truncated = true;
    this.noteAnomaly('truncated-file', this.carryStart, `capture ends ${where}`);
    this.carryLen = 0;
    this.carry = EMPTY;
  }

  /** What was read so far (call after `end()` for the final one). */
  summary(): CaptureSummary {
    return {
      format: this.format,
      compressed: false,
      packets: this.packets,
      bytes: this.bytes,
      truncated: this.truncated,
      anomalies: this.anomalies.slice(),
      anomalyCounts: { ...this.anomalyCounts },
      cutPackets: this.cutPackets,
    };
  }

  /** True when a record of `size` bytes is too big to buffer (then skip it with `skipRecord`). */
  protected oversized(size: number): boolean {
    return size > MAX_BUFFERED_RECORD_BYTES;
  }

  /**
   * Starts passing over the oversized record of `size` bytes at stream offset `at`, `have` of whose bytes are at
   * hand; returns how many of those it used (the parser resumes after them; the rest go by in later chunks).
   */
  protected skipRecord(size: number, at: number, have: number): number {
    this.noteAnomaly('oversized-record', at, `record of ${size} bytes skipped (larger than ${MAX_BUFFERED_RECORD_BYTES}: no packet certhound reads is that big)`);
    const now = Math.min(size, have);
    this.skipLeft = size - now;
    return now;
  }

  protected noteAnomaly(kind: CaptureAnomalyKind, offset: number, message: string): void {
    this.anomalyCounts[kind] = (this.anomalyCounts[kind] ?? 0) + 1;
    if (this.anomalies.length < MAX_ANOMALIES_KEPT) this.anomalies.push({ kind, offset, message });
  }

  /** Fills the carry from `chunk` until it holds one whole record, parses it, and returns the chunk offset after it (-1: chunk used up or stopped). */
  private completeCarry(chunk: Buffer): number {
    let off = 0;
    let need = this.headerBytes();
    let sized = false;
    for (;;) {
      if (this.carryLen >= need) {
        if (!sized) {
          need = this.recordSize(this.carry, 0, this.carryStart);
          if (need < 0) return -1;
          if (this.oversized(need)) {
            this.skipRecord(need, this.carryStart, this.carryLen);
            this.carryLen = 0;
            const pass = Math.min(this.skipLeft, chunk.length - off);
            this.skipLeft -= pass;
            return this.skipLeft > 0 ? -1 : off + pass;
          }
          sized = true;
          continue;
        }
        this.parseRecords(this.carry, 0, need, this.carryStart);
        this.carryLen = 0;
        if (this.carry.length > CARRY_BUFFER_KEEP_BYTES) this.carry = EMPTY;
        return this.stopped ? -1 : off;
      }
      const take = Math.min(need - this.carryLen, chunk.length - off);
      this.reserve(this.carryLen + take, need);
      chunk.copy(this.carry, this.carryLen, off, off + take);
      this.carryLen += take;
      off += take;
      if (this.carryLen < need) return -1;
    }
  }

  private startCarry(chunk: Buffer, from: number, at: number): void {
    const len = chunk.length - from;
    this.reserve(len, len);
    chunk.copy(this.carry, 0, from);
    this.carryLen = len;
    this.carryStart = at;
  }

  /** Grows the carry geometrically towards `limit`, so a record the file cuts short never costs its declared size. */
  private reserve(size: number, limit: number): void {
    if (this.carry.length >= size) return;
    const grown = Math.min(Math.max(size, this.carry.length * 2, CARRY_BUFFER_BYTES), Math.max(limit, size));
    const next = Buffer.allocUnsafe(grown);
    this.carry.copy(next, 0, 0, this.carryLen);
    this.carry = next;
  }
}
