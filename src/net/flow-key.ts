/** The flow table's compact key: raw addresses and ports in canonical order, as a short string (no text per packet). */
import type { DecodedPacket } from './decoded-packet';

/** True when the packet's (source address, port) sorts at or before its (destination address, port). */
export function srcIsLow(out: DecodedPacket): boolean {
  const b = out.addrBuf;
  const len = out.ipVersion === 4 ? 4 : 16;
  const s = out.srcOff;
  const d = out.dstOff;
  for (let i = 0; i < len; i++) {
    const diff = b[s + i] - b[d + i];
    if (diff !== 0) return diff < 0;
  }
  return out.srcPort <= out.dstPort;
}

function word(b: Buffer, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

/** The same key for both directions of a 5-tuple: protocol, then the low side, then the high side, in 16-bit units. */
export function flowKey(out: DecodedPacket, low: boolean): string {
  const b = out.addrBuf;
  const lo = low ? out.srcOff : out.dstOff;
  const hi = low ? out.dstOff : out.srcOff;
  const loPort = low ? out.srcPort : out.dstPort;
  const hiPort = low ? out.dstPort : out.srcPort;
  if (out.ipVersion === 4) {
    return String.fromCharCode(out.proto, word(b, lo), word(b, lo + 2), loPort, word(b, hi), word(b, hi + 2), hiPort);
  }
  return String.fromCharCode(
    out.proto,
    word(b, lo), word(b, lo + 2), word(b, lo + 4), word(b, lo + 6),
    word(b, lo + 8), word(b, lo + 10), word(b, lo + 12), word(b, lo + 14), loPort,
    word(b, hi), word(b, hi + 2), word(b, hi + 4), word(b, hi + 6),
    word(b, hi + 8), word(b, hi + 10), word(b, hi + 12), word(b, hi + 14), hiPort,
  );
}
