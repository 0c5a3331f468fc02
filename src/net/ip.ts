/** IPv4 (RFC 791) and IPv6 (RFC 8200) headers, IPv6 extension headers, and fragment detection. */
import { IPPROTO } from './consts';
import { D_IGNORED, D_MALFORMED, D_OK, D_TRUNCATED, type DecodeCode, type DecodedPacket } from './decoded-packet';
import { decodeTransport } from './transport';

const IPV4_MIN_HEADER = 20;
const IPV6_HEADER = 40;
const IPV6_FRAGMENT_HEADER = 8;
/** Extension headers followed in one IPv6 packet before it counts as malformed. */
const MAX_IPV6_EXTENSIONS = 16;

/** Raw IP (LINKTYPE_RAW and friends): the version nibble picks IPv4 or IPv6. */
export function decodeIpAuto(data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  if (limit <= off) return D_TRUNCATED;
  const version = data[off] >> 4;
  if (version === 4) return decodeIpv4(data, off, limit, out, depth);
  if (version === 6) return decodeIpv6(data, off, limit, out, depth);
  return D_MALFORMED;
}

/**
 * Where an IP datagram claiming to end at `claimedEnd` really ends. Past `limit`: when the bytes run to the end of
 * the frame, the snaplen (or an inconsistent length) cut it and `out.cut` records that; inside a shorter
 * container (a tunnel payload, a PPPoE session) the length is simply wrong. Returns -1 for wrong.
 */
function clampEnd(claimedEnd: number, limit: number, out: DecodedPacket): number {
  if (claimedEnd <= limit) return claimedEnd;
  if (limit !== out.frameEnd && !out.cut) return -1;
  out.cut = true;
  return limit;
}

export function decodeIpv4(data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  if (limit - off < IPV4_MIN_HEADER) return D_TRUNCATED;
  const b0 = data[off];
  if (b0 >> 4 !== 4) return D_MALFORMED;
  const headerLen = (b0 & 0x0f) << 2;
  if (headerLen < IPV4_MIN_HEADER) return D_MALFORMED;
  let totalLen = (data[off + 2] << 8) | data[off + 3];
  // A zero total length is what TCP segmentation offload leaves in captures taken on the sending host.
  if (totalLen === 0) totalLen = limit - off;
  if (totalLen < headerLen) return D_MALFORMED;
  const claimedEnd = off + totalLen;
  const end = clampEnd(claimedEnd, limit, out);
  if (end < 0) return D_MALFORMED;
  if (end < off + headerLen) return D_TRUNCATED;
  out.ipVersion = 4;
  out.addrBuf = data;
  out.srcOff = off + 12;
  out.dstOff = off + 16;
  const proto = data[off + 9];
  const frag = (data[off + 6] << 8) | data[off + 7];
  const fragOffset = (frag & 0x1fff) << 3;
  const more = (frag & 0x2000) !== 0;
  const payloadOff = off + headerLen;
  if (fragOffset !== 0 || more) {
    return setFragment(out, proto, (data[off + 4] << 8) | data[off + 5], fragOffset, more, data, payloadOff, end, claimedEnd, depth);
  }
  return decodeTransport(proto, data, payloadOff, end, claimedEnd - end, out, depth);
}

export function decodeIpv6(data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  if (limit - off < IPV6_HEADER) return D_TRUNCATED;
  if (data[off] >> 4 !== 6) return D_MALFORMED;
  let payloadLen = (data[off + 4] << 8) | data[off + 5];
  // Zero: a jumbogram (RFC 2675) or segmentation offload; the captured bytes are all we can go by.
  if (payloadLen === 0) payloadLen = limit - off - IPV6_HEADER;
  const claimedEnd = off + IPV6_HEADER + payloadLen;
  const end = clampEnd(claimedEnd, limit, out);
  if (end < 0) return D_MALFORMED;
  out.ipVersion = 6;
  out.addrBuf = data;
  out.srcOff = off + 8;
  out.dstOff = off + 24;
  return decodeIpv6Chain(data[off + 6], data, off + IPV6_HEADER, end, claimedEnd - end, out, depth);
}

/**
 * The IPv6 extension-header chain starting with `next` at `off`, then the transport (RFC 8200 §4).
 * Also decodes the rest of a reassembled IPv6 datagram (headers after the fragment header).
 */
export function decodeIpv6Chain(next: number, data: Buffer, off: number, end: number, cutBytes: number, out: DecodedPacket, depth: number): DecodeCode {
  let p = off;
  for (let n = 0; n < MAX_IPV6_EXTENSIONS; n++) {
    switch (next) {
      case IPPROTO.HOPOPTS:
      case IPPROTO.ROUTING:
      case IPPROTO.DSTOPTS: {
        if (end - p < 2) return D_TRUNCATED;
        next = data[p];
        p += (data[p + 1] + 1) << 3;
        if (p > end) return D_TRUNCATED;
        break;
      }
      case IPPROTO.AH: {
        // RFC 4302 §2.2: the length counts 32-bit words minus 2.
        if (end - p < 2) return D_TRUNCATED;
        next = data[p];
        p += (data[p + 1] + 2) << 2;
        if (p > end) return D_TRUNCATED;
        break;
      }
      case IPPROTO.FRAGMENT: {
        if (end - p < IPV6_FRAGMENT_HEADER) return D_TRUNCATED;
        next = data[p];
        const field = (data[p + 2] << 8) | data[p + 3];
        const id = ((data[p + 4] << 24) | (data[p + 5] << 16) | (data[p + 6] << 8) | data[p + 7]) >>> 0;
        p += IPV6_FRAGMENT_HEADER;
        const fragOffset = field & 0xfff8;
        const more = (field & 1) !== 0;
        // An atomic fragment (offset 0, no more) is a whole datagram (RFC 6946).
        if (fragOffset !== 0 || more) return setFragment(out, next, id, fragOffset, more, data, p, end, end + cutBytes, depth);
        break;
      }
      case IPPROTO.ESP:
      case IPPROTO.NONE:
        return D_IGNORED;
      default:
        return decodeTransport(next, data, p, end, cutBytes, out, depth);
    }
  }
  return D_MALFORMED;
}

function setFragment(
  out: DecodedPacket, proto: number, id: number, fragOffset: number, more: boolean,
  data: Buffer, payloadOff: number, end: number, claimedEnd: number, depth: number,
): DecodeCode {
  out.tunnelDepth = depth;
  out.fragment = true;
  out.proto = proto;
  out.fragId = id;
  out.fragOffset = fragOffset;
  out.fragMore = more;
  out.payloadBuf = data;
  out.payloadOff = payloadOff;
  out.payloadLen = end - payloadOff;
  out.payloadWireLen = claimedEnd - payloadOff;
  return D_OK;
}
