/** Packets → flows: decode, find the flow, reassemble, tell the consumer. Bounded in flows, bytes and time. */
import type { Packet } from '../capture/types';
import { IPPROTO, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './consts';
import { DecodedPacket, decodeFrame, decodeReassembled } from './decode-frame';
import { FlowIndex } from './flow-index';
import { FlowList } from './flow-list';
import type { FlowShare } from './flow-share';
import { ConsumerCalls } from './consumer-calls';
import { FlowRecord } from './flow-record';
import { type FlowTableOptions, withDefaults } from './flow-table-options';
import { IpReassembler } from './ip-reassembly';
import { type BufferBudget, TcpReassembler } from './tcp-reassembler';
import type { Direction, Flow, FlowEndReason, NetStats, StreamConsumer, Transport } from './types';

export { DEFAULT_FLOW_TABLE_OPTIONS, type FlowTableOptions } from './flow-table-options';

/** Reassembly rounds per frame: a fragmented tunnel carrying a fragmented inner datagram needs two. */
const MAX_REASSEMBLY_ROUNDS = 3;

export class FlowTable {
  readonly stats: NetStats = {
    packets: 0, bytes: 0, flows: 0, malformed: 0, ignored: 0, snapCut: 0, gapBytes: 0, gaps: 0,
    retransmittedBytes: 0, overlapConflicts: 0, synResyncs: 0, ipFragmentsReassembled: 0, ipDatagramsDropped: 0, evictedIdle: 0, evictedFull: 0, evictedByteCap: 0,
  };
  private readonly opts: FlowTableOptions;
  private readonly flows = new FlowIndex<FlowRecord>();
  /** Live flows and tombstones still open on the wire, least recently active first. */
  private readonly order = new FlowList();
  /** Tombstones of connections closed on the wire, kept for a shorter time. */
  private readonly closedOrder = new FlowList();
  private readonly decoded = new DecodedPacket();
  private readonly fragments: IpReassembler;
  private readonly budget: BufferBudget;
  private nextId = 1;
  /** Latest packet time seen (seconds); eviction never goes back in time. */
  private nowSec = -Infinity;
  /** Frame number of the packet at hand. */
  private nowFrame = 0;
  private readonly calls: ConsumerCalls;

  /** `share`: follow only the flows this worker owns (every packet still counts and moves the clock). */
  constructor(consumer: StreamConsumer, opts: Partial<FlowTableOptions> = {}, private readonly share?: FlowShare) {
    this.calls = new ConsumerCalls(consumer);
    this.opts = withDefaults(opts);
    this.fragments = new IpReassembler({
      maxPendingDatagrams: this.opts.maxPendingDatagrams,
      maxHeldBytes: this.opts.maxFragmentBytes,
      timeoutSec: this.opts.fragmentTimeoutSec,
    });
    this.budget = { used: 0, limit: this.opts.maxTotalBufferedBytes };
  }

  /** Flows (and tombstones) currently tracked. */
  get size(): number {
    return this.flows.size;
  }

  onPacket(pkt: Packet): void {
    const stats = this.stats;
    stats.packets++;
    stats.bytes += pkt.len;
    const now = pkt.tsSec + pkt.tsNsec * 1e-9;
    if (now > this.nowSec) this.nowSec = now;
    this.nowFrame = pkt.frame;
    this.evictIdle();
    const out = this.decoded;
    let result = decodeFrame(pkt.linkType, pkt.buf, pkt.off, pkt.off + pkt.len, out, pkt.origLen);
    for (let round = 0; ; round++) {
      if (result === 'ignored') {
        stats.ignored++;
        return;
      }
      if (result === 'malformed') {
        stats.malformed++;
        return;
      }
      if (result === 'snap-cut') {
        stats.snapCut++;
        if (out.proto === 0 || out.fragment) return;
      }
      if (!out.fragment) break;
      if (round >= MAX_REASSEMBLY_ROUNDS) {
        stats.malformed++;
        return;
      }
      const whole = this.fragments.add(out, this.nowSec);
      stats.ipDatagramsDropped = this.fragments.dropped;
      if (whole === null) return;
      stats.ipFragmentsReassembled++;
      result = decodeReassembled(whole, out);
    }
    if (out.proto === IPPROTO.TCP || out.proto === IPPROTO.UDP) {
      if (this.share !== undefined && !this.share.owns(out)) return;
      if (out.proto === IPPROTO.TCP) this.onTcp(pkt);
      else this.onUdp(pkt);
    } else {
      stats.ignored++;
    }
  }

  /** The consumer is done with `flow`: buffers are freed and its later packets dropped. Safe inside a callback. */
  release(flow: Flow): void {
    const f = flow as FlowRecord;
    if (!(f instanceof FlowRecord) || !f.inTable) return;
    f.stopped = true;
    if (f.state !== 'live') return;
    this.dropReassemblers(f);
    f.state = 'tombstone';
    this.calls.released(f);
  }

  /** End of input: flush every flow (in-order data, gaps for holes) and end it with `eof`. */
  finish(): void {
    for (let f = this.order.head; f !== null; ) {
      const next = f.next;
      if (f.state === 'live') this.endFlow(f, 'eof');
      f = next;
    }
    for (let f = this.order.head; f !== null; f = f.next) f.inTable = false;
    for (let f = this.closedOrder.head; f !== null; f = f.next) f.inTable = false;
    this.flows.clear();
    this.order.clear();
    this.closedOrder.clear();
  }

  private onTcp(pkt: Packet): void {
    const out = this.decoded;
    let f = this.flows.find(out);
    const low = this.flows.srcIsLow;
    const flags = out.tcpFlags;
    const syn = (flags & TCP_SYN) !== 0;
    const ack = (flags & TCP_ACK) !== 0;
    if (f !== undefined && syn && !ack && this.isNewConnection(f, low, out.tcpSeq)) {
      this.evict(f);
      f = undefined;
    }
    if (f !== undefined && f.state === 'tombstone') {
      this.touch(f);
      if (!f.closed) {
        if (flags & TCP_FIN) f.tombstoneFins |= low === f.clientIsLow ? 1 : 2;
        if (flags & TCP_RST || f.tombstoneFins === 3) this.close(f);
      }
      return;
    }
    if (f === undefined) {
      if (flags & TCP_RST) return;
      // The SYN sender is the client; a SYN-ACK seen first means its receiver is.
      f = this.createFlow('tcp', !(syn && ack), low, pkt);
    } else {
      this.touch(f);
    }
    const dir: Direction = low === f.clientIsLow ? 0 : 1;
    if (flags & TCP_RST) return this.endFlow(f, 'rst');
    let seq = out.tcpSeq;
    if (syn) {
      this.reassembler(f, dir).onSyn(seq);
      seq = (seq + 1) >>> 0;
      if (ack) this.reassembler(f, dir === 0 ? 1 : 0).expect(out.tcpAck);
    }
    if (out.payloadWireLen > 0) {
      const held = this.reassembler(f, dir).onSegment(seq, out.payloadBuf, out.payloadOff, out.payloadLen, out.payloadWireLen, pkt.tsSec, pkt.tsNsec, pkt.frame);
      if (!held) {
        this.stats.evictedByteCap++;
        return this.endFlow(f, 'byte-cap');
      }
      if (f.state !== 'live') return;
    }
    if (flags & TCP_FIN) {
      this.reassembler(f, dir).onFin((seq + out.payloadWireLen) >>> 0);
      const other = dir === 0 ? f.toClient : f.toServer;
      if (other !== null && other.finSeen) this.endFlow(f, 'fin');
    }
  }

  /** The live flow's reassembler for `dir`, made on first need (a SYN-only flow never gets the other one). */
  private reassembler(f: FlowRecord, dir: Direction): TcpReassembler {
    const existing = dir === 0 ? f.toServer : f.toClient;
    if (existing !== null) return existing;
    const made = new TcpReassembler(f, dir, this.stats, this.opts, this.budget);
    if (dir === 0) f.toServer = made;
    else f.toClient = made;
    return made;
  }

  /**
   * A SYN on the ports of a known flow opens a new connection when the old one ended, or when it is not a
   * retransmission of the flow's own SYN (the old connection went away unseen); the old flow then ends as `idle`.
   */
  private isNewConnection(f: FlowRecord, low: boolean, seq: number): boolean {
    if (f.state === 'tombstone') return true;
    const fromClient = low === f.clientIsLow;
    const stream = fromClient ? f.toServer : f.toClient;
    return !fromClient || (stream !== null && stream.isStarted && stream.startSeq !== ((seq + 1) >>> 0));
  }

  private onUdp(pkt: Packet): void {
    const out = this.decoded;
    let f = this.flows.find(out);
    const low = this.flows.srcIsLow;
    if (f === undefined) f = this.createFlow('udp', true, low, pkt);
    else this.touch(f);
    // A datagram the snaplen cut is not delivered half: it would read as a different message.
    if (f.state !== 'live' || out.payloadLen === 0 || out.payloadWireLen > out.payloadLen) return;
    const dir: Direction = low === f.clientIsLow ? 0 : 1;
    const data = out.payloadBuf.subarray(out.payloadOff, out.payloadOff + out.payloadLen);
    this.calls.datagram(f, dir, data, pkt.tsSec, pkt.tsNsec, pkt.frame);
  }

  /** A new flow from the decoded packet (its endpoint text is built when first asked for). */
  private createFlow(transport: Transport, srcIsClient: boolean, low: boolean, pkt: Packet): FlowRecord {
    const tuple = this.flows.tupleOfLastFind();
    if (this.flows.size >= this.opts.maxFlows) {
      const oldest = this.closedOrder.head ?? this.order.head;
      if (oldest !== null) {
        if (oldest.state === 'live') this.stats.evictedFull++;
        this.evict(oldest);
      }
    }
    const f = new FlowRecord(this.nextId++, transport, pkt.tsSec, pkt.tsNsec, pkt.frame, tuple, srcIsClient === low, this.calls);
    f.lastSec = this.nowSec;
    this.flows.add(f);
    f.inTable = true;
    this.order.append(f);
    this.stats.flows++;
    return f;
  }

  private evictIdle(): void {
    const limit = this.nowSec - this.opts.idleTimeoutSec;
    for (let f = this.order.head; f !== null && f.lastSec < limit; f = this.order.head) this.evict(f);
    const closedLimit = this.nowSec - this.opts.closedTombstoneSec;
    for (let f = this.closedOrder.head; f !== null && f.lastSec < closedLimit; f = this.closedOrder.head) this.unlink(f);
  }

  /** Removes the flow from the table, ending it with `idle` first if it is still followed. */
  private evict(f: FlowRecord): void {
    if (f.state === 'live') {
      this.stats.evictedIdle++;
      this.endFlow(f, 'idle');
    }
    this.unlink(f);
  }

  /** Flushes what the flow holds, tells the consumer, and leaves a tombstone. */
  private endFlow(f: FlowRecord, reason: FlowEndReason): void {
    if (f.state !== 'live') return;
    f.state = 'ending';
    f.toServer?.flush();
    f.toClient?.flush();
    this.dropReassemblers(f);
    f.stopped = true;
    f.state = 'tombstone';
    if (reason === 'fin' || reason === 'rst') this.close(f);
    this.calls.flowEnd(f, reason);
  }

  private dropReassemblers(f: FlowRecord): void {
    f.toServer?.clear();
    f.toClient?.clear();
    f.toServer = f.toClient = null;
  }

  private touch(f: FlowRecord): void {
    f.lastSec = this.nowSec;
    f.lastFrame = this.nowFrame;
    (f.closed ? this.closedOrder : this.order).touch(f);
  }

  /** The connection closed on the wire: its tombstone moves to the short-lived list. */
  private close(f: FlowRecord): void {
    if (f.closed) return;
    this.order.remove(f);
    f.closed = true;
    f.lastSec = this.nowSec;
    f.lastFrame = this.nowFrame;
    this.closedOrder.append(f);
  }

  private unlink(f: FlowRecord): void {
    if (f.inTable) {
      this.flows.remove(f);
      f.inTable = false;
    }
    (f.closed ? this.closedOrder : this.order).remove(f);
  }
}
