import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapParser } from '../../src/capture/pcap-parser';
import { readCapture } from '../../src/capture/read-capture';
import type { CaptureSummary } from '../../src/capture/types';
import { MAX_BUFFERED_RECORD_BYTES } from '../../src/capture/consts';
import { LINKTYPE, type TestFrame, writePcap } from '../helpers/pcap-writer';
import { type SeenPacket, chunked, collect, payload } from '../helpers/capture-fixtures';
import { CORPUS_DIR } from '../helpers/corpus';

const CORPUS = `${CORPUS_DIR}/pcap`;

function parse(buf: Buffer): { seen: SeenPacket[]; summary: CaptureSummary } {
  const seen: SeenPacket[] = [];
  const parser = new PcapParser(collect(seen));
  parser.push(buf);
  parser.end();
  return { seen, summary: parser.summary() };
}

// Fractions chosen so the writer's float arithmetic is exact.
const FRAMES: TestFrame[] = [
  { time: 1700000000.5, data: payload(0) },
  { time: 1700000001.25, data: payload(1) },
  { time: 1700000002.125, data: payload(2), origLen: 1500 },
];

/** Stream offset of record `i` in a writePcap file of FRAMES. */
function recordOffset(i: number): number {
  return 24 + FRAMES.slice(0, i).reduce((n, f) => n + 16 + f.data.length, 0);
}

describe('PcapParser', () => {
  it.each([
    ['little-endian µs', { bigEndian: false, nanosecond: false }],
    ['big-endian µs', { bigEndian: true, nanosecond: false }],
    ['little-endian ns', { bigEndian: false, nanosecond: true }],
    ['big-endian ns', { bigEndian: true, nanosecond: true }],
  ])('reads %s files', (_name, opts) => {
    const { seen, summary } = parse(writePcap(FRAMES, { ...opts, linkType: LINKTYPE.RAW }));
    expect(seen.map((p) => [p.frame, p.tsSec, p.tsNsec, p.linkType, p.origLen, p.data])).toEqual([
      [1, 1700000000, 500_000_000, 101, FRAMES[0].data.length, FRAMES[0].data.toString('hex')],
      [2, 1700000001, 250_000_000, 101, FRAMES[1].data.length, FRAMES[1].data.toString('hex')],
      [3, 1700000002, 125_000_000, 101, 1500, FRAMES[2].data.toString('hex')],
    ]);
    expect(summary).toMatchObject({ format: 'pcap', packets: 3, truncated: false, anomalies: [], cutPackets: 1 });
  });

  it('keeps nanosecond digits that a µs file cannot hold', () => {
    const { seen } = parse(writePcap([{ time: 86400.123456789, data: payload(0) }], { nanosecond: true }));
    expect([seen[0].tsSec, seen[0].tsNsec]).toEqual([86400, 123456789]);
  });

  it('carries a fraction of a second that overflows into the seconds', () => {
    const file = writePcap([{ time: 10, data: payload(0) }]);
    file.writeUInt32LE(1_500_000, 24 + 4);
    const { seen } = parse(file);
    expect([seen[0].tsSec, seen[0].tsNsec]).toEqual([11, 500_000_000]);
  });

  it('takes the link type from the low 16 bits (the upper bits carry FCS flags)', () => {
    const file = writePcap([{ time: 1, data: payload(0) }]);
    file.writeUInt32LE(0x1400_0001, 20);
    expect(parse(file).seen[0].linkType).toBe(1);
  });

  // zeek-tls1_1-bigendian-derived.pcap and zeek-tls1_1-nsec-editcap.pcap are zeek-tls1_1.pcap rewritten (corpus README).
  it('reads the corpus big-endian and nanosecond twins of zeek-tls1_1.pcap as the original', async () => {
    const read = async (f: string) => {
      const seen: SeenPacket[] = [];
      const buf = readFileSync(join(CORPUS, f));
      await readCapture(f, chunked(buf, () => 4096), collect(seen));
      return seen;
    };
    const original = await read('zeek-tls1_1.pcap');
    expect(original.length).toBe(23); // expected.json "packets"
    expect(await read('zeek-tls1_1-bigendian-derived.pcap')).toEqual(original);
    const nsec = await read('zeek-tls1_1-nsec-editcap.pcap');
    expect(nsec).toEqual(original);
    expect(original.some((p) => p.tsNsec % 1_000_000 !== 0)).toBe(true);
  });

  it('reads Kuznetzov-patched files (24-byte record headers)', () => {
    const head = Buffer.alloc(24);
    head.writeUInt32LE(0xa1b2cd34, 0);
    head.writeUInt16LE(2, 4);
    head.writeUInt16LE(4, 6);
    head.writeUInt32LE(65535, 16);
    head.writeUInt32LE(1, 20);
    const rec = Buffer.alloc(24);
    rec.writeUInt32LE(5, 0);
    rec.writeUInt32LE(7, 4);
    rec.writeUInt32LE(10, 8);
    rec.writeUInt32LE(10, 12);
    const data = payload(3, 10);
    const { seen, summary } = parse(Buffer.concat([head, rec, data, rec, data]));
    expect(summary.packets).toBe(2);
    expect(seen[1]).toMatchObject({ tsSec: 5, tsNsec: 7000, data: data.toString('hex') });
  });
});

describe('PcapParser on damaged files', () => {
  const file = writePcap(FRAMES, { snaplen: 65535 });

  it.each([
    ['a record header', 10],
    ['packet data', 16 + 5],
  ])('delivers every packet before a cut inside %s and flags the file truncated', (_where, into) => {
    const { seen, summary } = parse(file.subarray(0, recordOffset(2) + into));
    expect(seen.map((p) => p.frame)).toEqual([1, 2]);
    expect(summary.truncated).toBe(true);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'truncated-file', offset: recordOffset(2) })]);
  });

  it('flags a cut inside the file header', () => {
    const { summary } = parse(file.subarray(0, 10));
    expect(summary).toMatchObject({ packets: 0, truncated: true, anomalies: [expect.objectContaining({ kind: 'truncated-file', offset: 0 })] });
  });

  it('stops at a 4 GB caplen without allocating, keeping what came before', () => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(0xffffffff, recordOffset(1) + 8);
    const { seen, summary } = parse(bad);
    expect(seen.map((p) => p.frame)).toEqual([1]);
    expect(summary.truncated).toBe(false);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', offset: recordOffset(1) })]);
  });

  it('accepts caplen up to max(snaplen, 256 KiB) and rejects one byte more', () => {
    const big = payload(0, 262144);
    expect(parse(writePcap([{ time: 1, data: big }], { snaplen: 65535 })).summary.packets).toBe(1);
    const over = parse(writePcap([{ time: 1, data: Buffer.concat([big, Buffer.alloc(1)]) }], { snaplen: 65535 }));
    expect(over.summary.anomalyCounts).toEqual({ 'bad-record-length': 1 });
    const bigSnap = parse(writePcap([{ time: 1, data: payload(1, 300_000) }], { snaplen: 1_000_000 }));
    expect(bigSnap.summary.packets).toBe(1);
  });

  it('skips a record over MAX_BUFFERED_RECORD_BYTES as its bytes pass, whatever the chunking, and reads on after it', () => {
    const huge = Buffer.alloc(MAX_BUFFERED_RECORD_BYTES + 1, 7);
    const file = writePcap([{ time: 1, data: payload(0) }, { time: 2, data: huge }, { time: 3, data: payload(2) }], { snaplen: 8 << 20 });
    for (const size of [file.length, 65536, 4093, 17]) {
      const seen: SeenPacket[] = [];
      const parser = new PcapParser(collect(seen));
      for (let off = 0; off < file.length; off += size) parser.push(file.subarray(off, off + size));
      parser.end();
      const summary = parser.summary();
      expect({ size, frames: seen.map((p) => p.frame), data: seen[1]?.data }).toEqual({ size, frames: [1, 3], data: payload(2).toString('hex') });
      expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'oversized-record', offset: 24 + 16 + payload(0).length })]);
      expect(summary).toMatchObject({ packets: 3, truncated: false });
    }
  });

  it('a file that ends inside a skipped record is truncated there', () => {
    const file = writePcap([{ time: 1, data: Buffer.alloc(2 * MAX_BUFFERED_RECORD_BYTES) }], { snaplen: 8 << 20 });
    const { summary } = parse(file.subarray(0, file.length - 10));
    expect(summary.truncated).toBe(true);
    expect(summary.anomalyCounts).toEqual({ 'oversized-record': 1, 'truncated-file': 1 });
  });

  it('also stops when the bad header arrives in a later chunk than its record start', () => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(0xffffffff, recordOffset(1) + 8);
    const seen: SeenPacket[] = [];
    const parser = new PcapParser(collect(seen));
    parser.push(bad.subarray(0, recordOffset(1) + 3));
    parser.push(bad.subarray(recordOffset(1) + 3));
    parser.end();
    expect(parser.summary()).toMatchObject({ packets: 1, truncated: false, bytes: bad.length });
    expect(parser.summary().anomalies[0]).toMatchObject({ kind: 'bad-record-length', offset: recordOffset(1) });
  });

  // suricata-bug-1450-04: "the file ends with a corrupt record header (4 MB caplen)" (corpus expected.json notes).
  it('suricata bug-1450: six packets, then the corrupt 4 MB record is reported at its offset', () => {
    const { seen, summary } = parse(readFileSync(join(CORPUS, 'suricata-bug-1450-04-tls_DER-incomplete-header.pcap')));
    expect(seen.length).toBe(6);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', offset: 5035 })]);
    expect(summary.anomalies[0].message).toContain('4325376');
  });

  it('reports a header with no pcap magic when fed directly', () => {
    const { summary } = parse(Buffer.alloc(40));
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-block', offset: 0 })]);
  });
});
