import { DecodedPacket, decodeFrame } from '../../src/net/decode-frame';
import { FlowIndex, type FlowTuple, type Indexed } from '../../src/net/flow-index';
import { tcpPacket, TCP_FLAGS, udpPacket } from '../helpers/frames';
import { LINKTYPE } from '../helpers/pcap-writer';

class Entry implements Indexed {
  constructor(readonly tuple: FlowTuple, readonly name: string) {}
}

function decoded(frame: Buffer): DecodedPacket {
  const out = new DecodedPacket();
  expect(decodeFrame(LINKTYPE.RAW, frame, 0, frame.length, out)).toBe('ok');
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
    // Remove every other entry: the rest stay findable past the freed slots of their probe runs.
    entries.filter((_, k) => k % 2 === 0).forEach((e) => expect(index.remove(e)).toBe(true));
    expect(index.remove(entries[0])).toBe(false);
    for (const [i, [a, b]] of ends.entries()) {
      expect(index.find(decoded(tcpPacket(a, b, 5, 0, TCP_FLAGS.ACK)))).toBeUndefined();
      expect(index.find(decoded(udpPacket(a, b, Buffer.from('z'))))?.name).toBe(`${i}/udp`);
    }
    expect(index.size).toBe(ends.length);
  });
});

describe('FlowIndex under churn', () => {
  // A fixed linear congruential sequence: the same flows, adds and removes every run.
  let state = 12345;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };

  it.each([0x3fffffff, 7])('agrees with a Map after thousands of adds and removes, through growth and wrapped probe runs (key mask %i)', (mask) => {
    const index = new FlowIndex<Entry>(mask, 99);
    const live = new Map<string, Entry>();
    const name = (a: { ip: string; port: number }, b: { ip: string; port: number }): string => `${a.ip}:${a.port}-${b.ip}:${b.port}`;
    for (let step = 0; step < 6000; step++) {
      const v6 = next(4) === 0;
      const a = { ip: v6 ? `2001:db8::${next(40).toString(16)}` : `10.0.${next(4)}.${next(40)}`, port: 1024 + next(8) };
      const b = { ip: v6 ? '2001:db8::ffff' : '10.9.9.9', port: 443 };
      const key = name(a, b);
      const out = decoded(udpPacket(a, b, Buffer.from('x')));
      const found = index.find(out);
      expect(found).toBe(live.get(key));
      if (found === undefined) {
        const e = new Entry(index.tupleOfLastFind(), key);
        index.add(e);
        live.set(key, e);
      } else if (next(3) !== 0) {
        expect(index.remove(found)).toBe(true);
        expect(index.remove(found)).toBe(false);
        live.delete(key);
      }
      expect(index.size).toBe(live.size);
    }
    expect(live.size).toBeGreaterThan(1024 / 2); // the table grew past its first size
    for (const e of live.values()) {
      const [a, b] = e.name.split('-').map((s) => {
        const at = s.lastIndexOf(':');
        return { ip: s.slice(0, at), port: Number(s.slice(at + 1)) };
      });
      expect(index.find(decoded(udpPacket(b, a, Buffer.from('y'))))).toBe(e);
    }
  });
});
