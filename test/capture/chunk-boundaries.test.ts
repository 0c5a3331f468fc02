import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../../src/capture/read-capture';
import type { CaptureSummary } from '../../src/capture/types';
import { LINKTYPE, writePcap } from '../helpers/pcap-writer';
import { type SeenPacket, chunked, collect, epb, idb, opb, payload, pcapngBlock, seededRandom, shb, spb } from '../helpers/capture-fixtures';
import { CORPUS_DIR } from '../helpers/corpus';

async function read(buf: Buffer, sizes: (i: number) => number): Promise<{ seen: SeenPacket[]; summary: CaptureSummary }> {
  const seen: SeenPacket[] = [];
  const summary = await readCapture('test', chunked(buf, sizes), collect(seen));
  return { seen, summary };
}

const PCAP = writePcap(
  [0, 1, 2, 3].map((i) => ({ time: 1700000000 + i / 4, data: payload(i), origLen: 100 + i })),
  { bigEndian: true, nanosecond: true },
);
const PCAPNG = Buffer.concat([
  shb(), idb(LINKTYPE.ETHERNET, { tsresol: 9, snaplen: 70 }), idb(LINKTYPE.RAW),
  epb(0, 1700000000_000000001n, payload(0)), pcapngBlock(0x1234, Buffer.alloc(20)), spb(payload(1, 70), 90),
  shb(true), idb(LINKTYPE.LINUX_SLL, { tsresol: 0x80 | 10 }, true), opb(0, 1234567n, payload(2), true),
  epb(0, 99n << 10n, payload(3), true),
]);

describe.each([['pcap', PCAP], ['pcapng', PCAPNG]])('%s split at chunk boundaries', (_name, file) => {
  let whole: { seen: SeenPacket[]; summary: CaptureSummary };
  beforeAll(async () => {
    whole = await read(file, () => file.length);
    expect(whole.seen.length).toBe(4);
  });

  it('gives the same packets fed one byte at a time', async () => {
    expect(await read(file, () => 1)).toEqual(whole);
  });

  it('gives the same packets split in two at every offset', async () => {
    for (let cut = 1; cut < file.length; cut++) {
      const got = await read(file, (i) => (i === 0 ? cut : file.length));
      expect({ cut, ...got }).toEqual({ cut, ...whole });
    }
  });

  it('gives the same packets in random chunk sizes', async () => {
    const rand = seededRandom(42);
    for (let round = 0; round < 50; round++) {
      expect(await read(file, () => 1 + Math.floor(rand() * 150))).toEqual(whole);
    }
  });

  it('reports a truncation at the same offset whatever the chunking', async () => {
    const cut = file.subarray(0, file.length - 7);
    const one = await read(cut, () => cut.length);
    expect(one.summary.truncated).toBe(true);
    expect(await read(cut, () => 1)).toEqual(one);
    expect(await read(cut, (i) => (i % 2 ? 3 : 61))).toEqual(one);
  });
});

// A real capture with packets larger than the chunks, so records span several chunks.
it('reads wireshark-http2_follow_multistream.pcapng the same in 1000-byte chunks', async () => {
  const file = readFileSync(join(`${CORPUS_DIR}/pcap`, 'wireshark-http2_follow_multistream.pcapng'));
  const whole = await read(file, () => file.length);
  expect(whole.summary.packets).toBe(197); // expected.json "packets"
  expect(await read(file, () => 1000)).toEqual(whole);
});
