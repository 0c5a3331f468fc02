/** Records of the net stage: `Packet`s in, ordered per-direction byte streams (and datagrams) out. */
import type { Timestamp } from '../capture/types';

export interface Endpoint {
  /** Dotted IPv4 or RFC 5952 IPv6 text. */
  readonly ip: string;
  readonly port: number;
}

export type Transport = 'tcp' | 'udp';

/** 0: from the initiator (`Flow.client`) to the responder; 1: the reverse. */
export type Direction = 0 | 1;

export type FlowEndReason = 'fin' | 'rst' | 'idle' | 'eof' | 'byte-cap' | 'released';

/** One transport conversation, innermost addresses (tunnels unwrapped). */
export interface Flow {
  readonly id: number;
  readonly transport: Transport;
  /** The side that sent the SYN, or when no SYN was seen the sender of the first packet. */
  readonly client: Endpoint;
  readonly server: Endpoint;
  /** Time of the first packet. */
  readonly start: Timestamp;
  /** Frame number of the first packet. */
  readonly startFrame: number;
  /** Frame number of the latest packet: flows ended together (idle, end of input) end in its order. */
  readonly lastFrame: number;
  /** Opaque per-flow state of the downstream consumer; net never reads it. */
  app: unknown;
}

/**
 * The downstream stage (tls/) implements this; net calls it in capture order.
 * `data` is a view valid only during the call.
 */
export interface StreamConsumer {
  /** Ordered TCP payload bytes of one direction. */
  onStreamData(flow: Flow, dir: Direction, data: Buffer, ts: Timestamp, frame: number): void;
  /** `bytes` of one direction will never arrive (capture loss or mid-stream start); reassembly went on after them. */
  onStreamGap(flow: Flow, dir: Direction, bytes: number): void;
  /** One UDP payload. */
  onDatagram(flow: Flow, dir: Direction, data: Buffer, ts: Timestamp, frame: number): void;
  /** The flow ends (FIN/RST both ways, idle eviction, byte cap, end of input, or `release`). */
  onFlowEnd(flow: Flow, reason: FlowEndReason): void;
}

/** Counters the net stage keeps; `--stats` prints them. */
export interface NetStats {
  packets: number;
  bytes: number;
  flows: number;
  /** Frames whose link, IP or transport header could not be decoded. */
  malformed: number;
  /** Frames of a link type or protocol we do not follow (ARP, ICMP, …): counted, not errors. */
  ignored: number;
  /** Frames cut by the snaplen so that their transport payload is incomplete. */
  snapCut: number;
  /** Bytes skipped over gaps in TCP streams. */
  gapBytes: number;
  gaps: number;
  retransmittedBytes: number;
  /** Overlapping segments whose bytes differ from bytes of the same sequence numbers still held (first seen won). */
  overlapConflicts: number;
  /** Directions restarted by a later SYN or SYN-ACK with a new initial sequence number before any data. */
  synResyncs: number;
  /** IP datagrams rebuilt from fragments. */
  ipFragmentsReassembled: number;
  /** IP datagrams whose fragments were given up (timeout, caps, conflicting lengths). */
  ipDatagramsDropped?: number;
  evictedIdle: number;
  /** Live flows evicted to make room because the table held `maxFlows` (also counted in `evictedIdle`). */
  evictedFull: number;
  evictedByteCap: number;
}
