/**
 * Tunnels sensors see: GRE (RFC 2784/2890, with ERSPAN I–III), VXLAN (RFC 7348), Geneve (RFC 8926), GTP-U
 * (3GPP TS 29.281) and MPLS (RFC 3032).
 */
import { ETHERTYPE, MAX_ENCAP_DEPTH, MAX_MPLS_LABELS } from './consts';
import { D_IGNORED, D_MALFORMED, D_TRUNCATED, type DecodeCode, type DecodedPacket } from './decoded-packet';
import { decodeIpv4, decodeIpv6 } from './ip';
import { decodeEtherType, decodeEthernet } from './link-layers';

const GRE_CHECKSUM = 0x8000;
const GRE_ROUTING = 0x4000;
const GRE_KEY = 0x2000;
const GRE_SEQUENCE = 0x1000;
const GRE_VERSION_MASK = 0x0007;
const ERSPAN_2_HEADER = 8;
const ERSPAN_3_HEADER = 12;
const ERSPAN_3_SUBHEADER = 8;
const VXLAN_HEADER = 8;
const VXLAN_FLAG_VNI = 0x08;
const GENEVE_HEADER = 8;
const GTP_HEADER = 8;
const GTP_OPTIONAL_FIELDS = 4;
const GTP_G_PDU = 0xff;
/** GTP-U extension headers followed before the packet counts as malformed. */
const MAX_GTP_EXTENSIONS = 8;

/** GRE version 0 with optional checksum, key and sequence number; the protocol type is an EtherType (or ERSPAN). */
export function decodeGre(data: Buffer, off: number, end: number, out: DecodedPacket, depth: number): DecodeCode {
  if (end - off < 4) return D_TRUNCATED;
  const flags = (data[off] << 8) | data[off + 1];
  // Version 1 is PPTP's enhanced GRE and the RFC 1701 routing field is obsolete: neither carries what we follow.
  if ((flags & GRE_VERSION_MASK) !== 0 || (flags & GRE_ROUTING) !== 0) return D_IGNORED;
  const type = (data[off + 2] << 8) | data[off + 3];
  let p = off + 4;
  if (flags & GRE_CHECKSUM) p += 4;
  if (flags & GRE_KEY) p += 4;
  if (flags & GRE_SEQUENCE) p += 4;
  if (p > end) return D_TRUNCATED;
  if (type === ETHERTYPE.TEB) return decodeEthernet(data, p, end, out, depth);
  // ERSPAN type I has no header of its own and no GRE sequence number; type II has both.
  if (type === ETHERTYPE.ERSPAN_2) return decodeEthernet(data, flags & GRE_SEQUENCE ? p + ERSPAN_2_HEADER : p, end, out, depth);
  if (type === ETHERTYPE.ERSPAN_3) {
    if (end - p < ERSPAN_3_HEADER) return D_TRUNCATED;
    // The O flag (last bit of the header) announces an 8-byte platform-specific subheader.
    const subheader = data[p + ERSPAN_3_HEADER - 1] & 1 ? ERSPAN_3_SUBHEADER : 0;
    return decodeEthernet(data, p + ERSPAN_3_HEADER + subheader, end, out, depth);
  }
  return decodeEtherType(type, data, p, end, out, depth);
}

/** The I flag must be set for a valid VNI (RFC 7348 §5); anything else on port 4789 stays plain UDP. */
export function looksLikeVxlan(data: Buffer, off: number, end: number): boolean {
  return end - off >= VXLAN_HEADER && (data[off] & VXLAN_FLAG_VNI) !== 0;
}

export function decodeVxlan(data: Buffer, off: number, end: number, out: DecodedPacket, depth: number): DecodeCode {
  return decodeEthernet(data, off + VXLAN_HEADER, end, out, depth);
}

/** Version 0 with a protocol type we can follow; anything else on port 6081 stays plain UDP. */
export function looksLikeGeneve(data: Buffer, off: number, end: number): boolean {
  if (end - off < GENEVE_HEADER || data[off] >> 6 !== 0) return false;
  const type = (data[off + 2] << 8) | data[off + 3];
  return type === ETHERTYPE.TEB || type === ETHERTYPE.IPV4 || type === ETHERTYPE.IPV6;
}

/** RFC 8926 §3.4: ver(2) optLen(6, in 4-byte words), flags, protocol type, VNI, reserved, then options. */
export function decodeGeneve(data: Buffer, off: number, end: number, out: DecodedPacket, depth: number): DecodeCode {
  const p = off + GENEVE_HEADER + ((data[off] & 0x3f) << 2);
  if (p > end) return D_TRUNCATED;
  const type = (data[off + 2] << 8) | data[off + 3];
  if (type === ETHERTYPE.TEB) return decodeEthernet(data, p, end, out, depth);
  return decodeEtherType(type, data, p, end, out, depth);
}

/** GTPv1 (version 1, protocol type GTP) carrying user data (G-PDU); anything else on port 2152 stays plain UDP. */
export function looksLikeGtpU(data: Buffer, off: number, end: number): boolean {
  return end - off >= GTP_HEADER && (data[off] & 0xf0) === 0x30 && data[off + 1] === GTP_G_PDU;
}

/** TS 29.281 §5.1: flags, type, length, TEID; sequence/N-PDU/next-extension when any of E, S, PN is set; then a T-PDU. */
export function decodeGtpU(data: Buffer, off: number, end: number, out: DecodedPacket, depth: number): DecodeCode {
  const flags = data[off];
  let p = off + GTP_HEADER;
  if (flags & 0x07) {
    if (end - p < GTP_OPTIONAL_FIELDS) return D_TRUNCATED;
    let next = data[p + 3];
    p += GTP_OPTIONAL_FIELDS;
    // Extension headers (§5.2): a length in 4-byte units, contents, then the next extension type.
    for (let n = 0; next !== 0; n++) {
      if (n >= MAX_GTP_EXTENSIONS) return D_MALFORMED;
      if (p >= end) return D_TRUNCATED;
      const len = data[p] << 2;
      if (len === 0) return D_MALFORMED;
      if (p + len > end) return D_TRUNCATED;
      next = data[p + len - 1];
      p += len;
    }
  }
  if (p >= end) return D_TRUNCATED;
  const version = data[p] >> 4;
  if (version === 4) return decodeIpv4(data, p, end, out, depth);
  if (version === 6) return decodeIpv6(data, p, end, out, depth);
  return D_IGNORED;
}

/** An MPLS label stack; after the bottom label the payload's first nibble tells IPv4, IPv6 or a pseudowire control word. */
export function decodeMpls(data: Buffer, off: number, end: number, out: DecodedPacket, depth: number): DecodeCode {
  if (depth >= MAX_ENCAP_DEPTH) return D_IGNORED;
  let p = off;
  for (let n = 0; ; n++) {
    if (n >= MAX_MPLS_LABELS) return D_MALFORMED;
    if (end - p < 4) return D_TRUNCATED;
    const bottom = (data[p + 2] & 1) !== 0;
    p += 4;
    if (bottom) break;
  }
  if (p >= end) return D_TRUNCATED;
  const nibble = data[p] >> 4;
  if (nibble === 4) return decodeIpv4(data, p, end, out, depth + 1);
  if (nibble === 6) return decodeIpv6(data, p, end, out, depth + 1);
  // RFC 4385 control word (first nibble 0) in front of an Ethernet pseudowire.
  if (nibble === 0) return decodeEthernet(data, p + 4, end, out, depth + 1);
  return D_IGNORED;
}
