/** TCP (RFC 9293) and UDP (RFC 768) headers, and the IP protocols / UDP ports that start a tunnel. */
import { GENEVE_PORT, GTP_U_PORT, IPPROTO, MAX_ENCAP_DEPTH, VXLAN_PORT } from './consts';
import { D_IGNORED, D_MALFORMED, D_OK, D_TRUNCATED, type DecodeCode, type DecodedPacket } from './decoded-packet';
import { decodeIpv4, decodeIpv6 } from './ip';
import { decodeGeneve, decodeGre, decodeGtpU, decodeVxlan, looksLikeGeneve, looksLikeGtpU, looksLikeVxlan } from './tunnels';

const TCP_MIN_HEADER = 20;
const UDP_HEADER = 8;

/**
 * The IP payload `[off, end)` of protocol `proto`; `cutBytes` is how many bytes the snaplen removed after `end`.
 */
export function decodeTransport(proto: number, data: Buffer, off: number, end: number, cutBytes: number, out: DecodedPacket, depth: number): DecodeCode {
  switch (proto) {
    case IPPROTO.TCP:
      return decodeTcp(data, off, end, cutBytes, out, depth);
    case IPPROTO.UDP:
      return decodeUdp(data, off, end, cutBytes, out, depth);
    case IPPROTO.IPIP:
      return depth < MAX_ENCAP_DEPTH ? decodeIpv4(data, off, end, out, depth + 1) : D_IGNORED;
    case IPPROTO.IPV6:
      return depth < MAX_ENCAP_DEPTH ? decodeIpv6(data, off, end, out, depth + 1) : D_IGNORED;
    case IPPROTO.GRE:
      return depth < MAX_ENCAP_DEPTH ? decodeGre(data, off, end, out, depth + 1) : D_IGNORED;
    default:
      return D_IGNORED;
  }
}

function decodeTcp(data: Buffer, off: number, end: number, cutBytes: number, out: DecodedPacket, depth: number): DecodeCode {
  if (end - off < TCP_MIN_HEADER) return cutBytes > 0 ? D_TRUNCATED : D_MALFORMED;
  const headerLen = (data[off + 12] >> 4) << 2;
  if (headerLen < TCP_MIN_HEADER) return D_MALFORMED;
  if (off + headerLen > end) return cutBytes > 0 ? D_TRUNCATED : D_MALFORMED;
  out.proto = IPPROTO.TCP;
  out.srcPort = (data[off] << 8) | data[off + 1];
  out.dstPort = (data[off + 2] << 8) | data[off + 3];
  out.tcpSeq = ((data[off + 4] << 24) | (data[off + 5] << 16) | (data[off + 6] << 8) | data[off + 7]) >>> 0;
  out.tcpAck = ((data[off + 8] << 24) | (data[off + 9] << 16) | (data[off + 10] << 8) | data[off + 11]) >>> 0;
  out.tcpFlags = data[off + 13];
  out.payloadBuf = data;
  out.payloadOff = off + headerLen;
  out.payloadLen = end - out.payloadOff;
  out.payloadWireLen = out.payloadLen + cutBytes;
  out.tunnelDepth = depth;
  return D_OK;
}

function decodeUdp(data: Buffer, off: number, end: number, cutBytes: number, out: DecodedPacket, depth: number): DecodeCode {
  if (end - off < UDP_HEADER) return cutBytes > 0 ? D_TRUNCATED : D_MALFORMED;
  let udpLen = (data[off + 4] << 8) | data[off + 5];
  // Zero only in IPv6 jumbograms (RFC 2675 §4): the IP length rules.
  if (udpLen === 0) udpLen = end + cutBytes - off;
  if (udpLen < UDP_HEADER || off + udpLen > end + cutBytes) return D_MALFORMED;
  const udpEnd = Math.min(off + udpLen, end);
  const srcPort = (data[off] << 8) | data[off + 1];
  const dstPort = (data[off + 2] << 8) | data[off + 3];
  const p = off + UDP_HEADER;
  if (depth < MAX_ENCAP_DEPTH) {
    if (dstPort === VXLAN_PORT && looksLikeVxlan(data, p, udpEnd)) return decodeVxlan(data, p, udpEnd, out, depth + 1);
    if (dstPort === GENEVE_PORT && looksLikeGeneve(data, p, udpEnd)) return decodeGeneve(data, p, udpEnd, out, depth + 1);
    if (dstPort === GTP_U_PORT && looksLikeGtpU(data, p, udpEnd)) return decodeGtpU(data, p, udpEnd, out, depth + 1);
  }
  out.proto = IPPROTO.UDP;
  out.srcPort = srcPort;
  out.dstPort = dstPort;
  out.payloadBuf = data;
  out.payloadOff = p;
  out.payloadLen = udpEnd - p;
  out.payloadWireLen = udpLen - UDP_HEADER;
  out.tunnelDepth = depth;
  return D_OK;
}
