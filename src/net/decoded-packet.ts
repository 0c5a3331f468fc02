/** The reusable result of decoding one frame: views and numbers only, no strings. */

/**
 * What `decodeFrame` made of a frame.
 * - `ok`: `DecodedPacket` holds a TCP or UDP header (or an IP fragment) of the innermost flow.
 * - `ignored`: a link type or protocol we do not follow (ARP, ICMP, ESP, …).
 * - `malformed`: a header that cannot be right (too short, bad version, lengths past the frame).
 * - `snap-cut`: the snaplen cut the frame; when the transport header survived, `proto` is set and
 *   `payloadWireLen > payloadLen`, otherwise `proto` is 0.
 */
export type DecodeResult = 'ok' | 'ignored' | 'malformed' | 'snap-cut';

const EMPTY = Buffer.alloc(0);

/** One object per reader, overwritten by every decode (stable shape for the hot path). */
export class DecodedPacket {
  /** IP version of the innermost header. */
  ipVersion: 4 | 6 = 4;
  /** Buffer holding both addresses of the innermost IP header (the frame, or a reassembled datagram). */
  addrBuf: Buffer = EMPTY;
  /** Offsets of the source and destination address in `addrBuf` (4 bytes for IPv4, 16 for IPv6). */
  srcOff = 0;
  dstOff = 0;
  /** Transport protocol number (6 TCP, 17 UDP); 0 when no transport header was decoded. */
  proto = 0;
  srcPort = 0;
  dstPort = 0;
  /** TCP sequence and acknowledgement numbers (unsigned 32-bit) and flag byte. */
  tcpSeq = 0;
  tcpAck = 0;
  tcpFlags = 0;
  /** Transport payload: `payloadBuf[payloadOff, payloadOff + payloadLen)`. */
  payloadBuf: Buffer = EMPTY;
  payloadOff = 0;
  payloadLen = 0;
  /** Payload length the headers announce; larger than `payloadLen` only when the snaplen cut the frame. */
  payloadWireLen = 0;
  /** True when the innermost IP header is a fragment: then the payload is the fragment's data and `proto` its protocol. */
  fragment = false;
  /** IP identification (16 bits for IPv4, 32 bits for the IPv6 fragment header). */
  fragId = 0;
  /** Byte offset of this fragment in the datagram. */
  fragOffset = 0;
  fragMore = false;
  /** Tunnels unwrapped to reach the innermost header. */
  tunnelDepth = 0;
  /** Where the frame (or reassembled payload) being decoded ends in its buffer: an IP length past it was cut. */
  frameEnd = 0;
  /** Set while decoding when an IP length reached past the captured bytes. */
  cut = false;

  reset(): void {
    this.proto = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpFlags = 0;
    this.payloadBuf = EMPTY;
    this.payloadOff = 0;
    this.payloadLen = 0;
    this.payloadWireLen = 0;
    this.fragment = false;
    this.fragId = 0;
    this.fragOffset = 0;
    this.fragMore = false;
    this.tunnelDepth = 0;
    this.cut = false;
  }
}

/** Internal result codes of the decoders (numbers: cheaper than strings between the small functions). */
export const D_OK = 0;
export const D_IGNORED = 1;
export const D_MALFORMED = 2;
/** A header runs past the captured bytes (snap-cut or malformed, decided by the frame's original length). */
export const D_TRUNCATED = 3;
export type DecodeCode = 0 | 1 | 2 | 3;
