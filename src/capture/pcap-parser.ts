import type { PacketSink } from './types';
import { FramedParser } from './framed-parser';
import { isPcapMagic } from './sniff';
import {
  MAX_RECORD_BYTES, MIN_CAPLEN_LIMIT, PCAP_GLOBAL_HEADER_BYTES, PCAP_KUZNETZOV_RECORD_HEADER_BYTES,
  PCAP_MAGIC_KUZNETZOV, PCAP_MAGIC_NS, PCAP_RECORD_HEADER_BYTES,
} from './consts';

/**
 * Classic libpcap reader (https://www.tcpdump.org/manpages/pcap-savefile.5.html): both byte orders, µs and ns
 * magics, and Kuznetzov's extended records. Feed it bytes with `push`, then call `end`.
 */
export class PcapParser extends FramedParser {
  private headerSeen = false;
  private littleEndian = true;
  /** 1e6 for µs files, 1e9 for ns files. */
  private fracPerSec = 1e6;
  private nsPerFrac = 1000;
  private recordHeaderBytes = PCAP_RECORD_HEADER_BYTES;
  private caplenLimit = MIN_CAPLEN_LIMIT;
  private linkType = 0;

  constructor(sink: PacketSink) {
    super(sink, 'pcap');
  }

  protected headerBytes(): number {
    return this.headerSeen ? this.recordHeaderBytes : PCAP_GLOBAL_HEADER_BYTES;
  }

  protected recordSize(buf: Buffer, off: number, at: number): number {
    if (!this.headerSeen) return PCAP_GLOBAL_HEADER_BYTES;
    const caplen = this.littleEndian ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
    if (caplen > this.caplenLimit) return this.badCaplen(caplen, at);
    if (this.oversized(caplen)) this.packets++;
    return this.recordHeaderBytes + caplen;
  }

  protected parseRecords(buf: Buffer, off: number, end: number, base: number): number {
    if (!this.headerSeen) {
      if (end - off < PCAP_GLOBAL_HEADER_BYTES) return off;
      if (!this.readGlobalHeader(buf, off, base + off)) return end;
      off += PCAP_GLOBAL_HEADER_BYTES;
    }
    const le = this.littleEndian;
    const head = this.recordHeaderBytes;
    const limit = this.caplenLimit;
    const fracPerSec = this.fracPerSec;
    const nsPerFrac = this.nsPerFrac;
    const pkt = this.packet;
    const sink = this.sink;
    while (end - off >= head) {
      const caplen = le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
      if (caplen > limit) {
        this.badCaplen(caplen, base + off);
        return end;
      }
      if (this.oversized(caplen)) {
        // Skipped unread, but still a frame: later frame numbers stay Wireshark's.
        this.packets++;
        off += this.skipRecord(head + caplen, base + off, end - off);
        continue;
      }
      const next = off + head + caplen;
      if (next > end) break;
      let sec = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
      let frac = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
      if (frac >= fracPerSec) {
        // Some writers overflow the fraction; carry it into the seconds so nsec stays below 1e9.
        sec += Math.floor(frac / fracPerSec);
        frac %= fracPerSec;
      }
      const origLen = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
      if (caplen < origLen) this.cutPackets++;
      pkt.frame = ++this.packets;
      pkt.tsSec = sec;
      pkt.tsNsec = frac * nsPerFrac;
      pkt.linkType = this.linkType;
      pkt.buf = buf;
      pkt.off = off + head;
      pkt.len = caplen;
      pkt.origLen = origLen;
      sink(pkt);
      off = next;
    }
    return off;
  }

  /** Reads the 24-byte file header; false (and stopped) when the magic is none of ours. */
  private readGlobalHeader(buf: Buffer, off: number, at: number): boolean {
    const asLe = buf.readUInt32LE(off);
    const asBe = buf.readUInt32BE(off);
    const magic = isPcapMagic(asLe) ? asLe : asBe;
    if (!isPcapMagic(magic)) {
      this.noteAnomaly('bad-block', at, 'not a pcap file header');
      this.stopped = true;
      return false;
    }
    this.littleEndian = magic === asLe;
    if (magic === PCAP_MAGIC_NS) {
      this.fracPerSec = 1e9;
      this.nsPerFrac = 1;
    }
    if (magic === PCAP_MAGIC_KUZNETZOV) this.recordHeaderBytes = PCAP_KUZNETZOV_RECORD_HEADER_BYTES;
    const snaplen = this.littleEndian ? buf.readUInt32LE(off + 16) : buf.readUInt32BE(off + 16);
    const linkField = this.littleEndian ? buf.readUInt32LE(off + 20) : buf.readUInt32BE(off + 20);
    // The upper 16 bits hold FCS length and flags (draft-ietf-opsawg-pcap section 4); the link type is the low 16.
    this.linkType = linkField & 0xffff;
    this.caplenLimit = Math.min(MAX_RECORD_BYTES, Math.max(snaplen, MIN_CAPLEN_LIMIT));
    this.headerSeen = true;
    return true;
  }

  private badCaplen(caplen: number, at: number): number {
    this.noteAnomaly('bad-record-length', at, `record claims ${caplen} captured bytes (limit ${this.caplenLimit}); rest of file skipped`);
    this.stopped = true;
    return -1;
  }
}
