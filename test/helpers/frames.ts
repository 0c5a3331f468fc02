/** Builds link, IP and transport headers for test captures. Checksums are left zero (no reader here checks them). */

export function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

export function ipv6Bytes(ip: string): Buffer {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

export function ethernet(payload: Buffer, etherType = 0x0800, vlans: number[] = []): Buffer {
  const head = Buffer.alloc(12, 0);
  head.writeUIntBE(0x020000000001, 0, 6);
  head.writeUIntBE(0x020000000002, 6, 6);
  const tags = vlans.map((vid, i) => {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(i === 0 && vlans.length > 1 ? 0x88a8 : 0x8100, 0);
    t.writeUInt16BE(vid, 2);
    return t;
  });
  // The TPID of each tag precedes its TCI; the last tag is followed by the real EtherType.
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType);
  return Buffer.concat([head, ...tags, type, payload]);
}

export function ipv4(src: string, dst: string, proto: number, payload: Buffer, opts: { id?: number; fragOffset?: number; moreFragments?: boolean; ttl?: number } = {}): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h.writeUInt16BE(opts.id ?? 1, 4);
  h.writeUInt16BE(((opts.moreFragments ? 1 : 0) << 13) | ((opts.fragOffset ?? 0) >> 3), 6);
  h[8] = opts.ttl ?? 64;
  h[9] = proto;
  ipv4Bytes(src).copy(h, 12);
  ipv4Bytes(dst).copy(h, 16);
  return Buffer.concat([h, payload]);
}

export function ipv6(src: string, dst: string, nextHeader: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = nextHeader;
  h[7] = 64;
  ipv6Bytes(src).copy(h, 8);
  ipv6Bytes(dst).copy(h, 24);
  return Buffer.concat([h, payload]);
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export function tcp(srcPort: number, dstPort: number, seq: number, ack: number, flags: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(srcPort, 0);
  h.writeUInt16BE(dstPort, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(ack >>> 0, 8);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}

export function udp(srcPort: number, dstPort: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(srcPort, 0);
  h.writeUInt16BE(dstPort, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

export interface TcpEnd {
  ip: string;
  port: number;
}

/** IP packet (v4 or v6 by address form) carrying a TCP segment. */
export function tcpPacket(from: TcpEnd, to: TcpEnd, seq: number, ack: number, flags: number, payload?: Buffer): Buffer {
  const seg = tcp(from.port, to.port, seq, ack, flags, payload);
  return from.ip.includes(':') ? ipv6(from.ip, to.ip, 6, seg) : ipv4(from.ip, to.ip, 6, seg);
}

export function udpPacket(from: TcpEnd, to: TcpEnd, payload: Buffer): Buffer {
  const d = udp(from.port, to.port, payload);
  return from.ip.includes(':') ? ipv6(from.ip, to.ip, 17, d) : ipv4(from.ip, to.ip, 17, d);
}

/**
 * A whole TCP conversation as IP packets: three-way handshake, then each message of `exchange` sent by its side in
 * segments of at most `mss` bytes, then FIN both ways. Sequence numbers start at the given ISNs (wrap allowed).
 */
export function tcpConversation(
  client: TcpEnd,
  server: TcpEnd,
  exchange: Array<{ from: 'client' | 'server'; data: Buffer }>,
  opts: { mss?: number; clientIsn?: number; serverIsn?: number; handshake?: boolean } = {},
): Buffer[] {
  const mss = opts.mss ?? 1460;
  let cseq = (opts.clientIsn ?? 1000) >>> 0;
  let sseq = (opts.serverIsn ?? 5000) >>> 0;
  const out: Buffer[] = [];
  if (opts.handshake !== false) {
    out.push(tcpPacket(client, server, cseq, 0, TCP_FLAGS.SYN));
    out.push(tcpPacket(server, client, sseq, cseq + 1, TCP_FLAGS.SYN | TCP_FLAGS.ACK));
    cseq = (cseq + 1) >>> 0;
    sseq = (sseq + 1) >>> 0;
    out.push(tcpPacket(client, server, cseq, sseq, TCP_FLAGS.ACK));
  }
  for (const m of exchange) {
    for (let off = 0; off < m.data.length; off += mss) {
      const chunk = m.data.subarray(off, off + mss);
      if (m.from === 'client') {
        out.push(tcpPacket(client, server, cseq, sseq, TCP_FLAGS.ACK | TCP_FLAGS.PSH, chunk));
        cseq = (cseq + chunk.length) >>> 0;
      } else {
        out.push(tcpPacket(server, client, sseq, cseq, TCP_FLAGS.ACK | TCP_FLAGS.PSH, chunk));
        sseq = (sseq + chunk.length) >>> 0;
      }
    }
  }
  out.push(tcpPacket(client, server, cseq, sseq, TCP_FLAGS.FIN | TCP_FLAGS.ACK));
  out.push(tcpPacket(server, client, sseq, (cseq + 1) >>> 0, TCP_FLAGS.FIN | TCP_FLAGS.ACK));
  return out;
}
