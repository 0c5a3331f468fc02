/** What a flow table may be tuned with, and the defaults (the named caps of consts.ts). */
import {
  DEFAULT_CLOSED_TOMBSTONE_SEC, DEFAULT_FRAGMENT_TIMEOUT_SEC, DEFAULT_IDLE_TIMEOUT_SEC, DEFAULT_MAX_FLOWS,
  DEFAULT_MAX_FRAGMENT_BYTES, DEFAULT_MAX_OUT_OF_ORDER_BYTES, DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
  DEFAULT_MAX_PENDING_DATAGRAMS, DEFAULT_MAX_TOTAL_BUFFERED_BYTES,
} from './consts';

export interface FlowTableOptions {
  /** Packet-time seconds without a packet before a flow is evicted (reason `idle`). */
  idleTimeoutSec: number;
  /** Packet-time seconds a flow closed on the wire (FIN both ways, RST) is remembered to absorb stragglers. */
  closedTombstoneSec: number;
  /** Flows tracked at once; the least recently active one is evicted past it (reason `idle`). */
  maxFlows: number;
  /** Out-of-order bytes held per flow direction before the hole is skipped (a gap). */
  maxOutOfOrderBytes: number;
  maxOutOfOrderSegments: number;
  /** Out-of-order bytes held over all flows; the flow that would pass it ends (reason `byte-cap`). */
  maxTotalBufferedBytes: number;
  /** IP datagrams under reassembly at once. */
  maxPendingDatagrams: number;
  /** Fragment bytes held over all datagrams under reassembly. */
  maxFragmentBytes: number;
  fragmentTimeoutSec: number;
}

export const DEFAULT_FLOW_TABLE_OPTIONS: Readonly<FlowTableOptions> = {
  idleTimeoutSec: DEFAULT_IDLE_TIMEOUT_SEC,
  closedTombstoneSec: DEFAULT_CLOSED_TOMBSTONE_SEC,
  maxFlows: DEFAULT_MAX_FLOWS,
  maxOutOfOrderBytes: DEFAULT_MAX_OUT_OF_ORDER_BYTES,
  maxOutOfOrderSegments: DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS,
  maxTotalBufferedBytes: DEFAULT_MAX_TOTAL_BUFFERED_BYTES,
  maxPendingDatagrams: DEFAULT_MAX_PENDING_DATAGRAMS,
  maxFragmentBytes: DEFAULT_MAX_FRAGMENT_BYTES,
  fragmentTimeoutSec: DEFAULT_FRAGMENT_TIMEOUT_SEC,
};

/** The options given, each missing or undefined one taken from the defaults. */
export function withDefaults(opts: Partial<FlowTableOptions>): FlowTableOptions {
  const merged = { ...DEFAULT_FLOW_TABLE_OPTIONS };
  for (const key of Object.keys(merged) as Array<keyof FlowTableOptions>) merged[key] = opts[key] ?? merged[key];
  return merged;
}
