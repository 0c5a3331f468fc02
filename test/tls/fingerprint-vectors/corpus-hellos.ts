/**
 * Test-only, deliberately independent hello extraction from small corpus captures (classic pcap, Ethernet,
 * IPv4/IPv6, TCP streams concatenated in sequence order, DTLS datagrams with unfragmented hellos), so the
 * fingerprint modules can be checked against public tools' values for the same bytes without depending on
 * the tls stage's parsers. Not robust on purpose: it throws on anything the chosen captures do not contain.
 */
import { readFileSync } from 'node:fs';
import type { ClientHello, ServerHello, TlsExtension } from '../../../src/tls/types';

export const CORPUS_PCAP_DIR = `${__dirname}/../../../../shared/corpus/pcap`;

interface Segment { key: string; seq: number; payload: Buffer }

export interface CorpusHellos {
  clientHellos: ClientHello[];
  serverHellos: ServerHello[];
}

/** Hello message bodies (without the handshake header) found in a capture. */
export interface HelloBodies {
  client: { body: Buffer; dtls: boolean }[];
  server: Buffer[];
}

/** Every ClientHello/ServerHello in a classic-pcap Ethernet capture, parsed by this file's own small parser. */
export function corpusHellos(file: string): CorpusHellos {
  const bodies = corpusHelloBodies(file);
  return {
    clientHellos: bodies.client.map((c) => parseClientHello(c.body, c.dtls)),
    serverHellos: bodies.server.map(parseServerHello),
  };
}

/** Every ClientHello/ServerHello body in a classic-pcap Ethernet capture, in stream order per direction. */
export function corpusHelloBodies(file: string): HelloBodies {
  const buf = readFileSync(`${CORPUS_PCAP_DIR}/${file}`);
  const le = buf.readUInt32LE(0) === 0xa1b2c3d4 || buf.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const tcp: Segment[] = [];
  const out: HelloBodies = { client: [], server: [] };
  const dtlsFragments = new Map<string, { body: Buffer; got: number }>();
  for (let off = 24; off + 16 <= buf.length; ) {
    const caplen = u32(off + 8);
    const frame = buf.subarray(off + 16, off + 16 + caplen);
    off += 16 + caplen;
    let etherType = frame.readUInt16BE(12);
    let l3 = 14;
    if (etherType === 0x8100) { etherType = frame.readUInt16BE(16); l3 = 18; }
    let proto: number; let l4: number; let src: string; let dst: string; let end: number;
    if (etherType === 0x0800) {
      proto = frame[l3 + 9]; l4 = l3 + (frame[l3] & 0x0f) * 4; end = l3 + frame.readUInt16BE(l3 + 2);
      src = frame.subarray(l3 + 12, l3 + 16).toString('hex'); dst = frame.subarray(l3 + 16, l3 + 20).toString('hex');
    } else if (etherType === 0x86dd) {
      proto = frame[l3 + 6]; l4 = l3 + 40; end = l4 + frame.readUInt16BE(l3 + 4);
      src = frame.subarray(l3 + 8, l3 + 24).toString('hex'); dst = frame.subarray(l3 + 24, l3 + 40).toString('hex');
    } else continue;
    const ports = `${frame.readUInt16BE(l4)}>${frame.readUInt16BE(l4 + 2)}`;
    if (proto === 6) {
      const payload = frame.subarray(l4 + (frame[l4 + 12] >> 4) * 4, end);
      if (payload.length > 0) tcp.push({ key: `${src}:${dst}:${ports}`, seq: frame.readUInt32BE(l4 + 4), payload });
    } else if (proto === 17) {
      dtlsDatagram(frame.subarray(l4 + 8, end), `${src}:${dst}:${ports}`, dtlsFragments, out);
    }
  }
  const streams = new Map<string, Segment[]>();
  for (const s of tcp) streams.set(s.key, [...(streams.get(s.key) ?? []), s]);
  for (const segs of streams.values()) {
    const seen = new Set<number>();
    const ordered = segs.filter((s) => !seen.has(s.seq) && seen.add(s.seq)).sort((a, b) => a.seq - b.seq);
    tlsStream(Buffer.concat(ordered.map((s) => s.payload)), out);
  }
  return out;
}

/** TLS records of one direction: handshake bytes joined across records, hellos parsed until the first non-handshake record. */
function tlsStream(data: Buffer, out: HelloBodies): void {
  const hs: Buffer[] = [];
  for (let off = 0; off + 5 <= data.length; ) {
    const type = data[off];
    const len = data.readUInt16BE(off + 3);
    if (type !== 22) break;
    hs.push(data.subarray(off + 5, off + 5 + len));
    off += 5 + len;
  }
  const msgs = Buffer.concat(hs);
  for (let off = 0; off + 4 <= msgs.length; ) {
    const len = msgs.readUIntBE(off + 1, 3);
    const body = msgs.subarray(off + 4, off + 4 + len);
    if (msgs[off] === 1) out.client.push({ body, dtls: false });
    if (msgs[off] === 2) out.server.push(body);
    off += 4 + len;
  }
}

/** DTLS records of one datagram; handshake fragments (RFC 6347 §4.2.2) joined per direction and message_seq. */
function dtlsDatagram(
  data: Buffer, dir: string, fragments: Map<string, { body: Buffer; got: number }>, out: HelloBodies,
): void {
  for (let off = 0; off + 13 <= data.length; ) {
    const type = data[off];
    const len = data.readUInt16BE(off + 11);
    const rec = data.subarray(off + 13, off + 13 + len);
    off += 13 + len;
    if (type !== 22 || rec.length < 12 || (rec[0] !== 1 && rec[0] !== 2)) continue;
    const msgLen = rec.readUIntBE(1, 3);
    const key = `${dir}:${rec.readUInt16BE(4)}`;
    const frag = fragments.get(key) ?? { body: Buffer.alloc(msgLen), got: 0 };
    const fragLen = rec.readUIntBE(9, 3);
    rec.copy(frag.body, rec.readUIntBE(6, 3), 12, 12 + fragLen);
    frag.got += fragLen;
    fragments.set(key, frag);
    if (frag.got !== msgLen) continue;
    if (rec[0] === 1) out.client.push({ body: frag.body, dtls: true });
    else out.server.push(frag.body);
  }
}

function u16List(b: Buffer, lenBytes: 1 | 2): number[] {
  const n = lenBytes === 1 ? b[0] : b.readUInt16BE(0);
  const out: number[] = [];
  for (let i = lenBytes; i + 1 < lenBytes + n; i += 2) out.push(b.readUInt16BE(i));
  return out;
}

function extensions(b: Buffer, off: number): TlsExtension[] {
  const out: TlsExtension[] = [];
  if (off + 2 > b.length) return out;
  const end = off + 2 + b.readUInt16BE(off);
  for (let p = off + 2; p + 4 <= end; ) {
    const len = b.readUInt16BE(p + 2);
    out.push({ type: b.readUInt16BE(p), data: Buffer.from(b.subarray(p + 4, p + 4 + len)) });
    p += 4 + len;
  }
  return out;
}

function parseClientHello(b: Buffer, dtls: boolean): ClientHello {
  let off = 2 + 32;
  off += 1 + b[off];
  if (dtls) off += 1 + b[off];
  const cipherSuites = u16List(b.subarray(off), 2);
  off += 2 + b.readUInt16BE(off);
  const compressionMethods = [...b.subarray(off + 1, off + 1 + b[off])];
  off += 1 + b[off];
  const exts = extensions(b, off);
  const body = (t: number) => exts.find((e) => e.type === t)?.data;
  const alpnBody = body(0x0010);
  const alpn: string[] = [];
  for (let p = 2; alpnBody && p < alpnBody.length; p += 1 + alpnBody[p]) alpn.push(alpnBody.subarray(p + 1, p + 1 + alpnBody[p]).toString('latin1'));
  const pf = body(0x000b);
  return {
    legacyVersion: b.readUInt16BE(0),
    recordVersion: 0,
    cipherSuites,
    compressionMethods,
    extensions: exts,
    alpn,
    supportedVersions: body(0x002b) ? u16List(body(0x002b) as Buffer, 1) : [],
    supportedGroups: body(0x000a) ? u16List(body(0x000a) as Buffer, 2) : [],
    ecPointFormats: pf ? [...pf.subarray(1, 1 + pf[0])] : [],
    signatureAlgorithms: body(0x000d) ? u16List(body(0x000d) as Buffer, 2) : [],
    sslv2: false,
  };
}

function parseServerHello(b: Buffer): ServerHello {
  let off = 2 + 32;
  off += 1 + b[off];
  const exts = extensions(b, off + 3);
  const sv = exts.find((e) => e.type === 0x002b);
  return {
    legacyVersion: b.readUInt16BE(0),
    recordVersion: 0,
    cipherSuite: b.readUInt16BE(off),
    compressionMethod: b[off + 2],
    extensions: exts,
    selectedVersion: sv && sv.data.length === 2 ? sv.data.readUInt16BE(0) : undefined,
    helloRetryRequest: false,
    sslv2: false,
  };
}
