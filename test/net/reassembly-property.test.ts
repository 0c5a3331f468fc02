/**
 * Property check of TCP reassembly through the flow table: a conversation sent in random segment sizes, then
 * shuffled, duplicated and thinned at random (seeded), must come out as the original bytes at the original
 * positions, with every lost byte accounted for by a gap and nothing invented.
 */
import { FlowTable } from '../../src/net/flow-table';
import { tcpPacket, TCP_FLAGS } from '../helpers/frames';
import { LINKTYPE } from '../helpers/pcap-writer';
import { packets, RecordingConsumer } from './recording-consumer';

const C = { ip: '10.0.0.1', port: 40000 };
const S = { ip: '192.0.2.10', port: 443 };

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function segments(data: Buffer, isn: number, rand: () => number): Array<{ seq: number; data: Buffer }> {
  const out: Array<{ seq: number; data: Buffer }> = [];
  for (let off = 0; off < data.length; ) {
    const n = 1 + Math.floor(rand() * 300);
    out.push({ seq: (isn + 1 + off) >>> 0, data: data.subarray(off, off + n) });
    off += n;
  }
  return out;
}

describe('TCP reassembly property', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: shuffled, duplicated and lossy segments', (seed) => {
    const rand = prng(seed);
    const data = Buffer.from(Array.from({ length: 6000 }, () => Math.floor(rand() * 256)));
    const isn = Math.floor(rand() * 2 ** 32); // wraps in some seeds
    const lossy = seed > 4;
    const all = segments(data, isn, rand);
    const lost = lossy ? all.filter((_, i) => i === 3 || (i > 0 && rand() < 0.08)) : [];
    const segs = all.filter((s) => !lost.includes(s));
    const sent = segs.flatMap((s) => (rand() < 0.2 ? [s, s] : [s]));
    // Local reordering: swap neighbours at random.
    for (let i = 1; i < sent.length; i++) if (rand() < 0.3) [sent[i - 1], sent[i]] = [sent[i], sent[i - 1]];
    const frames = [
      tcpPacket(C, S, isn, 0, TCP_FLAGS.SYN),
      ...sent.map((s) => tcpPacket(C, S, s.seq, 1, TCP_FLAGS.ACK, s.data)),
    ];
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer, { maxOutOfOrderBytes: 2000 });
    for (const p of packets(frames, LINKTYPE.RAW)) table.onPacket(p);
    table.finish();

    const [flow] = consumer.flows();
    let pos = 0;
    let gapBytes = 0;
    for (const e of consumer.events) {
      if (e.kind === 'data' && e.dir === 0) {
        expect(e.data.equals(data.subarray(pos, pos + e.data.length))).toBe(true);
        pos += e.data.length;
      } else if (e.kind === 'gap') {
        pos += e.bytes;
        gapBytes += e.bytes;
      }
    }
    // Bytes after the last segment that arrived are unknown to the receiver: the stream may end early.
    const lastSent = Math.max(...segs.map((s) => ((s.seq - isn - 1) >>> 0) + s.data.length));
    expect(pos).toBe(lastSent);
    expect(consumer.stream(flow, 0).length + gapBytes).toBe(lastSent);
    // Every lost segment before the end of what arrived is exactly one hole's worth of gap bytes.
    const offsetOf = (s: { seq: number }) => (s.seq - isn - 1) >>> 0;
    const lostBytes = lost.filter((s) => offsetOf(s) < lastSent).reduce((n, s) => n + s.data.length, 0);
    expect(gapBytes).toBe(lostBytes);
    if (lossy) expect(lostBytes).toBeGreaterThan(0);
    expect(table.stats.gapBytes).toBe(gapBytes);
  });
});
