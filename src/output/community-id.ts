/**
 * Community ID v1 (corelight/community-id-spec): `1:` + base64(SHA-1(seed · saddr · daddr · proto · 0 · sport ·
 * dport)), the endpoints ordered so that the smaller address (then port) comes first, everything in network byte
 * order. Zeek, Suricata, Arkime and Elastic write the same value for the same flow, so it joins certhound's
 * documents to theirs. TCP, UDP and SCTP only: certhound sees no ICMP.
 */
import { createHash } from 'node:crypto';
import { parseIp } from '../detect/cidr';

export const IP_PROTOCOL = { tcp: 6, udp: 17, sctp: 132 } as const;

function addressBytes(text: string): Buffer | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  const out = Buffer.alloc(ip.v6 ? 16 : 4);
  let v = ip.value;
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The flow's Community ID; undefined when an address does not parse or the two are of different families. */
export function communityId(proto: number, srcIp: string, srcPort: number, dstIp: string, dstPort: number, seed = 0): string | undefined {
  const src = addressBytes(srcIp);
  const dst = addressBytes(dstIp);
  if (!src || !dst || src.length !== dst.length) return undefined;
  const order = Buffer.compare(src, dst);
  const forward = order < 0 || (order === 0 && srcPort <= dstPort);
  const [a, b, aPort, bPort] = forward ? [src, dst, srcPort, dstPort] : [dst, src, dstPort, srcPort];
  const head = Buffer.alloc(2);
  head.writeUInt16BE(seed & 0xffff);
  const tail = Buffer.alloc(6);
  tail[0] = proto;
  tail[1] = 0;
  tail.writeUInt16BE(aPort & 0xffff, 2);
  tail.writeUInt16BE(bPort & 0xffff, 4);
  return `1:${createHash('sha1').update(head).update(a).update(b).update(tail).digest('base64')}`;
}

/** Community ID of a TCP or UDP connection from client to server. */
export function connectionCommunityId(transport: 'tcp' | 'udp', client: { ip: string; port: number }, server: { ip: string; port: number }): string | undefined {
  return communityId(IP_PROTOCOL[transport], client.ip, client.port, server.ip, server.port);
}
