/**
 * pcapng blocks built one by one with exact tick counts, for what writePcapngSection does not make: SPB, OPB,
 * unknown blocks, if_tsoffset, sections of either byte order
 * (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html). Also the packet shape tests compare.
 */
import { type Packet, packetBytes } from '../../src/capture/types';

function pad4(n: number): number {
  return (n + 3) & ~3;
}

class Writer {
  constructor(private readonly be: boolean) {}
  u16(v: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.be) b.writeUInt16BE(v);
    else b.writeUInt16LE(v);
    return b;
  }
  u32(v: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.be) b.writeUInt32BE(v >>> 0);
    else b.writeUInt32LE(v >>> 0);
    return b;
  }
  i64(v: bigint): Buffer {
    const b = Buffer.alloc(8);
    if (this.be) b.writeBigInt64BE(v);
    else b.writeBigInt64LE(v);
    return b;
  }
  padded(data: Buffer): Buffer {
    return Buffer.concat([data, Buffer.alloc(pad4(data.length) - data.length)]);
  }
}

/** Any block: type, total length, body padded to 4, total length again. `trailer` overrides the last field. */
export function pcapngBlock(type: number, body: Buffer, be = false, trailer?: number): Buffer {
  const w = new Writer(be);
  const padded = w.padded(body);
  const total = 12 + padded.length;
  return Buffer.concat([w.u32(type), w.u32(total), padded, w.u32(trailer ?? total)]);
}

export function shb(be = false): Buffer {
  const w = new Writer(be);
  return pcapngBlock(0x0a0d0d0a, Buffer.concat([w.u32(0x1a2b3c4d), w.u16(1), w.u16(0), Buffer.alloc(8, 0xff)]), be);
}

export interface IdbOptions {
  snaplen?: number;
  /** if_tsresol byte (absent: default 10^-6). */
  tsresol?: number;
  /** if_tsoffset seconds. */
  tsoffset?: bigint;
}

export function idb(linkType: number, opts: IdbOptions = {}, be = false): Buffer {
  const w = new Writer(be);
  const options: Buffer[] = [];
  if (opts.tsresol !== undefined) options.push(w.u16(9), w.u16(1), w.padded(Buffer.from([opts.tsresol])));
  if (opts.tsoffset !== undefined) options.push(w.u16(14), w.u16(8), w.i64(opts.tsoffset));
  if (options.length > 0) options.push(w.u16(0), w.u16(0));
  return pcapngBlock(1, Buffer.concat([w.u16(linkType), w.u16(0), w.u32(opts.snaplen ?? 0), ...options]), be);
}

/** Enhanced Packet Block with a raw 64-bit tick count. */
export function epb(iface: number, ticks: bigint, data: Buffer, be = false, origLen = data.length): Buffer {
  const w = new Writer(be);
  const body = Buffer.concat([
    w.u32(iface), w.u32(Number(ticks >> 32n)), w.u32(Number(ticks & 0xffffffffn)),
    w.u32(data.length), w.u32(origLen), w.padded(data),
  ]);
  return pcapngBlock(6, body, be);
}

/** Obsolete Packet Block (type 2): 16-bit interface id and drop count, otherwise like an EPB. */
export function opb(iface: number, ticks: bigint, data: Buffer, be = false, origLen = data.length): Buffer {
  const w = new Writer(be);
  const body = Buffer.concat([
    w.u16(iface), w.u16(0), w.u32(Number(ticks >> 32n)), w.u32(Number(ticks & 0xffffffffn)),
    w.u32(data.length), w.u32(origLen), w.padded(data),
  ]);
  return pcapngBlock(2, body, be);
}

/** Simple Packet Block (type 3): original length then the data (the reader derives the captured length). */
export function spb(data: Buffer, origLen = data.length, be = false): Buffer {
  const w = new Writer(be);
  return pcapngBlock(3, Buffer.concat([w.u32(origLen), w.padded(data)]), be);
}

/** Distinct recognisable payloads. */
export function payload(i: number, length = 60 + i * 7): Buffer {
  const b = Buffer.alloc(length);
  for (let k = 0; k < length; k++) b[k] = (i * 31 + k) & 0xff;
  return b;
}

/** What a test keeps of a packet (the reader reuses its object and buffer). */
export interface SeenPacket {
  frame: number;
  tsSec: number;
  tsNsec: number;
  linkType: number;
  origLen: number;
  data: string;
}

/** A sink that copies each packet into `seen`. */
export function collect(seen: SeenPacket[]): (p: Packet) => void {
  return (p) => {
    seen.push({ frame: p.frame, tsSec: p.tsSec, tsNsec: p.tsNsec, linkType: p.linkType, origLen: p.origLen, data: packetBytes(p).toString('hex') });
  };
}

/** Chunks of one buffer in given sizes (the last chunk takes the rest). */
export async function* chunked(buf: Buffer, sizes: (i: number) => number): AsyncGenerator<Buffer> {
  let off = 0;
  for (let i = 0; off < buf.length; i++) {
    const n = Math.max(1, sizes(i));
    yield buf.subarray(off, off + n);
    off += n;
  }
}

/** Deterministic PRNG (mulberry32) so random chunkings are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
