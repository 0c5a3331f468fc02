import type { Direction } from '../net/types';
import { CONTENT_TYPE, MAX_RESYNCS, PREAMBLE_KEEP_BYTES, PREAMBLE_SCAN_BYTES, RESYNC_SCAN_BYTES } from './consts';
import type { TlsError } from './errors';
import type { HandshakeAssembler } from './handshake-assembler';
import type { Parsed } from './parsed';
import { findTlsStart } from './preamble';
import { isInsideOpenVpnControl } from './openvpn';
import { findRecordHeader, parseRecord, type TlsRecord } from './record';
import { HandshakeMessageReader } from './handshake-message-reader';
import { GrowingBuffer, type HeldBytes } from './held-bytes';
import { parseSslv2ClientHello, parseSslv2Record, parseSslv2ServerHello } from './sslv2';
import type { TlsAnomalyKind } from './types';

/**
 * - `preamble`: looking for where TLS starts; `records`: reading records; `resync`: after a gap or damage,
 *   looking for the next valid record header; `done`: encrypted from here on, or given up.
 */
type ReaderState = 'preamble' | 'records' | 'resync' | 'done';

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
  /** Nothing more will be read: no TLS start within PREAMBLE_SCAN_BYTES, or a cap stopped the direction. */
  gaveUp = false;
  /** Bytes of the stream already decided (searched, parsed or skipped). */
  private consumed = 0;
  /** Undecided bytes of the preamble/resync search (a few bytes: a candidate header cut by the segment end). */
  private tail: Buffer = EMPTY;
  private readonly preambleHead: GrowingBuffer;
  private resyncScanned = 0;
  private resyncs = 0;
  private nextIsSslv2 = false;
  private afterSslv2 = false;
  private recordVersion = 0;
  /** A copy of an incomplete record; its size is what is known to be needed so far. */
  private readonly pendingRecord: GrowingBuffer;
  private readonly messages: HandshakeMessageReader;

  constructor(private readonly dir: Direction, private readonly asm: HandshakeAssembler, held: HeldBytes) {
    this.messages = new HandshakeMessageReader(dir, asm, held);
    this.pendingRecord = new GrowingBuffer(held);
    this.preambleHead = new GrowingBuffer(held);
  }

  /** The plaintext seen before TLS started (at most PREAMBLE_KEEP_BYTES). */
  get preamble(): Buffer {
    return this.preambleHead.bytes;
  }

  /** An incomplete record or handshake message is held. */
  get holdsPartial(): boolean {
    return this.pendingRecord.active || this.messages.holdsPartial;
  }

  /** Gives back everything held (the connection is over). */
  free(): void {
    this.pendingRecord.free();
    this.messages.drop();
    this.preambleHead.free();
    this.tail = EMPTY;
    this.state = 'done';
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
      this.pendingRecord.free();
      this.messages.drop();
      this.enterResync();
    }
  }

  private giveUp(): void {
    this.gaveUp = true;
    this.state = 'done';
    this.tail = EMPTY;
  }

  /** False when MAX_RESYNCS is used up: the direction is then given up. */
  private enterResync(): boolean {
    this.tail = EMPTY;
    if (++this.resyncs > MAX_RESYNCS) {
      this.state = 'done';
      return false;
    }
    this.state = 'resync';
    this.resyncScanned = 0;
    return true;
  }

  /** Keeps the first PREAMBLE_KEEP_BYTES of plaintext; past the held-bytes budget the carrier goes unnamed. */
  private keepPreamble(bytes: Buffer): void {
    const head = this.preambleHead;
    if (bytes.length === 0 || (head.fill > 0 && head.full)) return;
    if (!head.active) head.start(PREAMBLE_KEEP_BYTES);
    head.append(bytes, 0);
  }

  /** Preamble or resync search over the kept tail plus `data`. */
  private search(data: Buffer): void {
    const work = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
    const base = this.consumed;
    const found = this.state === 'preamble' ? this.findStart(work, base) : findRecordHeader(work, this.recordVersion);
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

  /** The first TLS start in the preamble that is not the payload of an OpenVPN control packet met mid-connection. */
  private findStart(work: Buffer, base: number): ReturnType<typeof findTlsStart> {
    for (let from = 0; ;) {
      const found = findTlsStart(work, from, base === 0 && from === 0, PREAMBLE_SCAN_BYTES - base);
      if (!('at' in found) || found.at === 0 || !isInsideOpenVpnControl(work, found.at)) return found;
      from = found.at + 1;
    }
  }

  private parseOne(buf: Buffer, off: number): Parsed<TlsRecord> | Parsed<Buffer> {
    return this.nextIsSslv2 ? parseSslv2Record(buf, off) : parseRecord(buf, off);
  }

  private feedRecords(data: Buffer, start: number): void {
    let off = start;
    if (this.pendingRecord.active) {
      off = this.fillPendingRecord(data, off);
      if (this.pendingRecord.active || this.state !== 'records') return;
    }
    while (off < data.length && this.state === 'records') {
      const res = this.parseOne(data, off);
      if (res.ok) {
        this.consumed += res.next - off;
        off = res.next;
        this.onRecord(res.value);
      } else if ('need' in res) {
        const have = data.length - off;
        this.pendingRecord.start(have + Math.max(res.need, 0));
        if (this.pendingRecord.append(data, off) < 0) return this.outOfMemory();
        this.consumed += have;
        return;
      } else {
        return this.onBadRecord(res.error, data.subarray(off));
      }
    }
  }

  /** Copies bytes into the pending record; returns the offset after what was used. */
  private fillPendingRecord(data: Buffer, start: number): number {
    const pending = this.pendingRecord;
    let off = start;
    for (;;) {
      const next = pending.append(data, off);
      if (next < 0) {
        this.outOfMemory();
        return data.length;
      }
      this.consumed += next - off;
      off = next;
      if (!pending.full) return off;
      const res = this.parseOne(pending.bytes, 0);
      if (res.ok) {
        this.onRecord(res.value);
        pending.free();
        return off;
      }
      if ('need' in res) {
        pending.grow(pending.size + res.need);
        continue;
      }
      const rest = Buffer.concat([pending.bytes.subarray(1), data.subarray(off)]);
      pending.free();
      this.onBadRecord(res.error, rest);
      return data.length;
    }
  }

  /** The held-bytes budget refused this direction's partial record: it is given up, and counted. */
  private outOfMemory(): void {
    this.asm.anomaly('memory-cap');
    this.pendingRecord.free();
    this.messages.drop();
    this.giveUp();
  }

  private onBadRecord(error: TlsError, rest: Buffer): void {
    if (this.afterSslv2) {
      // The SSLv2 handshake went on in SSLv2 records (CLIENT-MASTER-KEY, then encrypted): nothing more to read.
      this.state = 'done';
      return;
    }
    this.asm.anomaly(recordAnomaly(error));
    this.messages.drop();
    if (!this.enterResync()) return;
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
        if (!this.messages.feed(rec.fragment, rec.version)) this.giveUp();
        return;
      case CONTENT_TYPE.CHANGE_CIPHER_SPEC:
        if (this.messages.drop()) this.asm.anomaly('bad-handshake-length');
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
}
