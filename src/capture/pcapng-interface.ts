import type { Packet } from './types';
import { DEFAULT_TSRESOL, OPT_ENDOFOPT, OPT_IF_TSOFFSET, OPT_IF_TSRESOL } from './consts';

/** What an Interface Description Block says (draft-ietf-opsawg-pcapng section 4.2), ready for the hot path. */
export interface PcapngInterface {
  readonly linkType: number;
  /** 0 means no limit. */
  readonly snaplen: number;
  /** Raw if_tsresol byte: bit 7 clear = 10^-n s, set = 2^-n s. */
  readonly tsresol: number;
  /** Decimal fast path: ticks per second (10^n, n ≤ 9), else 0. */
  readonly ticksPerSec: number;
  /** Decimal fast path: nanoseconds per tick. */
  readonly nsPerTick: number;
  /** Binary fast path: n of 2^-n when n ≤ 32, else -1. */
  readonly binaryShift: number;
  /** if_tsoffset: seconds added to every timestamp. */
  readonly tsOffsetSec: number;
}

const TWO_32 = 4294967296;
const TWO_16 = 65536;
/** 1e9 = 2^9 * 1953125: multiplying by the odd part keeps binary fractions exact in a double. */
const NS_ODD_PART = 1953125;

/** Builds an interface from an IDB body (bytes after type and length, before the trailing length). */
export function readInterface(body: Buffer, le: boolean): PcapngInterface {
  const linkType = le ? body.readUInt16LE(0) : body.readUInt16BE(0);
  const snaplen = le ? body.readUInt32LE(4) : body.readUInt32BE(4);
  let tsresol = DEFAULT_TSRESOL;
  let tsOffsetSec = 0;
  let off = 8;
  while (off + 4 <= body.length) {
    const code = le ? body.readUInt16LE(off) : body.readUInt16BE(off);
    const len = le ? body.readUInt16LE(off + 2) : body.readUInt16BE(off + 2);
    if (code === OPT_ENDOFOPT || off + 4 + len > body.length) break;
    if (code === OPT_IF_TSRESOL && len === 1) tsresol = body[off + 4];
    if (code === OPT_IF_TSOFFSET && len === 8) {
      tsOffsetSec = Number(le ? body.readBigInt64LE(off + 4) : body.readBigInt64BE(off + 4));
    }
    off += 4 + ((len + 3) & ~3);
  }
  return makeInterface(linkType, snaplen, tsresol, tsOffsetSec);
}

export function makeInterface(linkType: number, snaplen: number, tsresol: number, tsOffsetSec: number): PcapngInterface {
  const binary = (tsresol & 0x80) !== 0;
  const exp = tsresol & 0x7f;
  const decimalFast = !binary && exp <= 9;
  return {
    linkType,
    snaplen,
    tsresol,
    ticksPerSec: decimalFast ? 10 ** exp : 0,
    nsPerTick: decimalFast ? 10 ** (9 - exp) : 0,
    binaryShift: binary && exp <= 32 ? exp : -1,
    tsOffsetSec,
  };
}

/**
 * Sets pkt.tsSec/tsNsec from a 64-bit tick count split in high and low words. Exact to the nanosecond without
 * BigInt on the common resolutions: every intermediate stays below 2^53.
 */
export function setPacketTime(pkt: Packet, itf: PcapngInterface, hi: number, lo: number): void {
  const perSec = itf.ticksPerSec;
  if (perSec !== 0) {
    // Long division of hi:lo by perSec (< 2^30), one 32-bit then two 16-bit digits.
    const q1 = Math.floor(hi / perSec);
    let rem = hi - q1 * perSec;
    const mid = rem * TWO_16 + (lo >>> 16);
    const q2 = Math.floor(mid / perSec);
    rem = mid - q2 * perSec;
    const low = rem * TWO_16 + (lo & 0xffff);
    const q3 = Math.floor(low / perSec);
    rem = low - q3 * perSec;
    pkt.tsSec = q1 * TWO_32 + q2 * TWO_16 + q3 + itf.tsOffsetSec;
    pkt.tsNsec = rem * itf.nsPerTick;
    return;
  }
  const shift = itf.binaryShift;
  if (shift >= 0) {
    let rem: number;
    if (shift === 32) {
      pkt.tsSec = hi + itf.tsOffsetSec;
      rem = lo;
    } else {
      pkt.tsSec = hi * 2 ** (32 - shift) + Math.floor(lo / 2 ** shift) + itf.tsOffsetSec;
      rem = lo % 2 ** shift;
    }
    pkt.tsNsec = shift <= 9 ? (rem * 1e9) / 2 ** shift : Math.floor((rem * NS_ODD_PART) / 2 ** (shift - 9));
    return;
  }
  setPacketTimeBig(pkt, itf, hi, lo);
}

/** Rare resolutions (finer than 1 ns, or 2^-n with n > 32): BigInt is exact and their rarity keeps it cheap. */
function setPacketTimeBig(pkt: Packet, itf: PcapngInterface, hi: number, lo: number): void {
  const ticks = (BigInt(hi) << 32n) | BigInt(lo);
  const exp = BigInt(itf.tsresol & 0x7f);
  let sec: bigint;
  let nsec: bigint;
  if (itf.tsresol & 0x80) {
    sec = ticks >> exp;
    nsec = ((ticks & ((1n << exp) - 1n)) * 1_000_000_000n) >> exp;
  } else {
    const perSec = 10n ** exp;
    sec = ticks / perSec;
    nsec = (ticks % perSec) / 10n ** (exp - 9n);
  }
  pkt.tsSec = Number(sec) + itf.tsOffsetSec;
  pkt.tsNsec = Number(nsec);
}
