/** Numbers of the link, network and tunnel protocols the net stage follows, and its caps. */

/** LINKTYPE_* values (https://www.tcpdump.org/linktypes.html). */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  /** DLT_RAW as OpenBSD (14) and BSD/OS (12) number it; some files carry these values. */
  RAW_DLT12: 12,
  RAW_DLT14: 14,
  /** PPP in HDLC-like framing (RFC 1662). */
  PPP_HDLC: 50,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** EtherTypes (IEEE registry). */
export const ETHERTYPE = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  PPPOE_SESSION: 0x8864,
  MPLS_UNICAST: 0x8847,
  MPLS_MULTICAST: 0x8848,
  /** Transparent Ethernet Bridging: an Ethernet frame inside GRE or Geneve. */
  TEB: 0x6558,
  /** ERSPAN type I/II (draft-foschiano-erspan-03 §4.1/§4.2) and type III (§4.3) inside GRE. */
  ERSPAN_2: 0x88be,
  ERSPAN_3: 0x22eb,
} as const;

/** PPP protocol numbers carried in a PPPoE session (RFC 1661, RFC 5072). */
export const PPP_PROTO = { IPV4: 0x0021, IPV6: 0x0057 } as const;

/** BSD loopback address families: AF_INET is 2 everywhere, AF_INET6 differs per OS (NetBSD/OpenBSD 24, FreeBSD 28, macOS 30). */
export const AF_INET = 2;
export const AF_INET6_VALUES: readonly number[] = [24, 28, 30];

/** IP protocol / IPv6 next-header numbers (IANA). */
export const IPPROTO = {
  HOPOPTS: 0,
  IPIP: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  ROUTING: 43,
  FRAGMENT: 44,
  GRE: 47,
  ESP: 50,
  AH: 51,
  NONE: 59,
  DSTOPTS: 60,
} as const;

/** UDP ports of the tunnels we unwrap (RFC 7348 VXLAN, RFC 8926 Geneve, 3GPP TS 29.281 GTP-U). */
export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;
export const GTP_U_PORT = 2152;

/** TCP header flag bits (RFC 9293 §3.1). */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

/** Encapsulations nested deeper than this are ignored (a loop of tunnels cannot run away). */
export const MAX_ENCAP_DEPTH = 8;
/** MPLS label stacks deeper than this are treated as malformed. */
export const MAX_MPLS_LABELS = 16;

/** Largest IP datagram a reassembly may produce (the 16-bit length fields' limit). */
export const MAX_REASSEMBLED_BYTES = 65535;
/** Fragments kept per pending datagram; tiny-fragment floods stop here. */
export const MAX_FRAGMENTS_PER_DATAGRAM = 256;
/** Datagrams under reassembly at once; the oldest is dropped past this. */
export const DEFAULT_MAX_PENDING_DATAGRAMS = 4096;
/** Fragment bytes held over all pending datagrams; the oldest datagrams are dropped past this. */
export const DEFAULT_MAX_FRAGMENT_BYTES = 16 * 1024 * 1024;
/** Packet-time seconds after its first fragment that an incomplete datagram is dropped (Linux ipfrag_time). */
export const DEFAULT_FRAGMENT_TIMEOUT_SEC = 30;

/** Packet-time seconds without a packet after which a flow is evicted. */
export const DEFAULT_IDLE_TIMEOUT_SEC = 300;
/**
 * Packet-time seconds a flow that closed on the wire (FIN both ways or RST) is remembered, so that its trailing
 * ACKs and retransmissions do not open a new flow (TCP's TIME-WAIT is 2 MSL, 60 s on Linux).
 */
export const DEFAULT_CLOSED_TOMBSTONE_SEC = 60;
/** Out-of-order bytes buffered per flow direction before the hole is skipped. */
export const DEFAULT_MAX_OUT_OF_ORDER_BYTES = 1024 * 1024;
/** Out-of-order segments buffered per flow direction (bounds the bookkeeping of tiny segments). */
export const DEFAULT_MAX_OUT_OF_ORDER_SEGMENTS = 2048;
/** Out-of-order bytes buffered over all flows; the flow that would pass it ends with reason `byte-cap`. */
export const DEFAULT_MAX_TOTAL_BUFFERED_BYTES = 64 * 1024 * 1024;
/**
 * Flows tracked at once; past it the least recently active flow is evicted (reason `idle`, counted as
 * `limit.flow_table`). A flow record costs about 460 bytes of heap and one holding a half-read handshake about
 * 1.4 KB (its bytes are tls/'s MAX_TLS_HELD_BYTES), so a flood of SYNs or half-sent hellos stays near 140 MiB of
 * heap, inside scan's 300 MiB budget with the reassembly caps. Live connections are rarely evicted: the least
 * recently active go first, and tombstones of closed connections before them.
 */
export const DEFAULT_MAX_FLOWS = 100_000;
