/**
 * Ethernet frames of the mixes with real IPv4/TCP/UDP checksums (RFC 791, RFC 793, RFC 768, RFC 8200 §8.1), so a
 * reader that checks them (Suricata does by default) takes every packet. Built straight into one buffer per frame.
 */
import { ipv4Bytes, ipv6Bytes } from '../../test/helpers/frames';

export interface Endpoint {
  readonly ip: Buffer;
  readonly port: number;
}

export function endpoint(ip: string, port: number): Endpoint {
  return { ip: ip.includes(':') ? ipv6Bytes(ip) : ipv4Bytes(ip), port };
}

/** Addressing of one flow as the sensor sees it: MACs, optional 802.1Q tag. */
export interface Wire {
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly vlan?: number;
}

export const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

const CLIENT_MAC = Buffer.from('02005e0010aa', 'hex');
const GATEWAY_MAC = Buffer.from('0200c0a80001', 'hex');

/** One's-complement sum of 16-bit words (odd tail padded), folded later. */
function sum16(buf: Buffer, start: number, end: number, acc: number): number {
  let i = start;
  for (; i + 1 < end; i += 2) acc += (buf[i] << 8) | buf[i + 1];
  if (i < end) acc += buf[i] << 8;
  return acc;
}

function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}

/** Link and IP headers; returns the offset of the transport header. */
function writeHeaders(frame: Buffer, wire: Wire, fromClient: boolean, proto: number, transportBytes: number, ipId: number): number {
  const src = fromClient ? wire.client : wire.server;
  const dst = fromClient ? wire.server : wire.client;
  (fromClient ? GATEWAY_MAC : CLIENT_MAC).copy(frame, 0);
  (fromClient ? CLIENT_MAC : GATEWAY_MAC).copy(frame, 6);
  let off = 12;
  if (wire.vlan !== undefined) {
    frame.writeUInt16BE(0x8100, off);
    frame.writeUInt16BE(wire.vlan, off + 2);
    off += 4;
  }
  const v6 = src.ip.length === 16;
  frame.writeUInt16BE(v6 ? 0x86dd : 0x0800, off);
  off += 2;
  if (v6) {
    frame.writeUInt32BE(0x60000000, off);
    frame.writeUInt16BE(transportBytes, off + 4);
    frame[off + 6] = proto;
    frame[off + 7] = 64;
    src.ip.copy(frame, off + 8);
    dst.ip.copy(frame, off + 24);
    return off + 40;
  }
  frame[off] = 0x45;
  frame[off + 1] = 0;
  frame.writeUInt16BE(20 + transportBytes, off + 2);
  frame.writeUInt16BE(ipId & 0xffff, off + 4);
  frame.writeUInt16BE(0x4000, off + 6); // don't fragment
  frame[off + 8] = fromClient ? 64 : 52;
  frame[off + 9] = proto;
  frame.writeUInt16BE(0, off + 10);
  src.ip.copy(frame, off + 12);
  dst.ip.copy(frame, off + 16);
  frame.writeUInt16BE(fold(sum16(frame, off, off + 20, 0)), off + 10);
  return off + 20;
}

/** Pseudo-header sum (RFC 793 §3.1, RFC 8200 §8.1). */
function pseudoSum(wire: Wire, fromClient: boolean, proto: number, length: number): number {
  const src = fromClient ? wire.client.ip : wire.server.ip;
  const dst = fromClient ? wire.server.ip : wire.client.ip;
  return sum16(dst, 0, dst.length, sum16(src, 0, src.length, proto + length));
}

function linkAndIpBytes(wire: Wire): number {
  return 14 + (wire.vlan !== undefined ? 4 : 0) + (wire.client.ip.length === 16 ? 40 : 20);
}

export interface TcpHeader {
  seq: number;
  ack: number;
  flags: number;
  /** TCP timestamps option (RFC 7323) values, or undefined for none. */
  tsval?: number;
  tsecr?: number;
  /** SYN options: MSS, SACK permitted, window scale. */
  syn?: boolean;
}

/** TCP options as Linux writes them (RFC 7323, RFC 2018): SYN: MSS, SACK permitted, timestamps, window scale. */
function optionBytes(h: TcpHeader): number {
  if (h.syn) return h.tsval !== undefined ? 20 : 12;
  return h.tsval !== undefined ? 12 : 0;
}

function writeOptions(frame: Buffer, o: number, h: TcpHeader): void {
  const ts = (at: number): void => {
    frame.writeUInt16BE(0x080a, at);
    frame.writeUInt32BE(h.tsval! >>> 0, at + 2);
    frame.writeUInt32BE((h.tsecr ?? 0) >>> 0, at + 6);
  };
  if (!h.syn) {
    if (h.tsval === undefined) return;
    frame.writeUInt16BE(0x0101, o); // NOP NOP
    ts(o + 2);
    return;
  }
  frame.writeUInt32BE(0x020405b4, o); // MSS 1460
  if (h.tsval !== undefined) {
    frame.writeUInt16BE(0x0402, o + 4); // SACK permitted
    ts(o + 6);
    frame.writeUInt32BE(0x01030307, o + 16); // NOP, window scale 7
  } else {
    frame.writeUInt32BE(0x01010402, o + 4); // NOP NOP SACK permitted
    frame.writeUInt32BE(0x01030307, o + 8); // NOP, window scale 7
  }
}

export function tcpFrame(wire: Wire, fromClient: boolean, h: TcpHeader, payload: Buffer | undefined, ipId: number): Buffer {
  const headerBytes = 20 + optionBytes(h);
  const dataBytes = payload?.length ?? 0;
  const frame = Buffer.allocUnsafe(linkAndIpBytes(wire) + headerBytes + dataBytes);
  const t = writeHeaders(frame, wire, fromClient, 6, headerBytes + dataBytes, ipId);
  frame.writeUInt16BE(fromClient ? wire.client.port : wire.server.port, t);
  frame.writeUInt16BE(fromClient ? wire.server.port : wire.client.port, t + 2);
  frame.writeUInt32BE(h.seq >>> 0, t + 4);
  frame.writeUInt32BE(h.flags & TCP.ACK ? h.ack >>> 0 : 0, t + 8);
  frame[t + 12] = (headerBytes / 4) << 4;
  frame[t + 13] = h.flags;
  frame.writeUInt16BE(h.syn ? 64240 : 2053, t + 14);
  frame.writeUInt32BE(0, t + 16); // checksum, urgent pointer
  writeOptions(frame, t + 20, h);
  if (payload) payload.copy(frame, t + headerBytes);
  const sum = sum16(frame, t, frame.length, pseudoSum(wire, fromClient, 6, headerBytes + dataBytes));
  frame.writeUInt16BE(fold(sum), t + 16);
  return frame;
}

export function udpFrame(wire: Wire, fromClient: boolean, payload: Buffer, ipId: number): Buffer {
  const frame = Buffer.allocUnsafe(linkAndIpBytes(wire) + 8 + payload.length);
  const u = writeHeaders(frame, wire, fromClient, 17, 8 + payload.length, ipId);
  frame.writeUInt16BE(fromClient ? wire.client.port : wire.server.port, u);
  frame.writeUInt16BE(fromClient ? wire.server.port : wire.client.port, u + 2);
  frame.writeUInt16BE(8 + payload.length, u + 4);
  frame.writeUInt16BE(0, u + 6);
  payload.copy(frame, u + 8);
  const sum = fold(sum16(frame, u, frame.length, pseudoSum(wire, fromClient, 17, 8 + payload.length)));
  frame.writeUInt16BE(sum === 0 ? 0xffff : sum, u + 6);
  return frame;
}
