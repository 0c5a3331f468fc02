import type { Direction } from '../net/types';
import {
  CONTENT_TYPE, MAX_HANDSHAKE_BYTES, MAX_RECORD_LENGTH, PREAMBLE_KEEP_BYTES, PREAMBLE_SCAN_BYTES, RESYNC_SCAN_BYTES,
} from './consts';
import type { TlsError } from './errors';
import type { HandshakeAssembler } from './handshake-assembler';
import type { Parsed } from './parsed';
import { findTlsStart } from './preamble';
import { RECORD_HEADER_LENGTH, isRecordVersion, parseRecord, type TlsRecord } from './record';
import { parseSslv2ClientHello, parseSslv2Record, parseSslv2ServerHello } from './sslv2';
import type { TlsAnomalyKind } from './types';

/**
 * - `preamble`: looking for where TLS starts; `records`: reading records; `resync`: after a gap or damage,
 *   looking for the next valid record header; `done`: encrypted from here on, or given up.
 */
type ReaderState = 'preamble' | 'records' | 'resync' | 'done';

const HANDSHAKE_HEADER_LENGTH = 4;
const EMPTY = Buffer.alloc(0);

function recordAnomaly(error: TlsError): TlsAnomalyKind {
  return error === 'record-overflow' ? 'bad-record-length' : 'bad-record-header';
}

/**
 * One direction of a TLS connection over a byte stream: preamble search, record buffering, handshake-message
 * reassembly, feeding the connection's assembler. Keeps only the bytes of an incomplete record or handshake
 * message (and a bounded preamble head for naming the carrier); complete records are read in place.
 */
export class DirectionReader {
  state: ReaderState = 'preamble';
  /** No TLS start within PREAMBLE_SCAN_BYTES. */
  gaveUp = false;
  /** Bytes of the stream already decided (searched, parsed or skipped). */
  private consumed = 0;
  /** Undecided bytes of the preamble/resync search (a few bytes: a candidate header cut by the segment end). */
  private tail: Buffer = EMPTY;
  private preambleHead: Buffer = EMPTY;
  private resyncScanned = 0;
  private nextIsSslv2 = false;
  private afterSslv2 = false;
  private recordVersion = 0;
  /** A copy of an incomplete record; its length is what is known to be needed so far. */
  private pendingRecord: Buffer | null = null;
  private pendingRecordFill = 0;
  /** A copy of an incomplete handshake message (header first, then sized to the whole message). */
  private pendingMessage: Buffer | null = null;
  private pendingMessageFill = 0;
  private handshakeBytes = 0;

  constructor(private readonly dir: Direction, private readonly asm: HandshakeAssembler) {}

  /** The plaintext seen before TLS started (at most PREAMBLE_KEEP_BYTES). */
  get preamble(): Buffer {
    return this.preambleHead;
  }

  /** An incomplete record or handshake message is held. */
  get holdsPartial(): boolean {
    return this.pendingRecord !== null || this.pendingMessage !== null;
  }

  feed(data: Buffer): void {
    if (this.state === 'done' || data.length === 0) return;
    if (this.state === 'records') this.feedRecords(data, 0);
    else this.search(data);
  }

  /** `bytes` of this direction were lost. */
  gap(bytes: number): void {
    if (this.state === 'done') return;
    this.tail = EMPTY;
    if (this.state === 'preamble') {
      this.consumed += bytes;
      if (this.consumed >= PREAMBLE_SCAN_BYTES) this.giveUp();
      return;
    }
    if (this.state === 'records') {
      this.asm.anomaly('stream-gap');
      this.pendingRecord = null;
      this.pendingMessage = null;
      this.enterResync();
    }
  }

  private giveUp(): void {
    this.gaveUp = true;
    this.state = 'done';
    this.tail = EMPTY;
  }

  private enterResync(): void {
    this.state = 'resync';
    this.resyncScanned = 0;
    this.tail = EMPTY;
  }

  private keepPreamble(bytes: Buffer): void {
    const room = PREAMBLE_KEEP_BYTES - this.preambleHead.length;
    if (room <= 0 || bytes.length === 0) return;
    this.preambleHead = Buffer.concat([this.preambleHead, bytes.subarray(0, room)]);
  }

  /** Preamble or resync search over the kept tail plus `data`. */
  private search(data: Buffer): void {
    const work = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
    const base = this.consumed;
    const found = this.state === 'preamble'
      ? findTlsStart(work, 0, base === 0)
      : findRecordHeader(work, this.recordVersion);
    const decided = 'at' in found ? found.at : found.keepFrom;
    this.consumed = base + decided;
    if (this.state === 'preamble') this.keepPreamble(work.subarray(0, decided));
    else this.resyncScanned += decided;
    if ('at' in found) {
      this.tail = EMPTY;
      if ('kind' in found) this.nextIsSslv2 = found.kind === 'sslv2-client-hello' || found.kind === 'sslv2-server-hello';
      this.state = 'records';
      this.feedRecords(work, found.at);
      return;
    }
    const cap = this.state === 'preamble' ? PREAMBLE_SCAN_BYTES : RESYNC_SCAN_BYTES;
    if ((this.state === 'preamble' ? this.consumed : this.resyncScanned) >= cap) {
      this.giveUp();
      return;
    }
    this.tail = Buffer.from(work.subarray(decided));
  }

  private parseOne(buf: Buffer, off: number): Parsed<TlsRecord> | Parsed<Buffer> {
    return this.nextIsSslv2 ? parseSslv2Record(buf, off) : parseRecord(buf, off);
  }

  private feedRecords(data: Buffer, start: number): void {
    let off = start;
    if (this.pendingRecord) {
      off = this.fillPendingRecord(data, off);
      if (this.pendingRecord || this.state !== 'records') return;
    }
    while (off < data.length && this.state === 'records') {
      const res = this.parseOne(data, off);
      if (res.ok) {
        this.consumed += res.next - off;
        off = res.next;
        this.onRecord(res.value);
      } else if ('need' in res) {
        const have = data.length - off;
        this.pendingRecord = Buffer.allocUnsafe(have + Math.max(res.need, 0));
        data.copy(this.pendingRecord, 0, off);
        this.pendingRecordFill = have;
        this.consumed += have;
        return;
      } else {
        return this.onBadRecord(res.error, data.subarray(off));
      }
    }
  }

  /** Copies bytes into the pending record; returns the offset after what was used. */
  private fillPendingRecord(data: Buffer, start: number): number {
    let off = start;
    for (;;) {
      const pending = this.pendingRecord as Buffer;
      const n = Math.min(pending.length - this.pendingRecordFill, data.length - off);
      data.copy(pending, this.pendingRecordFill, off, off + n);
      this.pendingRecordFill += n;
      off += n;
      this.consumed += n;
      if (this.pendingRecordFill < pending.length) return off;
      const res = this.parseOne(pending, 0);
      if (res.ok) {
        this.pendingRecord = null;
        this.onRecord(res.value);
        return off;
      }
      if ('need' in res) {
        const grown = Buffer.allocUnsafe(pending.length + res.need);
        pending.copy(grown);
        this.pendingRecord = grown;
        continue;
      }
      this.pendingRecord = null;
      this.onBadRecord(res.error, Buffer.concat([pending.subarray(1), data.subarray(off)]));
      return data.length;
    }
  }

  private onBadRecord(error: TlsError, rest: Buffer): void {
    if (this.afterSslv2) {
      // The SSLv2 handshake went on in SSLv2 records (CLIENT-MASTER-KEY, then encrypted): nothing more to read.
      this.state = 'done';
      return;
    }
    this.asm.anomaly(recordAnomaly(error));
    this.pendingMessage = null;
    this.enterResync();
    this.consumed += 1;
    this.search(rest.subarray(1));
  }

  private onRecord(record: TlsRecord | Buffer): void {
    if (this.nextIsSslv2) {
      this.nextIsSslv2 = false;
      this.onSslv2Message(record as Buffer);
      return;
    }
    const rec = record as TlsRecord;
    this.afterSslv2 = false;
    this.recordVersion = rec.version;
    switch (rec.contentType) {
      case CONTENT_TYPE.HANDSHAKE:
        this.onHandshakeFragment(rec.fragment);
        return;
      case CONTENT_TYPE.CHANGE_CIPHER_SPEC:
        if (this.pendingMessage) this.asm.anomaly('bad-handshake-length');
        this.pendingMessage = null;
        this.asm.changeCipherSpec(this.dir);
        if (!this.asm.parsesPastChangeCipherSpec) this.state = 'done';
        return;
      case CONTENT_TYPE.ALERT:
        // RFC 5246 §7.2: level 2 is fatal; description 0 is close_notify. Warnings (e.g. SSL 3.0 no_certificate) go on.
        if (rec.fragment.length < 2 || rec.fragment[0] === 2 || rec.fragment[1] === 0) {
          this.asm.alert();
          this.state = 'done';
        }
        return;
      case CONTENT_TYPE.APPLICATION_DATA:
        if (!this.asm.parsesPastChangeCipherSpec) this.state = 'done';
        return;
      default:
        return;
    }
  }

  private onSslv2Message(msg: Buffer): void {
    if (msg[0] === 1) {
      const hello = parseSslv2ClientHello(msg);
      if (hello.ok) this.asm.sslv2ClientHello(this.dir, hello.value);
      else this.asm.anomaly('malformed-client-hello');
      this.afterSslv2 = true;
      return;
    }
    const server = parseSslv2ServerHello(msg);
    if (server.ok) this.asm.sslv2ServerHello(this.dir, server.value.hello, server.value.certificate);
    else this.asm.anomaly('malformed-server-hello');
    this.state = 'done';
  }

  private onHandshakeFragment(fragment: Buffer): void {
    this.handshakeBytes += fragment.length;
    if (this.handshakeBytes > MAX_HANDSHAKE_BYTES) return this.tooLarge();
    let off = 0;
    if (this.pendingMessage) {
      off = this.fillPendingMessage(fragment);
      if (this.pendingMessage) return;
    }
    while (off < fragment.length && this.state === 'records') {
      const have = fragment.length - off;
      if (have < HANDSHAKE_HEADER_LENGTH) {
        this.startPendingMessage(fragment.subarray(off), HANDSHAKE_HEADER_LENGTH);
        return;
      }
      const length = fragment.readUIntBE(off + 1, 3);
      const end = off + HANDSHAKE_HEADER_LENGTH + length;
      if (end > fragment.length) {
        if (length > MAX_HANDSHAKE_BYTES) return this.tooLarge();
        this.startPendingMessage(fragment.subarray(off), HANDSHAKE_HEADER_LENGTH + length);
        return;
      }
      this.asm.handshakeMessage(this.dir, fragment[off], fragment.subarray(off + HANDSHAKE_HEADER_LENGTH, end),
        this.recordVersion);
      off = end;
    }
  }

  private tooLarge(): void {
    this.asm.anomaly('handshake-too-large');
    this.pendingMessage = null;
    this.state = 'done';
  }

  private startPendingMessage(part: Buffer, size: number): void {
    this.pendingMessage = Buffer.allocUnsafe(size);
    part.copy(this.pendingMessage);
    this.pendingMessageFill = part.length;
  }

  /** Copies fragment bytes into the pending message; dispatches it when whole. Returns the offset after them. */
  private fillPendingMessage(fragment: Buffer): number {
    let off = 0;
    for (;;) {
      const pending = this.pendingMessage as Buffer;
      const n = Math.min(pending.length - this.pendingMessageFill, fragment.length - off);
      fragment.copy(pending, this.pendingMessageFill, off, off + n);
      this.pendingMessageFill += n;
      off += n;
      if (this.pendingMessageFill < pending.length) return off;
      const length = pending.readUIntBE(1, 3);
      if (pending.length === HANDSHAKE_HEADER_LENGTH && length > 0) {
        if (length > MAX_HANDSHAKE_BYTES) {
          this.tooLarge();
          return fragment.length;
        }
        const grown = Buffer.allocUnsafe(HANDSHAKE_HEADER_LENGTH + length);
        pending.copy(grown);
        this.pendingMessage = grown;
        continue;
      }
      this.pendingMessage = null;
      this.asm.handshakeMessage(this.dir, pending[0], pending.subarray(HANDSHAKE_HEADER_LENGTH), this.recordVersion);
      return off;
    }
  }
}

/** Looks for a plausible record header after a gap: known type, the direction's record version, sane length. */
function findRecordHeader(buf: Buffer, version: number): { at: number } | { keepFrom: number } {
  for (let p = 0; p < buf.length; p++) {
    const type = buf[p];
    if (type < CONTENT_TYPE.CHANGE_CIPHER_SPEC || type > CONTENT_TYPE.HANDSHAKE) continue;
    if (buf.length - p < RECORD_HEADER_LENGTH + 1) return { keepFrom: p };
    const v = buf.readUInt16BE(p + 1);
    if (version !== 0 ? v !== version : !isRecordVersion(v)) continue;
    const length = buf.readUInt16BE(p + 3);
    if (length === 0 || length > MAX_RECORD_LENGTH) continue;
    const first = buf[p + 5];
    if (type === CONTENT_TYPE.CHANGE_CIPHER_SPEC && (length !== 1 || first !== 1)) continue;
    if (type === CONTENT_TYPE.ALERT && (length !== 2 || (first !== 1 && first !== 2))) continue;
    if (type === CONTENT_TYPE.HANDSHAKE && (first === 0 || first > 24)) continue;
    return { at: p };
  }
  return { keepFrom: buf.length };
}
