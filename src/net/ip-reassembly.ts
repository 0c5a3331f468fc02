/** IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) fragment reassembly, bounded in datagrams, fragments, size and time. */
import {
  DEFAULT_FRAGMENT_TIMEOUT_SEC, DEFAULT_MAX_FRAGMENT_BYTES, DEFAULT_MAX_PENDING_DATAGRAMS, MAX_FRAGMENTS_PER_DATAGRAM,
  MAX_REASSEMBLED_BYTES,
} from './consts';
import type { DecodedPacket } from './decoded-packet';

interface Fragment {
  readonly offset: number;
  /** Own copy: the frame it came from is gone by the time the datagram completes. */
  readonly data: Buffer;
}

interface PendingDatagram {
  /** Packet time (seconds) of the first fragment. */
  readonly firstSec: number;
  /** In arrival order: on overlap the first-arrived bytes win. */
  readonly fragments: Fragment[];
  /** Known once the last fragment (more-fragments clear) arrived; -1 before. */
  totalLen: number;
  /** Bytes held in `fragments`. */
  held: number;
}

export interface IpReassemblyOptions {
  maxPendingDatagrams: number;
  /** Fragment bytes held over all pending datagrams. */
  maxHeldBytes: number;
  timeoutSec: number;
}

export class IpReassembler {
  /** Map order is insertion order, so the first entries are the oldest datagrams. */
  private readonly pending = new Map<string, PendingDatagram>();
  private readonly maxPending: number;
  private readonly maxHeldBytes: number;
  private readonly timeoutSec: number;
  private heldBytes = 0;
  /** Datagrams given up (timeout, pending cap, size or fragment-count cap, conflicting ends). */
  dropped = 0;

  constructor(opts: Partial<IpReassemblyOptions> = {}) {
    this.maxPending = opts.maxPendingDatagrams ?? DEFAULT_MAX_PENDING_DATAGRAMS;
    this.maxHeldBytes = opts.maxHeldBytes ?? DEFAULT_MAX_FRAGMENT_BYTES;
    this.timeoutSec = opts.timeoutSec ?? DEFAULT_FRAGMENT_TIMEOUT_SEC;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Fragment bytes held now. */
  get bufferedBytes(): number {
    return this.heldBytes;
  }

  /**
   * Adds the fragment `out` describes (`out.fragment` set). Returns the reassembled transport payload (an own
   * buffer) when this fragment completed its datagram, otherwise null.
   */
  add(out: DecodedPacket, nowSec: number): Buffer | null {
    this.expire(nowSec);
    const addrLen = out.ipVersion === 4 ? 4 : 16;
    const key =
      String.fromCharCode(out.ipVersion, out.proto, out.fragId >>> 16, out.fragId & 0xffff) +
      out.addrBuf.toString('latin1', out.srcOff, out.srcOff + addrLen) +
      out.addrBuf.toString('latin1', out.dstOff, out.dstOff + addrLen);
    const end = out.fragOffset + out.payloadLen;
    let dgram = this.pending.get(key);
    if (end > MAX_REASSEMBLED_BYTES) {
      if (dgram) this.drop(key);
      else this.dropped++;
      return null;
    }
    if (!dgram) {
      if (this.pending.size >= this.maxPending) this.drop(this.pending.keys().next().value as string);
      dgram = { firstSec: nowSec, fragments: [], totalLen: -1, held: 0 };
      this.pending.set(key, dgram);
    }
    if (!out.fragMore) {
      if (dgram.totalLen >= 0 && dgram.totalLen !== end) {
        this.drop(key);
        return null;
      }
      dgram.totalLen = end;
    }
    if (dgram.fragments.length >= MAX_FRAGMENTS_PER_DATAGRAM) {
      this.drop(key);
      return null;
    }
    // Make room by dropping the oldest datagrams (possibly this one).
    while (this.heldBytes + out.payloadLen > this.maxHeldBytes && this.pending.size > 0) {
      this.drop(this.pending.keys().next().value as string);
    }
    if (this.pending.get(key) !== dgram) return null;
    const data = Buffer.from(out.payloadBuf.subarray(out.payloadOff, out.payloadOff + out.payloadLen));
    dgram.fragments.push({ offset: out.fragOffset, data });
    dgram.held += data.length;
    this.heldBytes += data.length;
    if (dgram.totalLen < 0 || !covers(dgram.fragments, dgram.totalLen)) return null;
    this.pending.delete(key);
    this.heldBytes -= dgram.held;
    return assemble(dgram.fragments, dgram.totalLen);
  }

  /** Drops datagrams whose first fragment is older than the timeout (packet time). */
  expire(nowSec: number): void {
    for (const [key, dgram] of this.pending) {
      if (dgram.firstSec + this.timeoutSec >= nowSec) break;
      this.drop(key);
    }
  }

  private drop(key: string): void {
    const dgram = this.pending.get(key);
    if (dgram) this.heldBytes -= dgram.held;
    this.pending.delete(key);
    this.dropped++;
  }
}

/** True when the fragments leave no hole in `[0, totalLen)`. */
function covers(fragments: Fragment[], totalLen: number): boolean {
  const sorted = fragments.slice().sort((a, b) => a.offset - b.offset);
  let reached = 0;
  for (const f of sorted) {
    if (f.offset > reached) return false;
    reached = Math.max(reached, f.offset + f.data.length);
    if (reached >= totalLen) return true;
  }
  return reached >= totalLen;
}

function assemble(fragments: Fragment[], totalLen: number): Buffer {
  const whole = Buffer.alloc(totalLen);
  // Latest first, so that earlier arrivals overwrite them where they overlap.
  for (let i = fragments.length - 1; i >= 0; i--) {
    const f = fragments[i];
    if (f.offset >= totalLen) continue;
    f.data.copy(whole, f.offset, 0, Math.min(f.data.length, totalLen - f.offset));
  }
  return whole;
}
