/**
 * The flow table's index: 5-tuples in canonical order (low endpoint first) → flows. An open-addressing table whose
 * slots hold the raw address words and ports in one typed array, so a lookup compares the tuple where it probes
 * (no string or object per packet, and no visit to a flow record or tuple object until the flow is found). Keys are
 * 30-bit numbers mixed from the tuple with a random seed; colliding keys probe on to the next slot.
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
}

const KEY_MASK = 0x3fffffff;
/** Marks a slot in use in its key word (keys are 30 bits, so 0 is an empty slot). */
const USED = 0x40000000;
/** Int32 words per slot: key|USED, proto|v6, ports, lo0, hi0, lo1, lo2, lo3, hi1, hi2, hi3. */
const STRIDE = 11;
const MIN_SLOTS = 1024;

function word(b: Buffer, o: number): number {
  return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

export class FlowIndex<T extends Indexed> {
  /** STRIDE words per slot; a power-of-two number of slots, at most half of them used. */
  private slots = new Int32Array(MIN_SLOTS * STRIDE);
  private entries: (T | null)[] = new Array<T | null>(MIN_SLOTS).fill(null);
  private slotMask = MIN_SLOTS - 1;
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
   * to pile its flows into one run of slots; it changes only the layout, never what is found or in which order.
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
    const meta = v6 ? out.proto | 0x100 : out.proto;
    const slots = this.slots;
    const mask = this.slotMask;
    const used = key | USED;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const w = i * STRIDE;
      const k = slots[w];
      if (k === 0) return undefined;
      if (
        k === used && slots[w + 2] === ports && slots[w + 3] === s0 && slots[w + 4] === d0 && slots[w + 1] === meta &&
        (!v6 || (slots[w + 5] === s1 && slots[w + 6] === s2 && slots[w + 7] === s3 && slots[w + 8] === d1 && slots[w + 9] === d2 && slots[w + 10] === d3))
      ) return this.entries[i] as T;
    }
  }

  /** The canonical tuple of the last `find` (call it before the next one). */
  tupleOfLastFind(): FlowTuple {
    return new FlowTuple(this.key, this.proto, this.v6, this.lo0, this.lo1, this.lo2, this.lo3, this.hi0, this.hi1, this.hi2, this.hi3, this.ports);
  }

  add(f: T): void {
    if ((this.count + 1) * 2 > this.entries.length) this.resize(this.entries.length * 2);
    this.place(f);
    this.count++;
  }

  /** Removes `f` if it is indexed; returns whether it was. */
  remove(f: T): boolean {
    const slots = this.slots;
    const mask = this.slotMask;
    let i = f.tuple.key & mask;
    for (; ; i = (i + 1) & mask) {
      if (slots[i * STRIDE] === 0) return false;
      if (this.entries[i] === f) break;
    }
    // Backward-shift deletion: later slots of the probe run move up so that no run is broken by the hole.
    for (let j = i; ;) {
      j = (j + 1) & mask;
      const k = slots[j * STRIDE];
      if (k === 0) break;
      const home = k & mask;
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      slots.copyWithin(i * STRIDE, j * STRIDE, j * STRIDE + STRIDE);
      this.entries[i] = this.entries[j];
      i = j;
    }
    slots.fill(0, i * STRIDE, i * STRIDE + STRIDE);
    this.entries[i] = null;
    this.count--;
    return true;
  }

  clear(): void {
    this.slots = new Int32Array(MIN_SLOTS * STRIDE);
    this.entries = new Array<T | null>(MIN_SLOTS).fill(null);
    this.slotMask = MIN_SLOTS - 1;
    this.count = 0;
  }

  /** Writes `f` into the first free slot of its probe run. */
  private place(f: T): void {
    const t = f.tuple;
    const slots = this.slots;
    const mask = this.slotMask;
    let i = t.key & mask;
    while (slots[i * STRIDE] !== 0) i = (i + 1) & mask;
    const w = i * STRIDE;
    slots[w] = t.key | USED;
    slots[w + 1] = t.v6 ? t.proto | 0x100 : t.proto;
    slots[w + 2] = t.ports;
    slots[w + 3] = t.lo0; slots[w + 4] = t.hi0;
    slots[w + 5] = t.lo1; slots[w + 6] = t.lo2; slots[w + 7] = t.lo3;
    slots[w + 8] = t.hi1; slots[w + 9] = t.hi2; slots[w + 10] = t.hi3;
    this.entries[i] = f;
  }

  private resize(slotCount: number): void {
    const old = this.entries;
    this.slots = new Int32Array(slotCount * STRIDE);
    this.entries = new Array<T | null>(slotCount).fill(null);
    this.slotMask = slotCount - 1;
    for (const f of old) if (f !== null) this.place(f);
  }
}
