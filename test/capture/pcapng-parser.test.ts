import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapngParser } from '../../src/capture/pcapng-parser';
import type { CaptureSummary } from '../../src/capture/types';
import { MAX_BUFFERED_RECORD_BYTES } from '../../src/capture/consts';
import { LINKTYPE, writePcapngSection } from '../helpers/pcap-writer';
import { type SeenPacket, collect, epb, idb, opb, payload, pcapngBlock, seededRandom, shb, spb } from '../helpers/capture-fixtures';
import { CORPUS_DIR } from '../helpers/corpus';

const CORPUS = `${CORPUS_DIR}/pcap`;

function parse(buf: Buffer): { seen: SeenPacket[]; summary: CaptureSummary } {
  const seen: SeenPacket[] = [];
  const parser = new PcapngParser(collect(seen));
  parser.push(buf);
  parser.end();
  return { seen, summary: parser.summary() };
}

/** Reference conversion in BigInt, independent of the reader's split-word arithmetic. */
function expectedTime(ticks: bigint, tsresol: number): [number, number] {
  const exp = BigInt(tsresol & 0x7f);
  if (tsresol & 0x80) {
    return [Number(ticks >> exp), Number(((ticks & ((1n << exp) - 1n)) * 1_000_000_000n) >> exp)];
  }
  const per = 10n ** exp;
  return [Number(ticks / per), Number(((ticks % per) * 1_000_000_000n) / per)];
}

describe('PcapngParser', () => {
  it('reads two sections of opposite byte order, each with its own interfaces, link types and resolutions', () => {
    const file = Buffer.concat([
      shb(false),
      idb(LINKTYPE.ETHERNET, { tsresol: 9 }),
      idb(LINKTYPE.RAW, { tsresol: 0x80 | 20 }),
      epb(0, 1700000000_123456789n, payload(0)),
      epb(1, (1700000001n << 20n) + 1n, payload(1)),
      epb(1, (1700000001n << 20n) + (1n << 19n), payload(2)),
      shb(true),
      idb(LINKTYPE.LINUX_SLL, {}, true), // default resolution: µs
      epb(0, 1700000002_000001n, payload(3), true),
    ]);
    const { seen, summary } = parse(file);
    expect(seen.map((p) => [p.frame, p.linkType, p.tsSec, p.tsNsec, p.data])).toEqual([
      [1, 1, 1700000000, 123456789, payload(0).toString('hex')],
      [2, 101, 1700000001, 953, payload(1).toString('hex')], // 1e9 / 2^20 = 953.67 ns
      [3, 101, 1700000001, 500_000_000, payload(2).toString('hex')],
      [4, 113, 1700000002, 1000, payload(3).toString('hex')],
    ]);
    expect(summary).toMatchObject({ format: 'pcapng', packets: 4, truncated: false, anomalies: [] });
  });

  it('restarts interface ids in each section', () => {
    const file = Buffer.concat([
      shb(), idb(LINKTYPE.ETHERNET), idb(LINKTYPE.RAW), epb(1, 1n, payload(0)),
      shb(), idb(LINKTYPE.LINUX_SLL2), epb(0, 1n, payload(1)), epb(1, 1n, payload(2)),
    ]);
    const { seen, summary } = parse(file);
    expect(seen.map((p) => p.linkType)).toEqual([101, 276]);
    expect(summary.anomalyCounts).toEqual({ 'unknown-interface': 1 });
  });

  it('converts ticks exactly for decimal and binary resolutions, fast path or not', () => {
    const rand = seededRandom(7);
    const resolutions = [0, 3, 6, 9, 0x80 | 0, 0x80 | 9, 0x80 | 10, 0x80 | 24, 0x80 | 30, 0x80 | 32];
    for (const tsresol of resolutions) {
      const blocks = [shb(), idb(LINKTYPE.ETHERNET, { tsresol })];
      const ticks: bigint[] = [];
      for (let i = 0; i < 50; i++) {
        // up to 2^53 seconds' worth is beyond any real file; keep seconds below 2^40 so they are exact
        const hi = BigInt(Math.floor(rand() * 2 ** 32));
        const t = ((hi << 32n) | BigInt(Math.floor(rand() * 2 ** 32))) % (2n ** 40n * (tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol)));
        ticks.push(t);
        blocks.push(epb(0, t, payload(i, 4)));
      }
      const { seen } = parse(Buffer.concat(blocks));
      expect(seen.map((p) => [p.tsSec, p.tsNsec])).toEqual(ticks.map((t) => expectedTime(t, tsresol)));
    }
  });

  it('handles rare resolutions (picoseconds, 2^-40) and if_tsoffset', () => {
    const file = Buffer.concat([
      shb(),
      idb(LINKTYPE.ETHERNET, { tsresol: 12 }),
      idb(LINKTYPE.ETHERNET, { tsresol: 0x80 | 40 }),
      idb(LINKTYPE.ETHERNET, { tsoffset: 1_600_000_000n }),
      epb(0, 10_000_000_123456789012n, payload(0)),
      epb(1, (1000n << 40n) + (1n << 39n), payload(1)),
      epb(2, 5_000007n, payload(2)),
    ]);
    expect(parse(file).seen.map((p) => [p.tsSec, p.tsNsec])).toEqual([
      [10_000_000, 123456789],
      [1000, 500_000_000],
      [1_600_000_005, 7000],
    ]);
  });

  it('reads SPB (interface 0 snaplen, time of the packet before) and OPB', () => {
    const cut = payload(5, 80);
    const file = Buffer.concat([
      shb(),
      idb(LINKTYPE.ETHERNET, { snaplen: 62 }), // 62 bytes pad to 64 in the block: only the snaplen tells
      idb(LINKTYPE.RAW),
      epb(0, 42_000003n, payload(0)),
      spb(cut.subarray(0, 62), 80),
      opb(1, 43_000004n, payload(1)),
    ]);
    const { seen, summary } = parse(file);
    expect(seen.map((p) => [p.linkType, p.tsSec, p.tsNsec, p.origLen, p.data.length / 2])).toEqual([
      [1, 42, 3000, payload(0).length, payload(0).length],
      [1, 42, 3000, 80, 62],
      [101, 43, 4000, payload(1).length, payload(1).length],
    ]);
    expect(seen[1].data).toBe(cut.subarray(0, 62).toString('hex'));
    expect(summary.cutPackets).toBe(1);
    // without a snaplen the padding after an odd-length SPB is not data
    const odd = parse(Buffer.concat([shb(), idb(LINKTYPE.ETHERNET), spb(payload(2, 61))]));
    expect(odd.seen[0].data).toBe(payload(2, 61).toString('hex'));
  });

  it('skips NRB/ISB/DSB/custom blocks silently and counts unknown types', () => {
    const file = Buffer.concat([
      shb(), idb(LINKTYPE.ETHERNET),
      pcapngBlock(4, Buffer.alloc(4)), pcapngBlock(5, Buffer.alloc(12)), pcapngBlock(0x0a, Buffer.alloc(8)),
      pcapngBlock(0xbad, Buffer.alloc(8)), pcapngBlock(0x12345678, Buffer.alloc(16)),
      epb(0, 1n, payload(0)),
    ]);
    const { seen, summary } = parse(file);
    expect(seen.length).toBe(1);
    expect(summary.anomalyCounts).toEqual({ 'unknown-block': 1 });
    expect(summary.anomalies[0].message).toContain('unknown-0x12345678');
  });

  it('reads sections written by the shared pcap-writer helper', () => {
    const file = writePcapngSection(
      [{ linkType: LINKTYPE.ETHERNET, tsresol: 9 }, { linkType: LINKTYPE.IPV6 }],
      [{ time: 1000.5, data: payload(0) }, { time: 2000.25, data: payload(1), iface: 1, origLen: 9000 }],
      { bigEndian: true },
    );
    const { seen } = parse(file);
    expect(seen.map((p) => [p.linkType, p.tsSec, p.tsNsec, p.origLen])).toEqual([
      [1, 1000, 500_000_000, payload(0).length],
      [229, 2000, 250_000_000, 9000],
    ]);
  });

  // wireshark-dmgr.pcapng: expected.json says 42 packets, linux-sll, nanosecond.
  it('reads the corpus file wireshark-dmgr.pcapng', () => {
    const { seen, summary } = parse(readFileSync(join(CORPUS, 'wireshark-dmgr.pcapng')));
    expect(summary.packets).toBe(42);
    expect(seen.every((p) => p.linkType === LINKTYPE.LINUX_SLL)).toBe(true);
    expect(seen.some((p) => p.tsNsec % 1000 !== 0)).toBe(true);
  });
});

describe('PcapngParser on damaged files', () => {
  const blocks = [shb(), idb(LINKTYPE.ETHERNET), epb(0, 1n, payload(0)), epb(0, 2n, payload(1)), epb(0, 3n, payload(2))];
  const file = Buffer.concat(blocks);
  const offsetOf = (i: number) => blocks.slice(0, i).reduce((n, b) => n + b.length, 0);

  it.each([['a block header', 6], ['packet data', 40]])('delivers every packet before a cut inside %s', (_w, into) => {
    const { seen, summary } = parse(file.subarray(0, offsetOf(4) + into));
    expect(seen.length).toBe(2);
    expect(summary.truncated).toBe(true);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'truncated-file', offset: offsetOf(4) })]);
  });

  it('stops at a 4 GB block length', () => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(0xfffffffc, offsetOf(3) + 4);
    const { seen, summary } = parse(bad);
    expect(seen.length).toBe(1);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', offset: offsetOf(3) })]);
  });

  it.each([[30], [8]])('stops at a block length of %i (not a multiple of 4, or below 12)', (len) => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(len, offsetOf(3) + 4);
    const { seen, summary } = parse(bad);
    expect(seen.length).toBe(1);
    expect(summary.anomalyCounts).toEqual({ 'bad-record-length': 1 });
  });

  it('skips a block whose trailing length disagrees and goes on', () => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(4, offsetOf(4) - 4);
    const { seen, summary } = parse(bad);
    expect(seen.map((p) => p.data)).toEqual([payload(0), payload(2)].map((b) => b.toString('hex')));
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-block', offset: offsetOf(3) })]);
  });

  it('skips a packet whose caplen overruns its block and goes on', () => {
    const bad = Buffer.from(file);
    bad.writeUInt32LE(0xffffffff, offsetOf(3) + 20);
    const { seen, summary } = parse(bad);
    expect(seen.length).toBe(2);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', offset: offsetOf(3) })]);
  });

  it('counts a packet before any interface block', () => {
    const { seen, summary } = parse(Buffer.concat([shb(), epb(0, 1n, payload(0)), spb(payload(1))]));
    expect(seen.length).toBe(0);
    expect(summary.anomalyCounts).toEqual({ 'unknown-interface': 2 });
  });

  it('skips a section of an unknown major version, then reads the next section', () => {
    const future = shb(true);
    future.writeUInt16BE(2, 12);
    const file = Buffer.concat([
      future, idb(LINKTYPE.ETHERNET, {}, true), epb(0, 1n, payload(0), true),
      shb(), idb(LINKTYPE.RAW), epb(0, 2n, payload(1)),
    ]);
    const { seen, summary } = parse(file);
    expect(seen.map((p) => p.linkType)).toEqual([101]);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-block', offset: 0 })]);
  });

  it('stops at a section header without a byte-order magic', () => {
    const bad = Buffer.concat([file, shb()]);
    bad.writeUInt32LE(0x01020304, file.length + 8);
    const { seen, summary } = parse(bad);
    expect(seen.length).toBe(3);
    expect(summary.anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', offset: file.length })]);
  });
  it('skips an oversized packet block unread (still a frame) and an oversized other block, and reads on', () => {
    const file = Buffer.concat([
      shb(), idb(LINKTYPE.ETHERNET), epb(0, 1n, payload(0)),
      epb(0, 2n, Buffer.alloc(MAX_BUFFERED_RECORD_BYTES, 1)),
      pcapngBlock(0x0a, Buffer.alloc(MAX_BUFFERED_RECORD_BYTES + 4)), // a Decryption Secrets Block of over 1 MiB
      epb(0, 3n, payload(3)),
    ]);
    for (const size of [file.length, 100_000, 999]) {
      const seen: SeenPacket[] = [];
      const parser = new PcapngParser(collect(seen));
      for (let off = 0; off < file.length; off += size) parser.push(file.subarray(off, off + size));
      parser.end();
      expect({ size, frames: seen.map((p) => p.frame) }).toEqual({ size, frames: [1, 3] });
      expect(parser.summary().anomalyCounts).toEqual({ 'oversized-record': 2 });
    }
  });

  it('a packet time past what a date can hold (64-bit ticks at 1 s, or a huge if_tsoffset) is skipped and counted', () => {
    const file = Buffer.concat([
      shb(), idb(LINKTYPE.ETHERNET, { tsresol: 0 }), epb(0, 0xffffffffffffffn, payload(0)), epb(0, 1700000000n, payload(1)),
      idb(LINKTYPE.ETHERNET, { tsoffset: 2n ** 62n }), epb(1, 1n, payload(2)),
    ]);
    const { seen, summary } = parse(file);
    expect(seen.map((p) => [p.frame, p.tsSec])).toEqual([[2, 1700000000]]);
    expect(summary.anomalyCounts).toEqual({ 'bad-timestamp': 2 });
    expect(summary.anomalies[0].message).toMatch(/past what a date can hold/);
  });
});
