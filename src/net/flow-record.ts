/** The flow table's own record of one flow: the public `Flow` plus reassembly and bookkeeping state. */
import type { Timestamp } from '../capture/types';
import type { FlowTuple, Indexed } from './flow-index';
import { ipTextOfWords } from './ip-text';
import type { ReassemblySink, TcpReassembler } from './tcp-reassembler';
import type { Direction, Endpoint, Flow, Transport } from './types';

/** How a record hands its reassemblers' output to the consumer (implemented by the flow table). */
export interface FlowDispatch {
  deliverData(flow: FlowRecord, dir: Direction, data: Buffer, tsSec: number, tsNsec: number, frame: number): void;
  deliverGap(flow: FlowRecord, dir: Direction, bytes: number): void;
}

/**
 * - `live`: followed; packets are reassembled and delivered.
 * - `ending`: held data is being flushed, then the consumer hears `onFlowEnd`.
 * - `tombstone`: ended (released, FIN, RST, byte cap); later packets of the 5-tuple are dropped until it idles
 *   out, a new SYN reuses the ports, or (once `closed`) the short closed-tombstone time passes.
 */
export type FlowState = 'live' | 'ending' | 'tombstone';

export class FlowRecord implements Flow, ReassemblySink, Indexed {
  app: unknown = undefined;
  state: FlowState = 'live';
  /** Set when the consumer released the flow: reassemblers stop delivering at once. */
  stopped = false;
  /** The connection closed on the wire (FIN both ways or RST): the tombstone only waits for stragglers. */
  closed = false;
  /** FINs seen after the flow became a tombstone: bit 0 from the client, bit 1 from the server. */
  tombstoneFins = 0;
  /** Packet time (seconds) of the latest packet; the LRU list is ordered by it. */
  lastSec: number;
  /** Frame number of the latest packet (the LRU list's order, told apart where times are equal). */
  lastFrame: number;
  prev: FlowRecord | null = null;
  next: FlowRecord | null = null;
  /** Whether the flow table still holds this record. */
  inTable = false;
  /** Reassembler per direction (TCP only), made when the direction first needs one; null again once ended. */
  toServer: TcpReassembler | null = null;
  toClient: TcpReassembler | null = null;
  /**
   * Client and server as text, made on first use: most flows of a flood or scan are never asked for them, and a
   * flow record is what the flow cap multiplies.
   */
  private endpoints: readonly [Endpoint, Endpoint] | null = null;

  constructor(
    readonly id: number,
    readonly transport: Transport,
    private readonly startSec: number,
    private readonly startNsec: number,
    readonly startFrame: number,
    /** The raw 5-tuple, low side first (the flow table's key). */
    readonly tuple: FlowTuple,
    /** Whether the client is the low side of the canonical key. */
    readonly clientIsLow: boolean,
    private readonly dispatch: FlowDispatch,
  ) {
    this.lastSec = startSec + startNsec * 1e-9;
    this.lastFrame = startFrame;
  }

  get client(): Endpoint {
    return (this.endpoints ??= this.makeEndpoints())[0];
  }

  get server(): Endpoint {
    return (this.endpoints ??= this.makeEndpoints())[1];
  }

  get start(): Timestamp {
    return { sec: this.startSec, nsec: this.startNsec };
  }

  private makeEndpoints(): readonly [Endpoint, Endpoint] {
    const t = this.tuple;
    const low = { ip: ipTextOfWords(t.v6, t.lo0, t.lo1, t.lo2, t.lo3), port: t.ports >>> 16 };
    const high = { ip: ipTextOfWords(t.v6, t.hi0, t.hi1, t.hi2, t.hi3), port: t.ports & 0xffff };
    return this.clientIsLow ? [low, high] : [high, low];
  }

  streamData(dir: Direction, data: Buffer, tsSec: number, tsNsec: number, frame: number): void {
    this.dispatch.deliverData(this, dir, data, tsSec, tsNsec, frame);
  }

  streamGap(dir: Direction, bytes: number): void {
    this.dispatch.deliverGap(this, dir, bytes);
  }
}
