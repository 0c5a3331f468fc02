/**
 * Hostile inputs built in code, each a small file that tries one way of breaking a promise (memory, losses,
 * framing): the attacks of issue #16. Large ones are written to disk frame by frame, never held whole.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ethernet, ipv4, tcp, TCP_FLAGS, tcpConversation, tcpPacket, type TcpEnd } from './frames';
import { CT, HS, certificateBody, clientHelloBody, handshake, record, records, serverHelloBody, ccs } from './tls-messages';

const PCAP_SNAPLEN = 262144;

/** A classic-pcap global header (µs, little-endian, Ethernet unless told). */
export function pcapHeader(snaplen = PCAP_SNAPLEN, linkType = 1): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(snaplen, 16);
  h.writeUInt32LE(linkType, 20);
  return h;
}

/** One pcap record header for `caplen` captured bytes at `time` seconds. */
export function pcapRecordHeader(time: number, caplen: number, origLen = caplen): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(Math.floor(time) >>> 0, 0);
  h.writeUInt32LE(Math.round((time % 1) * 1e6), 4);
  h.writeUInt32LE(caplen, 8);
  h.writeUInt32LE(origLen, 12);
  return h;
}

/**
 * Writes a pcap of IP packets (framed as Ethernet) to `path` as they come, about 1 MiB at a time; with `gzip`, each
 * such piece is its own gzip member (RFC 1952 §2.2), so a flood of hundreds of MB stays a few MB on disk.
 */
export function writePcapStream(path: string, packets: Iterable<Buffer>, opts: { gzip?: boolean; startTime?: number } = {}): number {
  const fd = openSync(path, 'w');
  const start = opts.startTime ?? 1_700_000_000;
  let pending: Buffer[] = [pcapHeader()];
  let size = 24;
  let count = 0;
  const flush = (): void => {
    const piece = Buffer.concat(pending);
    writeSync(fd, opts.gzip ? gzipSync(piece, { level: 1 }) : piece);
    pending = [];
    size = 0;
  };
  try {
    for (const packet of packets) {
      const frame = ethernet(packet);
      pending.push(pcapRecordHeader(start + count * 1e-4, frame.length), frame);
      size += 16 + frame.length;
      count++;
      if (size > 1 << 20) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return count;
}

/** Distinct addresses for flow `i` of a flood: clients in 10/8, one server. */
function floodClient(i: number): TcpEnd {
  return { ip: `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`, port: 1024 + (i % 60000) };
}

export const FLOOD_SERVER: TcpEnd = { ip: '192.0.2.1', port: 443 };

/** `n` SYN-only flows, each from its own address (a SYN flood or scan). */
export function* synFlood(n: number): Generator<Buffer> {
  for (let i = 0; i < n; i++) {
    const c = floodClient(i);
    yield ipv4(c.ip, FLOOD_SERVER.ip, 6, tcp(c.port, FLOOD_SERVER.port, i * 7919, 0, TCP_FLAGS.SYN));
  }
}

/**
 * `n` connections that each send the first `sent` bytes of a ClientHello record declaring `declared` bytes and
 * never the rest: every one leaves a half-read record (and handshake message) behind in its flow.
 */
export function* halfHelloFlood(n: number, sent = 1200, declared = 16384): Generator<Buffer> {
  const body = Buffer.alloc(declared - 4, 0x41);
  clientHelloBody().copy(body);
  const hello = record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, body)).subarray(0, sent);
  for (let i = 0; i < n; i++) {
    const c = floodClient(i);
    yield ipv4(c.ip, FLOOD_SERVER.ip, 6, tcp(c.port, FLOOD_SERVER.port, 1000, 0, TCP_FLAGS.SYN));
    yield ipv4(c.ip, FLOOD_SERVER.ip, 6, tcp(c.port, FLOOD_SERVER.port, 1001, 1, TCP_FLAGS.ACK | TCP_FLAGS.PSH, hello));
  }
}

/** A TLS 1.2 server flight: ServerHello, Certificate with `certificateBody`, ServerHelloDone, in records of `maxFragment`. */
export function serverFlight(certificate: Buffer, maxFragment = 16384): Buffer {
  const messages = Buffer.concat([
    handshake(HS.SERVER_HELLO, serverHelloBody()),
    handshake(HS.CERTIFICATE, certificate),
    handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
  ]);
  return records(CT.HANDSHAKE, 0x0303, messages, maxFragment);
}

/** A Certificate message body of `count` distinct garbage entries of `size` bytes each (no DER at all). */
export function garbageCertificateBody(count: number, size = 4): Buffer {
  const entries: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const e = Buffer.alloc(size + 3);
    e.writeUIntBE(size, 0, 3);
    e.writeUIntBE(i % 2 ** Math.min(48, size * 8), 3, Math.min(6, size));
    entries.push(e);
  }
  const list = Buffer.concat(entries);
  const head = Buffer.alloc(3);
  head.writeUIntBE(list.length, 0, 3);
  return Buffer.concat([head, list]);
}

const CLIENT: TcpEnd = { ip: '192.0.2.10', port: 50000 };
const SERVER: TcpEnd = { ip: '198.51.100.20', port: 443 };

/** One TLS 1.2 conversation (hello, server flight, both ChangeCipherSpecs) as IP packets. */
export function tlsConversation(serverBytes: Buffer, opts: { client?: TcpEnd; server?: TcpEnd; mss?: number } = {}): Buffer[] {
  const hello = record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'hostile.example' })));
  return tcpConversation(opts.client ?? CLIENT, opts.server ?? SERVER, [
    { from: 'client', data: hello },
    { from: 'server', data: serverBytes },
    { from: 'client', data: ccs() },
    { from: 'server', data: ccs() },
  ], { mss: opts.mss });
}

/**
 * A gzip of a pcap whose one record claims (and holds) `size` bytes of zeros, then one ordinary frame: tiny on
 * disk, huge inflated. Built as gzip members one after another (RFC 1952 §2.2), the same zero member repeated.
 */
export function hugeRecordGzip(size = 256 * 1024 * 1024): Buffer {
  const step = 1 << 20;
  const zeros = gzipSync(Buffer.alloc(step), { level: 9 });
  const parts = [gzipSync(Buffer.concat([pcapHeader(size + 1024), pcapRecordHeader(1_700_000_000, size)]))];
  for (let left = size; left > 0; left -= step) parts.push(left >= step ? zeros : gzipSync(Buffer.alloc(left)));
  // The frame after it must still be read: skipping is not stopping.
  const after = ethernet(tcpPacket(CLIENT, SERVER, 1, 0, TCP_FLAGS.SYN));
  parts.push(gzipSync(Buffer.concat([pcapRecordHeader(1_700_000_001, after.length), after])));
  return Buffer.concat(parts);
}

/**
 * `n` TLS conversations, each presenting its own certificate: copies of `der` that differ in 4 bytes of the serial
 * at `serialAt` (their signatures then fail; parsing does not), from servers of their own.
 */
export function* distinctCertificateConversations(der: Buffer, serialAt: number, n: number): Generator<Buffer> {
  for (let i = 0; i < n; i++) {
    const copy = Buffer.from(der);
    copy.writeUInt32BE(i, serialAt);
    const server = { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 443 };
    yield* tlsConversation(serverFlight(certificateBody([copy])), { server, client: { ip: '192.168.9.9', port: 1024 + (i % 60000) } });
  }
}
