/**
 * Community ID v1 (corelight/community-id-spec): `1:` + base64(SHA-1(seed · saddr · daddr · proto · 0 · sport ·
 * dport)), the endpoints ordered so that the smaller address (then port) comes first, everything in network byte
 * order. Zeek, Suricata, Arkime and Elastic write the same value for the same flow, so it joins certhound's
 * documents to theirs. TCP, UDP and SCTP only: certhound sees no ICMP.
 */
import * as crypto from 'node:crypto';
import { parseIp } from '../detect/cidr';

export const IP_PROTOCOL = { tcp: 6, udp: 17, sctp: 132 } as const;

/** Base64 SHA-1: one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object, most of the cost per connection. */
const sha1Base64: (data: Buffer) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha1', data, 'base64')
    : (data) => crypto.createHash('sha1').update(data).digest('base64');

/** Addresses in network byte order, remembered: a capture's connections come back to the same few hosts. */
const MAX_ADDRESSES = 1 << 16;
const addresses = new Map<string, Buffer | undefined>();

function addressBytes(text: string): Buffer | undefined {
  let bytes = addresses.get(text);
  if (bytes !== undefined || addresses.has(text)) return bytes;
  const ip = parseIp(text);
  if (ip) {
    bytes = Buffer.alloc(ip.v6 ? 16 : 4);
    let v = ip.value;
    for (let i = bytes.length - 1; i >= 0; i--) {
      bytes[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  if (addresses.size >= MAX_ADDRESSES) addresses.clear();
  addresses.set(text, bytes);
  return bytes;
}

/** The flow's Community ID; undefined when an address does not parse or the two are of different families. */
export function communityId(proto: number, srcIp: string, srcPort: number, dstIp: string, dstPort: number, seed = 0): string | undefined {
  const src = addressBytes(srcIp);
  const dst = addressBytes(dstIp);
  if (!src || !dst || src.length !== dst.length) return undefined;
  const order = Buffer.compare(src, dst);
  const forward = order < 0 || (order === 0 && srcPort <= dstPort);
  const [a, b, aPort, bPort] = forward ? [src, dst, srcPort, dstPort] : [dst, src, dstPort, srcPort];
  // seed (2) · address a · address b · proto (1) · 0 (1) · port a (2) · port b (2), hashed in one go
  const input = Buffer.allocUnsafe(2 + a.length * 2 + 6);
  input.writeUInt16BE(seed & 0xffff, 0);
  a.copy(input, 2);
  b.copy(input, 2 + a.length);
  let at = 2 + a.length * 2;
  input[at++] = proto;
  input[at++] = 0;
  input.writeUInt16BE(aPort & 0xffff, at);
  input.writeUInt16BE(bPort & 0xffff, at + 2);
  return `1:${sha1Base64(input)}`;
}

/** Community ID of a TCP or UDP connection from client to server. */
export function connectionCommunityId(transport: 'tcp' | 'udp', client: { ip: string; port: number }, server: { ip: string; port: number }): string | undefined {
  return communityId(IP_PROTOCOL[transport], client.ip, client.port, server.ip, server.port);
}
