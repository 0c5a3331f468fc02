import { decodeFrame, DecodedPacket } from '../../src/net/decode-frame';
import { IpReassembler } from '../../src/net/ip-reassembly';
import { FlowTable } from '../../src/net/flow-table';
import { ipv4 } from '../helpers/frames';
import { LINKTYPE } from '../helpers/pcap-writer';
import { packets, RecordingConsumer } from './recording-consumer';

const A = '10.1.1.1';
const B = '10.2.2.2';

/** One IPv4 fragment of protocol 17 (RFC 791 §3.2: offsets in bytes here, multiples of 8). */
function frag(id: number, offset: number, more: boolean, data: string): Buffer {
  return ipv4(A, B, 17, Buffer.from(data, 'latin1'), { id, fragOffset: offset, moreFragments: more });
}

function feed(r: IpReassembler, frame: Buffer, now = 0): Buffer | null {
  const out = new DecodedPacket();
  expect(decodeFrame(LINKTYPE.RAW, frame, 0, frame.length, out)).toBe('ok');
  expect(out.fragment).toBe(true);
  return r.add(out, now);
}

describe('IpReassembler', () => {
  it('completes in any order and keeps the first-arrived bytes where fragments overlap', () => {
    const r = new IpReassembler();
    expect(feed(r, frag(1, 8, false, 'IJKLMNOP'))).toBeNull();
    expect(feed(r, frag(1, 0, true, 'abcdefghXXXX'))).toEqual(Buffer.from('abcdefghIJKLMNOP'));
    expect(r.pendingCount).toBe(0);
  });

  it('keeps datagrams of different ids apart', () => {
    const r = new IpReassembler();
    feed(r, frag(1, 0, true, '11111111'));
    feed(r, frag(2, 0, true, '22222222'));
    expect(feed(r, frag(2, 8, false, 'b'))?.toString()).toBe('22222222b');
    expect(feed(r, frag(1, 8, false, 'a'))?.toString()).toBe('11111111a');
  });

  it('drops a datagram whose first fragment is older than the timeout (packet time)', () => {
    const r = new IpReassembler({ timeoutSec: 30 });
    feed(r, frag(1, 0, true, '11111111'), 100);
    expect(feed(r, frag(1, 8, false, 'a'), 131)).toBeNull();
    expect(r.dropped).toBe(1);
  });

  it('bounds the pending datagrams, dropping the oldest', () => {
    const r = new IpReassembler({ maxPendingDatagrams: 10 });
    for (let id = 0; id < 1000; id++) feed(r, frag(id, 0, true, '12345678'));
    expect(r.pendingCount).toBe(10);
    expect(r.dropped).toBe(990);
    expect(feed(r, frag(999, 8, false, 'z'))?.toString()).toBe('12345678z');
  });

  it('drops datagrams past 65535 bytes and last fragments that disagree on the end', () => {
    const r = new IpReassembler();
    expect(feed(r, frag(1, 65528, true, '0123456789'))).toBeNull();
    feed(r, frag(2, 16, false, 'end'));
    expect(feed(r, frag(2, 24, false, 'other'))).toBeNull();
    expect(feed(r, frag(2, 0, true, '0123456789abcdef'))).toBeNull();
    expect(r.dropped).toBe(2);
  });

  it('bounds the bytes held, dropping the oldest datagrams first', () => {
    const r = new IpReassembler({ maxHeldBytes: 64 });
    for (let id = 0; id < 20; id++) feed(r, frag(id, 0, true, '0123456789abcdef'));
    expect([r.pendingCount, r.bufferedBytes, r.dropped]).toEqual([4, 64, 16]);
    expect(feed(r, frag(0, 16, false, 'late'))).toBeNull(); // its first part was dropped
    expect(feed(r, frag(19, 16, false, 'tail'))?.toString()).toBe('0123456789abcdeftail');
  });

  it('a fragment flood through the flow table stays within the cap and is counted', () => {
    const table = new FlowTable(new RecordingConsumer(), { maxPendingDatagrams: 50 });
    const frames = Array.from({ length: 2000 }, (_, id) => frag(id, 0, true, 'abcdefgh'));
    for (const p of packets(frames, LINKTYPE.RAW, { times: frames.map(() => 1000) })) table.onPacket(p);
    expect(table.stats.ipDatagramsDropped).toBe(1950);
  });
});
