/** Writes classic pcap and pcapng files from frames made in a test (the fixtures' only source besides the corpus). */

export interface TestFrame {
  /** Seconds since the epoch (fractional allowed). */
  time: number;
  data: Buffer;
  /** Length on the wire; defaults to data.length (set it larger to model a snaplen cut). */
  origLen?: number;
  /** pcapng only: interface index (default 0). */
  iface?: number;
}

export interface PcapOptions {
  linkType?: number;
  nanosecond?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
}

export const LINKTYPE = {
  NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276,
} as const;

function splitTime(time: number, nanosecond: boolean): [number, number] {
  const sec = Math.floor(time);
  const frac = Math.round((time - sec) * (nanosecond ? 1e9 : 1e6));
  return [sec, frac];
}

/** A classic libpcap file (https://www.tcpdump.org/manpages/pcap-savefile.5.html). */
export function writePcap(frames: TestFrame[], opts: PcapOptions = {}): Buffer {
  const be = opts.bigEndian ?? false;
  const ns = opts.nanosecond ?? false;
  const head = Buffer.alloc(24);
  const u32 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  const u16 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
  u32(head, ns ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(head, 2, 4);
  u16(head, 4, 6);
  u32(head, opts.snaplen ?? 262144, 16);
  u32(head, opts.linkType ?? LINKTYPE.ETHERNET, 20);
  const parts: Buffer[] = [head];
  for (const f of frames) {
    const rec = Buffer.alloc(16);
    const [sec, frac] = splitTime(f.time, ns);
    u32(rec, sec, 0);
    u32(rec, frac, 4);
    u32(rec, f.data.length, 8);
    u32(rec, f.origLen ?? f.data.length, 12);
    parts.push(rec, f.data);
  }
  return Buffer.concat(parts);
}

export interface PcapngInterface {
  linkType: number;
  /** if_tsresol option byte (default 6 = µs); 9 = ns; 0x80|n = 2^-n. */
  tsresol?: number;
  snaplen?: number;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function block(type: number, body: Buffer, be: boolean): Buffer {
  const total = 12 + pad4(body.length);
  const b = Buffer.alloc(total);
  const u32 = (v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  u32(type, 0);
  u32(total, 4);
  body.copy(b, 8);
  u32(total, total - 4);
  return b;
}

/** One pcapng section: an SHB, an IDB per interface, then an EPB per frame (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html). */
export function writePcapngSection(
  interfaces: PcapngInterface[],
  frames: TestFrame[],
  opts: { bigEndian?: boolean; extraBlocks?: Buffer[] } = {},
): Buffer {
  const be = opts.bigEndian ?? false;
  const w32 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  const w16 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
  const shbBody = Buffer.alloc(16);
  w32(shbBody, 0x1a2b3c4d, 0);
  w16(shbBody, 1, 4);
  w16(shbBody, 0, 6);
  shbBody.fill(0xff, 8, 16); // section length unknown
  const blocks: Buffer[] = [block(0x0a0d0d0a, shbBody, be)];
  for (const itf of interfaces) {
    const opt = itf.tsresol === undefined ? Buffer.alloc(0) : Buffer.alloc(12);
    if (itf.tsresol !== undefined) {
      w16(opt, 9, 0); // if_tsresol
      w16(opt, 1, 2);
      opt[4] = itf.tsresol;
      // opt_endofopt at 8..11 stays zero
    }
    const body = Buffer.alloc(8 + opt.length);
    w16(body, itf.linkType, 0);
    w32(body, itf.snaplen ?? 0, 4);
    opt.copy(body, 8);
    blocks.push(block(0x00000001, body, be));
  }
  blocks.push(...(opts.extraBlocks ?? []));
  for (const f of frames) {
    const itf = interfaces[f.iface ?? 0];
    const res = itf.tsresol ?? 6;
    const units = res & 0x80 ? 2 ** (res & 0x7f) : 10 ** res;
    const ticks = BigInt(Math.floor(f.time)) * BigInt(units) + BigInt(Math.round((f.time % 1) * units));
    const body = Buffer.alloc(20 + pad4(f.data.length));
    w32(body, f.iface ?? 0, 0);
    w32(body, Number(ticks >> 32n), 4);
    w32(body, Number(ticks & 0xffffffffn), 8);
    w32(body, f.data.length, 12);
    w32(body, f.origLen ?? f.data.length, 16);
    f.data.copy(body, 20);
    blocks.push(block(0x00000006, body, be));
  }
  return Buffer.concat(blocks);
}
