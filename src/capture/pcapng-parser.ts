import { isDateSafe, type PacketSink } from './types';
import { FramedParser } from './framed-parser';
import { type PcapngInterface, readInterface, setPacketTime } from './pcapng-interface';
import {
  BLOCK_EPB, BLOCK_IDB, BLOCK_OPB, BLOCK_SHB, BLOCK_SPB, BYTE_ORDER_MAGIC, MAX_RECORD_BYTES,
  PCAPNG_BLOCK_HEADER_BYTES, PCAPNG_MAJOR_VERSION, PCAPNG_MIN_SHB_BYTES, SKIPPED_BLOCKS,
} from './consts';

/** Fixed part of an EPB or OPB before the packet data: type, length, interface, 64-bit time, caplen, origlen. */
const EPB_HEAD = 28;
/** Smallest EPB/OPB: fixed part plus trailing length. */
const EPB_MIN = 32;
/** SPB: type, length, origlen before the data. */
const SPB_HEAD = 12;
const SPB_MIN = 16;
const IDB_MIN = 20;
const PACKET_BLOCKS: ReadonlySet<number> = new Set([BLOCK_EPB, BLOCK_OPB, BLOCK_SPB]);

/**
 * pcapng reader (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): any number of sections, each
 * with its own byte order and interfaces; EPB, SPB and OPB carry packets; other blocks are skipped.
 */
export class PcapngParser extends FramedParser {
  private littleEndian = true;
  /** Interfaces of the current section, by id. */
  private interfaces: PcapngInterface[] = [];
  /** The current section has a major version we cannot read. */
  private skippingSection = false;

  constructor(sink: PacketSink) {
    super(sink, 'pcapng');
  }

  protected headerBytes(): number {
    return PCAPNG_BLOCK_HEADER_BYTES;
  }

  /** Block total length, switching byte order at an SHB; -1 (stopped) when it cannot frame a block. */
  protected recordSize(buf: Buffer, off: number, at: number): number {
    let le = this.littleEndian;
    if (buf.readUInt32LE(off) === BLOCK_SHB) {
      const bom = buf.readUInt32LE(off + 8);
      if (bom !== BYTE_ORDER_MAGIC && buf.readUInt32BE(off + 8) !== BYTE_ORDER_MAGIC) {
        return this.lostFraming(at, 'section header with no byte-order magic');
      }
      le = this.littleEndian = bom === BYTE_ORDER_MAGIC;
    }
    const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
    if (len < PCAPNG_BLOCK_HEADER_BYTES || len % 4 !== 0 || len > MAX_RECORD_BYTES) {
      return this.lostFraming(at, `block length ${len} (must be a multiple of 4 from 12 to ${MAX_RECORD_BYTES})`);
    }
    if (len < PCAPNG_MIN_SHB_BYTES && buf.readUInt32LE(off) === BLOCK_SHB) {
      return this.lostFraming(at, `section header block of ${len} bytes`);
    }
    if (this.oversized(len) && PACKET_BLOCKS.has(le ? buf.readUInt32LE(off) : buf.readUInt32BE(off))) {
      // Skipped unread, but still a frame: later frame numbers stay Wireshark's.
      this.packets++;
    }
    return len;
  }

  protected parseRecords(buf: Buffer, off: number, end: number, base: number): number {
    while (end - off >= PCAPNG_BLOCK_HEADER_BYTES) {
      const len = this.recordSize(buf, off, base + off);
      if (len < 0) return end;
      if (this.oversized(len)) {
        off += this.skipRecord(len, base + off, end - off);
        continue;
      }
      if (end - off < len) break;
      this.parseBlock(buf, off, len, base + off);
      off += len;
    }
    return off;
  }

  private parseBlock(buf: Buffer, off: number, len: number, at: number): void {
    const le = this.littleEndian;
    const type = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
    const trailer = le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
    if (trailer !== len) {
      this.noteAnomaly('bad-block', at, `block of ${len} bytes ends with length ${trailer}; skipped`);
      return;
    }
    if (this.skippingSection && type !== BLOCK_SHB) return;
    switch (type) {
      case BLOCK_EPB:
      case BLOCK_OPB:
        this.parseEnhancedPacket(buf, off, len, at, type === BLOCK_OPB);
        return;
      case BLOCK_SPB:
        this.parseSimplePacket(buf, off, len, at);
        return;
      case BLOCK_IDB:
        if (len < IDB_MIN) this.noteAnomaly('bad-record-length', at, `interface block of ${len} bytes; skipped`);
        else this.interfaces.push(readInterface(buf.subarray(off + 8, off + len - 4), le));
        return;
      case BLOCK_SHB:
        this.startSection(buf, off, at);
        return;
      default:
        if (!SKIPPED_BLOCKS.has(type)) {
          this.noteAnomaly('unknown-block', at, `skipped block type unknown-0x${type.toString(16).padStart(8, '0')}`);
        }
    }
  }

  /** A new section: new byte order (already set while framing), no interfaces yet; unknown major versions are skipped (section 4.1). */
  private startSection(buf: Buffer, off: number, at: number): void {
    this.interfaces = [];
    const major = this.littleEndian ? buf.readUInt16LE(off + 12) : buf.readUInt16BE(off + 12);
    this.skippingSection = major !== PCAPNG_MAJOR_VERSION;
    if (this.skippingSection) this.noteAnomaly('bad-block', at, `section of pcapng major version ${major}; skipped`);
  }

  /** EPB (type 6) and the obsolete OPB (type 2): same layout but OPB's interface id is 16 bits, then a drop count. */
  private parseEnhancedPacket(buf: Buffer, off: number, len: number, at: number, obsolete: boolean): void {
    const le = this.littleEndian;
    if (len < EPB_MIN) {
      this.noteAnomaly('bad-record-length', at, `packet block of ${len} bytes; skipped`);
      return;
    }
    const id = obsolete
      ? (le ? buf.readUInt16LE(off + 8) : buf.readUInt16BE(off + 8))
      : (le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8));
    const caplen = le ? buf.readUInt32LE(off + 20) : buf.readUInt32BE(off + 20);
    if (caplen > len - EPB_MIN) {
      this.noteAnomaly('bad-record-length', at, `packet claims ${caplen} bytes in a ${len}-byte block; skipped`);
      return;
    }
    const itf = this.interfaces[id];
    if (itf === undefined) {
      this.noteAnomaly('unknown-interface', at, `packet on interface ${id}, which no interface block declared; skipped`);
      return;
    }
    const pkt = this.packet;
    setPacketTime(
      pkt, itf,
      le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12),
      le ? buf.readUInt32LE(off + 16) : buf.readUInt32BE(off + 16),
    );
    if (!isDateSafe(pkt.tsSec)) {
      this.packets++;
      this.noteAnomaly('bad-timestamp', at, `packet time ${pkt.tsSec} s is past what a date can hold; packet skipped`);
      return;
    }
    this.deliver(itf, buf, off + EPB_HEAD, caplen, le ? buf.readUInt32LE(off + 24) : buf.readUInt32BE(off + 24));
  }

  /**
   * SPB (type 3): interface 0, no timestamp; captured length is min(origlen, IDB snaplen) bounded by the block
   * (section 4.4). It keeps the time of the packet before it so time never jumps back to 1970 downstream.
   */
  private parseSimplePacket(buf: Buffer, off: number, len: number, at: number): void {
    if (len < SPB_MIN) {
      this.noteAnomaly('bad-record-length', at, `simple packet block of ${len} bytes; skipped`);
      return;
    }
    const itf = this.interfaces[0];
    if (itf === undefined) {
      this.noteAnomaly('unknown-interface', at, 'simple packet block before any interface block; skipped');
      return;
    }
    const origLen = this.littleEndian ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
    let caplen = Math.min(origLen, len - SPB_MIN);
    if (itf.snaplen !== 0 && itf.snaplen < caplen) caplen = itf.snaplen;
    this.deliver(itf, buf, off + SPB_HEAD, caplen, origLen);
  }

  /** Hands on the packet whose captured bytes are `buf[off, off + len)`. */
  private deliver(itf: PcapngInterface, buf: Buffer, off: number, len: number, origLen: number): void {
    const pkt = this.packet;
    if (len < origLen) this.cutPackets++;
    pkt.frame = ++this.packets;
    pkt.linkType = itf.linkType;
    pkt.buf = buf;
    pkt.off = off;
    pkt.len = len;
    pkt.origLen = origLen;
    this.sink(pkt);
  }

  private lostFraming(at: number, message: string): number {
    this.noteAnomaly('bad-record-length', at, `${message}; rest of file skipped`);
    this.stopped = true;
    return -1;
  }
}
