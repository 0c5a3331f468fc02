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

/** Dotted IPv4 as an unsigned 32-bit number, or -1: the grammar `parseIp` reads (no leading zeros), without its allocations. */
function ipv4Number(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 0x30);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/** IPv6 addresses in network byte order, remembered: a capture's connections come back to the same few hosts. */
const MAX_ADDRESSES = 1 << 16;
const ipv6Addresses = new Map<string, Buffer | undefined>();

function ipv6Bytes(text: string): Buffer | undefined {
  let bytes = ipv6Addresses.get(text);
  if (bytes !== undefined || ipv6Addresses.has(text)) return bytes;
  const ip = parseIp(text);
  if (ip?.v6) {
    bytes = Buffer.alloc(16);
    let v = ip.value;
    for (let i = 15; i >= 0; i--) {
      bytes[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  if (ipv6Addresses.size >= MAX_ADDRESSES) ipv6Addresses.clear();
  ipv6Addresses.set(text, bytes);
  return bytes;
}

// The hash input, one reused buffer per family: seed (2) · address a · address b · proto (1) · 0 (1) · port a (2) · port b (2).
const ipv4Input = Buffer.alloc(2 + 4 * 2 + 6);
const ipv6Input = Buffer.alloc(2 + 16 * 2 + 6);

function hashInput(input: Buffer, seed: number, proto: number, aPort: number, bPort: number): string {
  const at = input.length - 6;
  input.writeUInt16BE(seed & 0xffff, 0);
  input[at] = proto;
  input[at + 1] = 0;
  input.writeUInt16BE(aPort & 0xffff, at + 2);
  input.writeUInt16BE(bPort & 0xffff, at + 4);
  return `1:${sha1Base64(input)}`;
}

/** The flow's Community ID; undefined when an address does not parse or the two are of different families. */
export function communityId(proto: number, srcIp: string, srcPort: number, dstIp: string, dstPort: number, seed = 0): string | undefined {
  const src4 = ipv4Number(srcIp);
  const dst4 = ipv4Number(dstIp);
  if (src4 >= 0 && dst4 >= 0) {
    const forward = src4 < dst4 || (src4 === dst4 && srcPort <= dstPort);
    ipv4Input.writeUInt32BE(forward ? src4 : dst4, 2);
    ipv4Input.writeUInt32BE(forward ? dst4 : src4, 6);
    return forward ? hashInput(ipv4Input, seed, proto, srcPort, dstPort) : hashInput(ipv4Input, seed, proto, dstPort, srcPort);
  }
  if (src4 >= 0 || dst4 >= 0) return undefined;
  const src = ipv6Bytes(srcIp);
  const dst = ipv6Bytes(dstIp);
  if (!src || !dst) return undefined;
  const order = src.compare(dst);
  const forward = order < 0 || (order === 0 && srcPort <= dstPort);
  (forward ? src : dst).copy(ipv6Input, 2);
  (forward ? dst : src).copy(ipv6Input, 18);
  return forward ? hashInput(ipv6Input, seed, proto, srcPort, dstPort) : hashInput(ipv6Input, seed, proto, dstPort, srcPort);
}

/** Community ID of a TCP or UDP connection from client to server. */
export function connectionCommunityId(transport: 'tcp' | 'udp', client: { ip: string; port: number }, server: { ip: string; port: number }): string | undefined {
  return communityId(IP_PROTOCOL[transport], client.ip, client.port, server.ip, server.port);
}
