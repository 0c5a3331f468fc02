/** Records of the capture stage: files in, `Packet`s out. */

/** A point in time as the capture file stores it: whole seconds since the epoch and nanoseconds within. */
export interface Timestamp {
  readonly sec: number;
  /** 0 ≤ nsec < 1e9; µs files give multiples of 1000. */
  readonly nsec: number;
}

/** Seconds a date can hold (ECMAScript time values, ±8.64e15 ms: years -271821 to 275760). */
export const MAX_TIME_SEC = 8.64e12;

/** Whether a time read from input can be a date; one outside (pcapng's 64-bit ticks, a Zeek `ts` of 1e17) is damage. */
export function isDateSafe(sec: number): boolean {
  return sec >= -MAX_TIME_SEC && sec <= MAX_TIME_SEC;
}

/**
 * One captured frame. Readers reuse one object per file, and its bytes sit in their read buffer (no view is made
 * per packet): both are valid only during the sink call. A consumer that keeps bytes copies them.
 */
export interface Packet {
  /** 1-based frame number within the file (as Wireshark counts). */
  frame: number;
  tsSec: number;
  tsNsec: number;
  /** LINKTYPE_* value (https://www.tcpdump.org/linktypes.html) of the interface that captured it. */
  linkType: number;
  /** The buffer holding the captured bytes: they are `buf[off, off + len)` (see `packetBytes`). */
  buf: Buffer;
  off: number;
  /** Captured length (may be shorter than `origLen` when the snaplen cut the frame). */
  len: number;
  /** Length of the frame on the wire. */
  origLen: number;
}

/** The captured bytes of `p` as a view (valid as long as the packet is). */
export function packetBytes(p: Packet): Buffer {
  return p.buf.subarray(p.off, p.off + p.len);
}

export type PacketSink = (packet: Packet) => void;

export type CaptureFormat = 'pcap' | 'pcapng';

/** Kinds of damage a reader can meet; each is counted, none is fatal. */
export type CaptureAnomalyKind =
  | 'truncated-file'        // the file ends inside a header or a packet
  | 'bad-record-length'     // a length field that cannot be right (past snaplen cap, 4 GB, not a multiple of 4 …)
  | 'unknown-interface'     // a pcapng packet names an interface no IDB declared
  | 'unknown-block'         // a pcapng block type we skip (counted, not an error)
  | 'bad-block'             // a pcapng block whose trailing length disagrees
  | 'oversized-record'      // a record or block over MAX_BUFFERED_RECORD_BYTES, skipped unread
  | 'bad-timestamp';        // a time past what a date can hold (year 275760): the packet is skipped

export interface CaptureAnomaly {
  kind: CaptureAnomalyKind;
  /** Byte offset in the (decompressed) stream where the damage starts. */
  offset: number;
  message: string;
}

export interface CaptureSummary {
  format: CaptureFormat;
  compressed: boolean;
  packets: number;
  /** Decompressed bytes read. */
  bytes: number;
  /** True when the input ended inside a record; everything before the cut was delivered. */
  truncated: boolean;
  /** The first anomalies met (at most MAX_ANOMALIES_KEPT); `anomalyCounts` counts them all. */
  anomalies: CaptureAnomaly[];
  /** Every anomaly met, by kind. */
  anomalyCounts?: Partial<Record<CaptureAnomalyKind, number>>;
  /** Packets whose captured length is shorter than their wire length (cut by the snaplen). */
  cutPackets?: number;
}
