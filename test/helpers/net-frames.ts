/**
 * Builders for the link layers, tunnels and IP extras the net stage decodes (on top of frames.ts).
 * Layouts: Linux SLL https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html, SLL2
 * https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html, BSD loopback https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html,
 * PPPoE RFC 2516 §4, GRE RFC 2784/2890, VXLAN RFC 7348 §5, Geneve RFC 8926 §3, IPv6 RFC 8200 §4, MPLS RFC 3032.
 */
import { ipv4, ipv4Bytes } from './frames';

export function sll(protocol: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0); // packet sent to us
  h.writeUInt16BE(1, 2); // ARPHRD_ETHER
  h.writeUInt16BE(6, 4);
  h.writeUIntBE(0x020000000001, 6, 6);
  h.writeUInt16BE(protocol, 14);
  return Buffer.concat([h, payload]);
}

export function sll2(protocol: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(protocol, 0);
  h.writeUInt32BE(3, 4); // interface index
  h.writeUInt16BE(1, 8); // ARPHRD_ETHER
  h[10] = 4; // outgoing
  h[11] = 6;
  h.writeUIntBE(0x020000000001, 12, 6);
  return Buffer.concat([h, payload]);
}

/** BSD loopback header: the address family as 4 bytes in little- or big-endian order. */
export function nullFrame(family: number, payload: Buffer, bigEndian: boolean): Buffer {
  const h = Buffer.alloc(4);
  if (bigEndian) h.writeUInt32BE(family);
  else h.writeUInt32LE(family);
  return Buffer.concat([h, payload]);
}

/** PPPoE session header + PPP protocol field (the Ethernet payload for EtherType 0x8864). */
export function pppoeSession(pppProtocol: number, payload: Buffer, sessionId = 0x1234): Buffer {
  const h = Buffer.alloc(8);
  h[0] = 0x11;
  h[1] = 0;
  h.writeUInt16BE(sessionId, 2);
  h.writeUInt16BE(payload.length + 2, 4);
  h.writeUInt16BE(pppProtocol, 6);
  return Buffer.concat([h, payload]);
}

/** Ethernet with explicit tag protocol identifiers: `tags` are [TPID, VLAN id] pairs, outermost first. */
export function taggedEthernet(payload: Buffer, etherType: number, tags: Array<[number, number]>): Buffer {
  const head = Buffer.alloc(12);
  head.writeUIntBE(0x020000000001, 0, 6);
  head.writeUIntBE(0x020000000002, 6, 6);
  const parts = [head];
  for (const [tpid, vid] of tags) {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(tpid, 0);
    t.writeUInt16BE(vid, 2);
    parts.push(t);
  }
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType);
  return Buffer.concat([...parts, type, payload]);
}

export function gre(protocol: number, payload: Buffer, opts: { key?: number; seq?: number; checksum?: boolean } = {}): Buffer {
  let flags = 0;
  const extra: Buffer[] = [];
  if (opts.checksum) {
    flags |= 0x8000;
    extra.push(Buffer.alloc(4));
  }
  if (opts.key !== undefined) {
    flags |= 0x2000;
    const k = Buffer.alloc(4);
    k.writeUInt32BE(opts.key);
    extra.push(k);
  }
  if (opts.seq !== undefined) {
    flags |= 0x1000;
    const s = Buffer.alloc(4);
    s.writeUInt32BE(opts.seq);
    extra.push(s);
  }
  const h = Buffer.alloc(4);
  h.writeUInt16BE(flags, 0);
  h.writeUInt16BE(protocol, 2);
  return Buffer.concat([h, ...extra, payload]);
}

/** ERSPAN type II header (draft-foschiano-erspan-03 §4.2): ver 1, VLAN, session, index. */
export function erspan2(innerEthernet: Buffer, session = 7): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x1000, 0);
  h.writeUInt16BE(session & 0x3ff, 2);
  return Buffer.concat([h, innerEthernet]);
}

/** ERSPAN type III header (§4.3), with the optional 8-byte platform subheader when `platform` is set. */
export function erspan3(innerEthernet: Buffer, platform: boolean): Buffer {
  const h = Buffer.alloc(12 + (platform ? 8 : 0));
  h.writeUInt16BE(0x2000, 0);
  h.writeUInt32BE(123456, 4); // timestamp
  if (platform) h[11] |= 1;
  return Buffer.concat([h, innerEthernet]);
}

export function vxlan(vni: number, innerEthernet: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = 0x08;
  h.writeUIntBE(vni, 4, 3);
  return Buffer.concat([h, innerEthernet]);
}

/** Geneve header with raw option bytes (a multiple of 4). */
export function geneve(protocol: number, vni: number, options: Buffer, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = options.length / 4;
  h.writeUInt16BE(protocol, 2);
  h.writeUIntBE(vni, 4, 3);
  return Buffer.concat([h, options, payload]);
}

/** One Geneve option TLV (RFC 8926 §3.5): class, type, length in 4-byte words, data. */
export function geneveOption(optClass: number, type: number, data: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(optClass, 0);
  h[2] = type;
  h[3] = data.length / 4;
  return Buffer.concat([h, data]);
}

/** GTPv1-U G-PDU (3GPP TS 29.281 §5.1); with `extension` set, a PDU-session-container-like extension header. */
export function gtpU(teid: number, innerIp: Buffer, extension = false): Buffer {
  const optional = extension ? Buffer.from([0, 0, 0, 0x85, 1, 0x10, 0x01, 0x00]) : Buffer.alloc(0);
  const h = Buffer.alloc(8);
  h[0] = 0x30 | (extension ? 0x04 : 0);
  h[1] = 0xff;
  h.writeUInt16BE(optional.length + innerIp.length, 2);
  h.writeUInt32BE(teid, 4);
  return Buffer.concat([h, optional, innerIp]);
}

export function mpls(labels: number[], payload: Buffer): Buffer {
  const parts = labels.map((label, i) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(((label << 12) | (i === labels.length - 1 ? 0x100 : 0) | 64) >>> 0);
    return b;
  });
  return Buffer.concat([...parts, payload]);
}

/** An IPv6 extension header (hop-by-hop, routing, destination options): body padded to a multiple of 8 with its 2-byte head. */
export function ipv6Option(nextHeader: number, body: Buffer = Buffer.alloc(6)): Buffer {
  const len = Math.ceil((body.length + 2) / 8) * 8;
  const h = Buffer.alloc(len);
  h[0] = nextHeader;
  h[1] = len / 8 - 1;
  body.copy(h, 2);
  return h;
}

export function ipv6FragmentHeader(nextHeader: number, offset: number, more: boolean, id: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = nextHeader;
  h.writeUInt16BE((offset & 0xfff8) | (more ? 1 : 0), 2);
  h.writeUInt32BE(id >>> 0, 4);
  return h;
}

/** IPv4 fragments of `payload` (a transport segment), each carrying at most `size` bytes (a multiple of 8). */
export function ipv4Fragments(src: string, dst: string, proto: number, payload: Buffer, size: number, id = 0x4242): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const part = payload.subarray(off, off + size);
    out.push(ipv4(src, dst, proto, part, { id, fragOffset: off, moreFragments: off + size < payload.length }));
  }
  return out;
}

/** IPv4 header with options (`options` padded to 4 bytes by the caller). */
export function ipv4WithOptions(src: string, dst: string, proto: number, options: Buffer, payload: Buffer): Buffer {
  const ihl = 5 + options.length / 4;
  const h = Buffer.alloc(20);
  h[0] = 0x40 | ihl;
  h.writeUInt16BE(ihl * 4 + payload.length, 2);
  h[8] = 64;
  h[9] = proto;
  ipv4Bytes(src).copy(h, 12);
  ipv4Bytes(dst).copy(h, 16);
  return Buffer.concat([h, options, payload]);
}
