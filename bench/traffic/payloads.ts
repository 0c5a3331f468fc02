/** Payloads of the traffic around the TLS: plain HTTP, SSH and SMB transfers, QUIC, DNS and RTP datagrams. */
import type { Random } from './random';

const BODY = 1 << 16;
let body: Buffer | undefined;

/** One shared 64 KiB block of random bytes that large bodies repeat (no memory per flow). */
function bodyBlock(rng: Random): Buffer {
  return (body ??= rng.fill(Buffer.allocUnsafe(BODY)));
}

function repeated(bytes: number, rng: Random): Buffer[] {
  const block = bodyBlock(rng);
  const pieces: Buffer[] = [];
  for (let left = bytes; left > 0; left -= BODY) pieces.push(left >= BODY ? block : block.subarray(0, left));
  return pieces;
}

export type BulkKind = 'http' | 'ssh' | 'smb';

/** What each side of a bulk transfer sends: a protocol's opening (so no reader takes it for TLS), then the body. */
export function bulkExchange(kind: BulkKind, bytes: number, rng: Random): { client: Buffer[]; server: Buffer[] } {
  switch (kind) {
    case 'http':
      return {
        client: [Buffer.from(`GET /files/${rng.int(1, 1e6)}.bin HTTP/1.1\r\nHost: files.example\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n`)],
        server: [Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${bytes}\r\n\r\n`), ...repeated(bytes, rng)],
      };
    case 'ssh':
      return { client: [Buffer.from('SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n')], server: [Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'), ...repeated(bytes, rng)] };
    case 'smb': {
      const negotiate = Buffer.alloc(4 + 100);
      negotiate.writeUInt32BE(100, 0);
      negotiate.write('\xfeSMB', 4, 'latin1');
      return { client: [negotiate], server: [negotiate, ...repeated(bytes, rng)] };
    }
  }
}

/** A QUIC packet (RFC 9000 §17): long header for the first of a flow, short header after; the rest is opaque. */
export function quicDatagram(first: boolean, size: number, rng: Random): Buffer {
  const off = rng.int(0, BODY - size);
  const d = Buffer.from(bodyBlock(rng).subarray(off, off + size)); // a copy: its header is written below
  d[0] = first ? 0xc3 : 0x40 | rng.int(0, 0x3f);
  if (first) d.writeUInt32BE(1, 1);
  return d;
}

/** A DNS query or its answer (RFC 1035 §4.1) for `name`. */
export function dnsMessage(name: string, id: number, answer: boolean): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const question = Buffer.concat([...labels, Buffer.from([0, 0, 1, 0, 1])]);
  const head = Buffer.alloc(12);
  head.writeUInt16BE(id & 0xffff, 0);
  head.writeUInt16BE(answer ? 0x8180 : 0x0100, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(answer ? 2 : 0, 6);
  if (!answer) return Buffer.concat([head, question]);
  const rr = (ip: number): Buffer => {
    const b = Buffer.alloc(16);
    b.writeUInt16BE(0xc00c, 0);
    b.writeUInt16BE(1, 2);
    b.writeUInt16BE(1, 4);
    b.writeUInt32BE(300, 6);
    b.writeUInt16BE(4, 10);
    b.writeUInt32BE(ip >>> 0, 12);
    return b;
  };
  return Buffer.concat([head, question, rr(0x5db8d822 + id), rr(0x5db8d823 + id)]);
}

/** An RTP packet (RFC 3550 §5.1), G.711 at 20 ms: 160 bytes of audio. */
export function rtpPacket(seq: number, ssrc: number): Buffer {
  const p = Buffer.alloc(12 + 160, 0xd5);
  p[0] = 0x80;
  p[1] = 0;
  p.writeUInt16BE(seq & 0xffff, 2);
  p.writeUInt32BE((seq * 160) >>> 0, 4);
  p.writeUInt32BE(ssrc >>> 0, 8);
  return p;
}
