/** Link-layer headers in front of IP: Ethernet (+802.1Q/QinQ, PPPoE, MPLS), Linux SLL/SLL2, raw IP, BSD loopback. */
import { AF_INET, AF_INET6_VALUES, ETHERTYPE, LINKTYPE, PPP_PROTO } from './consts';
import { D_IGNORED, D_MALFORMED, D_TRUNCATED, type DecodeCode, type DecodedPacket } from './decoded-packet';
import { decodeIpAuto, decodeIpv4, decodeIpv6 } from './ip';
import { decodeMpls } from './tunnels';

const ETHERNET_HEADER = 14;
const SLL_HEADER = 16;
const SLL2_HEADER = 20;
const NULL_HEADER = 4;
const PPPOE_HEADER = 6;
/** VLAN tags followed before giving up (QinQ is 2; a few more are seen in carrier captures). */
const MAX_VLAN_TAGS = 8;

/** Decodes the whole frame of `linkType` at `data[off, end)`. */
export function decodeLink(linkType: number, data: Buffer, off: number, end: number, out: DecodedPacket): DecodeCode {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return decodeEthernet(data, off, end, out, 0);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_DLT12:
    case LINKTYPE.RAW_DLT14:
      return decodeIpAuto(data, off, end, out, 0);
    case LINKTYPE.IPV4:
      return decodeIpv4(data, off, end, out, 0);
    case LINKTYPE.IPV6:
      return decodeIpv6(data, off, end, out, 0);
    case LINKTYPE.LINUX_SLL:
      if (end - off < SLL_HEADER) return D_TRUNCATED;
      return decodeEtherType((data[off + 14] << 8) | data[off + 15], data, off + SLL_HEADER, end, out, 0);
    case LINKTYPE.LINUX_SLL2:
      if (end - off < SLL2_HEADER) return D_TRUNCATED;
      return decodeEtherType((data[off] << 8) | data[off + 1], data, off + SLL2_HEADER, end, out, 0);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return decodeNull(data, off, end, out);
    case LINKTYPE.PPP:
    case LINKTYPE.PPP_HDLC:
      // RFC 1662 §3.1: an optional 0xff 0x03 address/control pair in front of the protocol field.
      return decodePpp(data, end - off >= 2 && data[off] === 0xff && data[off + 1] === 0x03 ? off + 2 : off, end, out, 0);
    default:
      return D_IGNORED;
  }
}

/** BSD loopback: a 4-byte address family, in host order (NULL) or network order (LOOP); both are accepted for either. */
function decodeNull(data: Buffer, off: number, end: number, out: DecodedPacket): DecodeCode {
  if (end - off < NULL_HEADER) return D_TRUNCATED;
  const le = data.readUInt32LE(off);
  const family = le < 256 ? le : data.readUInt32BE(off);
  if (family === AF_INET) return decodeIpv4(data, off + NULL_HEADER, end, out, 0);
  if (AF_INET6_VALUES.includes(family)) return decodeIpv6(data, off + NULL_HEADER, end, out, 0);
  return D_IGNORED;
}

/** An Ethernet II frame at `off` (also the payload of GRE/VXLAN/Geneve bridging). */
export function decodeEthernet(data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  if (limit < off + ETHERNET_HEADER) return D_TRUNCATED;
  const type = (data[off + 12] << 8) | data[off + 13];
  // Values below 0x0600 are 802.3 lengths (LLC/SNAP frames: STP, CDP, …), not EtherTypes.
  if (type < 0x0600) return D_IGNORED;
  return decodeEtherType(type, data, off + ETHERNET_HEADER, limit, out, depth);
}

/** The payload at `off` (ending at `limit`) of a header whose EtherType is `etherType`. */
export function decodeEtherType(etherType: number, data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  let type = etherType;
  for (let tags = 0; tags <= MAX_VLAN_TAGS; tags++) {
    switch (type) {
      case ETHERTYPE.IPV4:
        return decodeIpv4(data, off, limit, out, depth);
      case ETHERTYPE.IPV6:
        return decodeIpv6(data, off, limit, out, depth);
      case ETHERTYPE.VLAN:
      case ETHERTYPE.QINQ:
      case ETHERTYPE.QINQ_OLD:
        // 2-byte TCI, then the next EtherType.
        if (limit < off + 4) return D_TRUNCATED;
        type = (data[off + 2] << 8) | data[off + 3];
        off += 4;
        break;
      case ETHERTYPE.PPPOE_SESSION:
        return decodePppoeSession(data, off, limit, out, depth);
      case ETHERTYPE.MPLS_UNICAST:
      case ETHERTYPE.MPLS_MULTICAST:
        return decodeMpls(data, off, limit, out, depth);
      default:
        return D_IGNORED;
    }
  }
  return D_MALFORMED;
}

/** RFC 2516 §4: ver/type, code, session id, length, then a PPP frame. */
function decodePppoeSession(data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  if (limit < off + PPPOE_HEADER + 1) return D_TRUNCATED;
  if (data[off] !== 0x11 || data[off + 1] !== 0) return D_MALFORMED;
  // The session length is not trusted: equipment in the wild writes it short (zeek's pppoe-over-qinq trace);
  // the IP length inside bounds the datagram.
  return decodePpp(data, off + PPPOE_HEADER, limit, out, depth);
}

/** A PPP protocol field (RFC 1661 §2) and its IPv4 (0x0021) or IPv6 (0x0057) payload. */
function decodePpp(data: Buffer, off: number, limit: number, out: DecodedPacket, depth: number): DecodeCode {
  if (limit < off + 1) return D_TRUNCATED;
  // Protocol-field compression (RFC 1661 §6.5): an odd first byte is a 1-byte protocol.
  let proto: number;
  let p = off;
  if (data[p] & 1) {
    proto = data[p];
    p += 1;
  } else {
    if (limit < p + 2) return D_TRUNCATED;
    proto = (data[p] << 8) | data[p + 1];
    p += 2;
  }
  if (proto === PPP_PROTO.IPV4) return decodeIpv4(data, p, limit, out, depth);
  if (proto === PPP_PROTO.IPV6) return decodeIpv6(data, p, limit, out, depth);
  return D_IGNORED;
}
