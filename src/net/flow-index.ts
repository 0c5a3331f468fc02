/**
 * The flow table's index: 5-tuples in canonical order (low endpoint first) → flows. Keys are 30-bit numbers mixed
 * from the raw address words and ports (no string per packet; small-integer Map keys hash cheaply); flows whose
 * keys collide are chained and told apart by their stored tuple.
 */
import type { DecodedPacket } from './decoded-packet';

/** The raw 5-tuple of a flow, low side first; addresses as signed 32-bit words (IPv4 uses only word 0). */
export class FlowTuple {
  constructor(
    readonly key: number,
    readonly proto: number,
    readonly v6: boolean,
    readonly lo0: number, readonly lo1: number, readonly lo2: number, readonly lo3: number,
    readonly hi0: number, readonly hi1: number, readonly hi2: number, readonly hi3: number,
    readonly ports: number,
  ) {}
}

/** What the index needs of a flow record. */
export interface Indexed {
  readonly tuple: FlowTuple;
  /** Next flow whose key collides with this one's. */
  bucketNext: Indexed | null;
}

const KEY_MASK = 0x3fffffff;

function word(b: Buffer, o: number): number {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

export class FlowIndex<T extends Indexed> {
  private readonly buckets = new Map<number, T>();
  private count = 0;
  // The tuple of the last `find`, in canonical order, kept for `tupleOfLastFind` (no object per lookup).
  private key = 0;
  private proto = 0;
  private v6 = false;
  private lo0 = 0; private lo1 = 0; private lo2 = 0; private lo3 = 0;
  private hi0 = 0; private hi1 = 0; private hi2 = 0; private hi3 = 0;
  private ports = 0;
  /** Whether the packet of the last `find` was sent by the low side. */
  srcIsLow = false;

  /**
   * `keyMask` narrows keys (tests use it to force collisions). `seed` is random so that no capture can be crafted
   * to pile its flows into one chain; it changes only the bucket layout, never what is found or in which order.
   */
  constructor(
    private readonly keyMask = KEY_MASK,
    private readonly seed = (Math.random() * 0x100000000) | 0,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The flow of the decoded packet's 5-tuple, in either direction; sets `srcIsLow`. */
  find(out: DecodedPacket): T | undefined {
    const b = out.addrBuf;
    const s = out.srcOff;
    const d = out.dstOff;
    let s0 = word(b, s), s1 = 0, s2 = 0, s3 = 0;
    let d0 = word(b, d), d1 = 0, d2 = 0, d3 = 0;
    const v6 = out.ipVersion === 6;
    if (v6) {
      s1 = word(b, s + 4); s2 = word(b, s + 8); s3 = word(b, s + 12);
      d1 = word(b, d + 4); d2 = word(b, d + 8); d3 = word(b, d + 12);
    }
    // Unsigned comparison of the addresses word by word, then of the ports.
    let cmp = (s0 >>> 0) - (d0 >>> 0);
    if (cmp === 0) cmp = (s1 >>> 0) - (d1 >>> 0);
    if (cmp === 0) cmp = (s2 >>> 0) - (d2 >>> 0);
    if (cmp === 0) cmp = (s3 >>> 0) - (d3 >>> 0);
    if (cmp === 0) cmp = out.srcPort - out.dstPort;
    const low = cmp <= 0;
    this.srcIsLow = low;
    if (!low) {
      let t = s0; s0 = d0; d0 = t;
      t = s1; s1 = d1; d1 = t;
      t = s2; s2 = d2; d2 = t;
      t = s3; s3 = d3; d3 = t;
    }
    const ports = low ? (out.srcPort << 16) | out.dstPort : (out.dstPort << 16) | out.srcPort;
    let h = Math.imul(s0 ^ out.proto ^ this.seed, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ d0, 0x85ebca6b);
    if (v6) {
      h = Math.imul(h ^ (h >>> 13) ^ s1, 0xc2b2ae35);
      h = Math.imul(h ^ (h >>> 16) ^ s2, 0x27d4eb2f);
      h = Math.imul(h ^ (h >>> 15) ^ s3, 0x165667b1);
      h = Math.imul(h ^ (h >>> 13) ^ d1, 0x9e3779b1);
      h = Math.imul(h ^ (h >>> 16) ^ d2, 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 15) ^ d3, 0xc2b2ae35);
    }
    h = Math.imul(h ^ (h >>> 13) ^ ports, 0x27d4eb2f);
    const key = (h ^ (h >>> 16)) & this.keyMask;
    this.key = key; this.proto = out.proto; this.v6 = v6; this.ports = ports;
    this.lo0 = s0; this.lo1 = s1; this.lo2 = s2; this.lo3 = s3;
    this.hi0 = d0; this.hi1 = d1; this.hi2 = d2; this.hi3 = d3;
    for (let f: Indexed | null = this.buckets.get(key) ?? null; f !== null; f = f.bucketNext) {
      const t = f.tuple;
      if (
        t.ports === ports && t.lo0 === s0 && t.hi0 === d0 && t.proto === out.proto && t.v6 === v6 &&
        t.lo1 === s1 && t.lo2 === s2 && t.lo3 === s3 && t.hi1 === d1 && t.hi2 === d2 && t.hi3 === d3
      ) return f as T;
    }
    return undefined;
  }

  /** The canonical tuple of the last `find` (call it before the next one). */
  tupleOfLastFind(): FlowTuple {
    return new FlowTuple(this.key, this.proto, this.v6, this.lo0, this.lo1, this.lo2, this.lo3, this.hi0, this.hi1, this.hi2, this.hi3, this.ports);
  }

  add(f: T): void {
    const key = f.tuple.key;
    f.bucketNext = this.buckets.get(key) ?? null;
    this.buckets.set(key, f);
    this.count++;
  }

  /** Removes `f` if it is indexed; returns whether it was. */
  remove(f: T): boolean {
    const key = f.tuple.key;
    let prev: Indexed | null = null;
    for (let cur: Indexed | null = this.buckets.get(key) ?? null; cur !== null; prev = cur, cur = cur.bucketNext) {
      if (cur !== f) continue;
      if (prev !== null) prev.bucketNext = cur.bucketNext;
      else if (cur.bucketNext !== null) this.buckets.set(key, cur.bucketNext as T);
      else this.buckets.delete(key);
      f.bucketNext = null;
      this.count--;
      return true;
    }
    return false;
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }
}
