/**
 * Which of several capture workers follows a flow: a hash of the 5-tuple that is the same in both directions (the
 * addresses and ports are combined order-free), so each worker sees whole connections, as Suricata's autofp runmode
 * spreads flows over its threads. Fixed, not seeded: every worker must make the same choice for every packet. A
 * capture built to send all its flows to one worker only slows that run down.
 */
import type { DecodedPacket } from './decoded-packet';

function word(b: Buffer, o: number): number {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

export class FlowShare {
  constructor(readonly index: number, readonly of: number) {}

  /** Whether this worker follows the flow of the decoded packet. */
  owns(d: DecodedPacket): boolean {
    const b = d.addrBuf;
    let h = Math.imul(word(b, d.srcOff) ^ word(b, d.dstOff) ^ d.proto, 0x9e3779b1);
    if (d.ipVersion === 6) {
      for (let i = 4; i < 16; i += 4) h = Math.imul(h ^ (h >>> 15) ^ word(b, d.srcOff + i) ^ word(b, d.dstOff + i), 0x85ebca6b);
    }
    h = Math.imul(h ^ (h >>> 13) ^ (d.srcPort ^ d.dstPort), 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) % this.of === this.index;
  }
}
