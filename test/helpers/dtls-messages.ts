/**
 * Builds DTLS wire bytes for tests: RFC 6347 §4.1 records (13-byte header) and §4.2.2 handshake fragments
 * (12-byte header), and a fake UDP flow to drive a TlsTracker datagram by datagram.
 */
import type { Direction, Flow } from '../../src/net/types';
import { TlsTracker } from '../../src/tls/tls-tracker';
import type { Handshake } from '../../src/tls/types';
import { u16, u24, u8, vec } from './tls-messages';

export const DTLS1_0 = 0xfeff;
export const DTLS1_2 = 0xfefd;

export const CT = { CCS: 20, ALERT: 21, HANDSHAKE: 22, APPLICATION_DATA: 23 } as const;

/** One DTLS record; `seq` is the 48-bit record sequence number. */
export function dtlsRecord(type: number, version: number, epoch: number, seq: number, fragment: Buffer): Buffer {
  const h = Buffer.alloc(13);
  h[0] = type;
  h.writeUInt16BE(version, 1);
  h.writeUInt16BE(epoch, 3);
  h.writeUIntBE(seq, 5, 6);
  h.writeUInt16BE(fragment.length, 11);
  return Buffer.concat([h, fragment]);
}

/** One handshake fragment: bytes [offset, offset + length) of message `body` (whole message by default). */
export function dtlsFragment(msgType: number, messageSeq: number, body: Buffer, offset = 0, length = body.length - offset): Buffer {
  return Buffer.concat([
    u8(msgType), u24(body.length), u16(messageSeq), u24(offset), u24(length), body.subarray(offset, offset + length),
  ]);
}

/** A whole message cut into fragments of at most `size` body bytes, in order. */
export function dtlsFragments(msgType: number, messageSeq: number, body: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < body.length || off === 0; off += size) {
    out.push(dtlsFragment(msgType, messageSeq, body, off, Math.min(size, body.length - off)));
    if (body.length === 0) break;
  }
  return out;
}

/**
 * RFC 6347 §4.2.1 ClientHello body: like TLS's, with a cookie vector after the session id.
 * `sni` adds a server_name extension.
 */
export function dtlsClientHelloBody(opts: { version?: number; cookie?: Buffer; sni?: string; ciphers?: number[] } = {}): Buffer {
  const exts: Buffer[] = [];
  if (opts.sni !== undefined) {
    const name = Buffer.from(opts.sni, 'latin1');
    exts.push(Buffer.concat([u16(0), u16(name.length + 5), vec(2, u8(0), vec(2, name))]));
  }
  const ciphers = opts.ciphers ?? [0xc02b, 0xc02f, 0x009c];
  return Buffer.concat([
    u16(opts.version ?? DTLS1_2), Buffer.alloc(32, 0x11), vec(1), vec(1, opts.cookie ?? Buffer.alloc(0)),
    vec(2, Buffer.concat(ciphers.map(u16))), vec(1, u8(0)), vec(2, ...exts),
  ]);
}

/** RFC 6347 §4.2.1 HelloVerifyRequest body: server_version and cookie. */
export function helloVerifyRequestBody(cookie: Buffer, version = DTLS1_0): Buffer {
  return Buffer.concat([u16(version), vec(1, cookie)]);
}

/** ServerHello body (same layout as TLS's, RFC 6347 §4.2); `selectedVersion` adds supported_versions. */
export function dtlsServerHelloBody(opts: { version?: number; cipher?: number; selectedVersion?: number } = {}): Buffer {
  const exts = opts.selectedVersion !== undefined ? [Buffer.concat([u16(43), u16(2), u16(opts.selectedVersion)])] : [];
  return Buffer.concat([
    u16(opts.version ?? DTLS1_2), Buffer.alloc(32, 0x33), vec(1, Buffer.alloc(32, 0x22)), u16(opts.cipher ?? 0xc02f), u8(0),
    vec(2, ...exts),
  ]);
}

/** A handshake fragment found in a datagram. */
export interface SeenFragment {
  epoch: number;
  msgType: number;
  length: number;
  messageSeq: number;
  fragmentOffset: number;
  fragmentLength: number;
}

/** Lists the plaintext handshake fragments of a datagram (a test's own independent walk of the records). */
export function fragmentsIn(datagram: Buffer): SeenFragment[] {
  const out: SeenFragment[] = [];
  for (let off = 0; off + 13 <= datagram.length;) {
    const type = datagram[off];
    const epoch = datagram.readUInt16BE(off + 3);
    const len = datagram.readUInt16BE(off + 11);
    const body = datagram.subarray(off + 13, off + 13 + len);
    off += 13 + len;
    if (type !== CT.HANDSHAKE || epoch !== 0) continue;
    for (let p = 0; p + 12 <= body.length;) {
      const fragmentLength = body.readUIntBE(p + 9, 3);
      out.push({
        epoch, msgType: body[p], length: body.readUIntBE(p + 1, 3), messageSeq: body.readUInt16BE(p + 4),
        fragmentOffset: body.readUIntBE(p + 6, 3), fragmentLength,
      });
      p += 12 + fragmentLength;
    }
  }
  return out;
}

let nextFlowId = 1000;

/** A UDP flow as net/ would hand it over. */
export function fakeUdpFlow(): Flow {
  return {
    id: nextFlowId++, transport: 'udp', client: { ip: '10.0.0.1', port: 50000 }, server: { ip: '10.0.0.2', port: 4433 },
    start: { sec: 1767225600, nsec: 0 }, startFrame: 1, lastFrame: 1, app: undefined,
  };
}

export interface DatagramRun {
  handshakes: Handshake[];
  released: number;
  tracker: TlsTracker;
}

/** Feeds datagrams to a fresh TlsTracker until the flow is released (as net/ would), then ends the flow. */
export function runDatagrams(datagrams: Array<{ dir: Direction; data: Buffer }>): DatagramRun {
  const handshakes: Handshake[] = [];
  let released = 0;
  const flow = fakeUdpFlow();
  const tracker = new TlsTracker('test.pcap', (h) => handshakes.push(h), () => { released++; });
  const ts = { sec: 1767225600, nsec: 0 };
  for (const d of datagrams) {
    if (released > 0) break;
    tracker.onDatagram(flow, d.dir, d.data, ts, 1);
  }
  tracker.onFlowEnd(flow, released > 0 ? 'released' : 'idle');
  return { handshakes, released, tracker };
}
