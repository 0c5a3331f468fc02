import { DecodedPacket, decodeFrame } from '../../src/net/decode-frame';
import { FlowIndex, type FlowTuple, type Indexed } from '../../src/net/flow-index';
import { tcpPacket, TCP_FLAGS, udpPacket } from '../helpers/frames';
import { LINKTYPE } from '../helpers/pcap-writer';

class Entry implements Indexed {
  bucketNext: Indexed | null = null;
  constructor(readonly tuple: FlowTuple, readonly name: string) {}
}

function decoded(frame: Buffer): DecodedPacket {
  const out = new DecodedPacket();
  expect(decodeFrame(LINKTYPE.RAW, frame, out)).toBe('ok');
  return out;
}

const ends = [
  [{ ip: '10.0.0.1', port: 1000 }, { ip: '10.0.0.2', port: 443 }],
  [{ ip: '10.0.0.2', port: 1000 }, { ip: '10.0.0.1', port: 443 }],
  [{ ip: '10.0.0.1', port: 1001 }, { ip: '10.0.0.2', port: 443 }],
  [{ ip: '10.0.0.1', port: 443 }, { ip: '10.0.0.1', port: 1000 }], // same address both sides
  [{ ip: '2001:db8::1', port: 1000 }, { ip: '2001:db8::2', port: 443 }],
  [{ ip: '2001:db8::2', port: 1000 }, { ip: '2001:db8::1', port: 443 }],
  [{ ip: '2001:db8::1:0:0:1', port: 1000 }, { ip: '2001:db8::2', port: 443 }],
  [{ ip: 'ffff::1', port: 65535 }, { ip: '::1', port: 0 }], // words above 2^31
];

describe.each([0x3fffffff, 1, 0])('FlowIndex with key mask %i (small masks force every key to collide)', (mask) => {
  it('finds each 5-tuple from both directions and tells colliding ones apart', () => {
    const index = new FlowIndex<Entry>(mask);
    const entries: Entry[] = [];
    for (const [i, [a, b]] of ends.entries()) {
      for (const proto of ['tcp', 'udp']) {
        const out = decoded(proto === 'tcp' ? tcpPacket(a, b, 1, 0, TCP_FLAGS.SYN) : udpPacket(a, b, Buffer.from('x')));
        expect(index.find(out)).toBeUndefined();
        const e = new Entry(index.tupleOfLastFind(), `${i}/${proto}`);
        index.add(e);
        entries.push(e);
      }
    }
    expect(index.size).toBe(ends.length * 2);
    for (const [i, [a, b]] of ends.entries()) {
      const fwd = decoded(tcpPacket(a, b, 5, 0, TCP_FLAGS.ACK));
      expect(index.find(fwd)?.name).toBe(`${i}/tcp`);
      const fwdLow = index.srcIsLow;
      expect(index.find(decoded(tcpPacket(b, a, 5, 0, TCP_FLAGS.ACK)))?.name).toBe(`${i}/tcp`);
      expect(index.srcIsLow).toBe(!fwdLow);
      expect(index.find(decoded(udpPacket(b, a, Buffer.from('y'))))?.name).toBe(`${i}/udp`);
    }
    // Remove every other entry: the rest stay findable through the shared buckets.
    entries.filter((_, k) => k % 2 === 0).forEach((e) => expect(index.remove(e)).toBe(true));
    expect(index.remove(entries[0])).toBe(false);
    for (const [i, [a, b]] of ends.entries()) {
      expect(index.find(decoded(tcpPacket(a, b, 5, 0, TCP_FLAGS.ACK)))).toBeUndefined();
      expect(index.find(decoded(udpPacket(a, b, Buffer.from('z'))))?.name).toBe(`${i}/udp`);
    }
    expect(index.size).toBe(ends.length);
  });
});
