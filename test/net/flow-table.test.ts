import { FlowTable } from '../../src/net/flow-table';
import type { Flow } from '../../src/net/types';
import { ethernet, ipv4, ipv6, tcp, tcpConversation, tcpPacket, TCP_FLAGS, udpPacket } from '../helpers/frames';
import { gre, ipv4Fragments, ipv6FragmentHeader, ipv6Option } from '../helpers/net-frames';
import { LINKTYPE } from '../helpers/pcap-writer';
import { packets, RecordingConsumer } from './recording-consumer';

const C = { ip: '10.0.0.1', port: 40000 };
const S = { ip: '192.0.2.10', port: 443 };
const { SYN, ACK, PSH, FIN, RST } = TCP_FLAGS;

function run(frames: Buffer[], opts: ConstructorParameters<typeof FlowTable>[1] = {}, linkType: number = LINKTYPE.RAW, times?: number[]) {
  const consumer = new RecordingConsumer();
  const table = new FlowTable(consumer, opts);
  for (const p of packets(frames, linkType, { times })) table.onPacket(p);
  return { consumer, table };
}

const only = (c: RecordingConsumer): Flow => {
  const flows = c.flows();
  expect(flows).toHaveLength(1);
  return flows[0];
};

describe('FlowTable: TCP', () => {
  it('delivers both directions in order and ends with fin; the SYN sender is the client', () => {
    const frames = tcpConversation(C, S, [
      { from: 'client', data: Buffer.from('hello server') },
      { from: 'server', data: Buffer.from('x'.repeat(3000)) },
    ], { mss: 1000 });
    const { consumer, table } = run(frames);
    const f = only(consumer);
    expect([f.client, f.server, f.transport, f.startFrame]).toEqual([C, S, 'tcp', 1]);
    expect(consumer.stream(f, 0).toString()).toBe('hello server');
    expect(consumer.stream(f, 1).toString()).toBe('x'.repeat(3000));
    expect(consumer.ends()).toEqual([[f, 'fin']]);
    table.finish();
    expect(consumer.ends()).toHaveLength(1);
    expect(table.stats.flows).toBe(1);
  });

  it('in-order data reaches the consumer as a view into the frame, not a copy', () => {
    const frame = tcpPacket(C, S, 1001, 0, ACK | PSH, Buffer.from('view'));
    const seen: Buffer[] = [];
    const table = new FlowTable({
      onStreamData: (_f, _d, data) => seen.push(data),
      onStreamGap: () => undefined,
      onDatagram: () => undefined,
      onFlowEnd: () => undefined,
    });
    for (const p of packets([tcpPacket(C, S, 1000, 0, SYN), frame], LINKTYPE.RAW)) table.onPacket(p);
    expect(seen).toHaveLength(1);
    expect(seen[0].buffer).toBe(frame.buffer);
    expect(seen[0].byteOffset).toBe(frame.byteOffset + 40);
  });

  it('reorders segments of the server flight', () => {
    const frames = tcpConversation(C, S, [{ from: 'server', data: Buffer.from('0123456789abcdef') }], { mss: 4 });
    // frames: SYN, SYN-ACK, ACK, 4 data segments, FIN, FIN → reverse the data segments
    const reordered = [...frames.slice(0, 3), ...frames.slice(3, 7).reverse(), ...frames.slice(7)];
    const { consumer } = run(reordered);
    const f = only(consumer);
    expect(consumer.pieces(f, 1)).toEqual(['0123', '4567', '89ab', 'cdef']);
  });

  it('the SYN-ACK seen first makes its receiver the client; data on the 3WHS-completing ACK is delivered', () => {
    const frames = [
      tcpPacket(S, C, 5000, 1001, SYN | ACK),
      tcpPacket(C, S, 1001, 5001, ACK | PSH, Buffer.from('GET')), // completes the handshake and carries data
      tcpPacket(S, C, 5001, 1004, ACK | PSH, Buffer.from('OK')),
    ];
    const { consumer } = run(frames);
    const f = only(consumer);
    expect([f.client, f.server]).toEqual([C, S]);
    expect(consumer.pieces(f, 0)).toEqual(['GET']);
    expect(consumer.pieces(f, 1)).toEqual(['OK']);
  });

  it('data on the ACK that completes a full handshake', () => {
    const frames = [
      tcpPacket(C, S, 1000, 0, SYN),
      tcpPacket(S, C, 5000, 1001, SYN | ACK),
      tcpPacket(C, S, 1001, 5001, ACK, Buffer.from('\x16\x03\x01hello')),
    ];
    const { consumer } = run(frames);
    expect(consumer.stream(only(consumer), 0).toString('latin1')).toBe('\x16\x03\x01hello');
  });

  it('a mid-stream start: the first sender is the client, bytes start at the first seen sequence', () => {
    const frames = [
      tcpPacket(S, C, 777, 888, ACK | PSH, Buffer.from('resp')),
      tcpPacket(C, S, 888, 781, ACK | PSH, Buffer.from('req')),
      tcpPacket(S, C, 781, 891, ACK | PSH, Buffer.from('onse')),
    ];
    const { consumer } = run(frames);
    const f = only(consumer);
    expect([f.client, f.server]).toEqual([S, C]);
    expect(consumer.pieces(f, 0)).toEqual(['resp', 'onse']);
    expect(consumer.pieces(f, 1)).toEqual(['req']);
  });

  it('retransmissions and an overlapping retransmission with different bytes: first wins, bytes counted', () => {
    const frames = [
      tcpPacket(C, S, 1000, 0, SYN),
      tcpPacket(C, S, 1001, 0, ACK, Buffer.from('abcd')),
      tcpPacket(C, S, 1001, 0, ACK, Buffer.from('abcd')),
      tcpPacket(C, S, 1003, 0, ACK, Buffer.from('XXef')),
    ];
    const { consumer, table } = run(frames);
    expect(consumer.stream(only(consumer), 0).toString()).toBe('abcdef');
    expect(table.stats.retransmittedBytes).toBe(6);
  });

  it('sequence numbers that wrap across 2^32', () => {
    const frames = tcpConversation(C, S, [{ from: 'client', data: Buffer.from('wrap-around-data') }], { mss: 3, clientIsn: 0xfffffffa });
    const { consumer } = run(frames);
    expect(consumer.stream(only(consumer), 0).toString()).toBe('wrap-around-data');
  });

  it('a lost segment: onStreamGap with its size at the end of input, then the data after it', () => {
    const frames = tcpConversation(C, S, [{ from: 'server', data: Buffer.from('aaaabbbbcccc') }], { mss: 4 });
    const lossy = frames.filter((_, i) => i !== 4).slice(0, -2); // lose 'bbbb', no FINs
    const { consumer, table } = run(lossy);
    table.finish();
    const f = only(consumer);
    expect(consumer.pieces(f, 1)).toEqual(['aaaa', '<gap 4>', 'cccc']);
    expect([table.stats.gaps, table.stats.gapBytes]).toEqual([1, 4]);
    expect(consumer.ends()).toEqual([[f, 'eof']]);
  });

  it('a lost segment with the out-of-order cap reached: the gap comes without waiting for the end', () => {
    const frames = tcpConversation(C, S, [{ from: 'server', data: Buffer.from('aaaabbbbccccddddeeee') }], { mss: 4 });
    const lossy = frames.filter((_, i) => i !== 4);
    const { consumer } = run(lossy.slice(0, 7), { maxOutOfOrderBytes: 8 });
    expect(consumer.pieces(only(consumer), 1)).toEqual(['aaaa', '<gap 4>', 'cccc', 'dddd', 'eeee']);
  });

  it('release() inside onStreamData stops delivery, ends the flow once, and later packets are dropped', () => {
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer);
    consumer.onData = (flow) => table.release(flow);
    const frames = tcpConversation(C, S, [{ from: 'server', data: Buffer.from('0123456789') }], { mss: 2 });
    const reordered = [...frames.slice(0, 3), frames[4], frames[5], frames[3], ...frames.slice(6)];
    for (const p of packets(reordered, LINKTYPE.RAW)) table.onPacket(p);
    table.finish();
    const f = only(consumer);
    // frames[3] ('01') fills the hole; '23' and '45' were held but the release stops them.
    expect(consumer.pieces(f, 1)).toEqual(['01']);
    expect(consumer.ends()).toEqual([[f, 'released']]);
    expect(table.stats.flows).toBe(1);
  });

  it('a new SYN on the ports of a released flow starts a new flow', () => {
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer);
    consumer.onData = (flow) => table.release(flow);
    const first = tcpConversation(C, S, [{ from: 'client', data: Buffer.from('one') }]);
    const second = tcpConversation(C, S, [{ from: 'client', data: Buffer.from('two') }], { clientIsn: 9000 });
    for (const p of packets([...first.slice(0, 4), ...second], LINKTYPE.RAW)) table.onPacket(p);
    const flows = consumer.flows();
    expect(flows).toHaveLength(2);
    expect(consumer.stream(flows[1], 0).toString()).toBe('two');
  });

  it('a new SYN on the ports of a live flow that vanished unseen ends it (idle) and starts a new flow', () => {
    const frames = [
      tcpPacket(C, S, 1000, 0, SYN),
      tcpPacket(C, S, 1000, 0, SYN), // retransmitted SYN: same connection
      tcpPacket(C, S, 1001, 0, ACK, Buffer.from('old')),
      tcpPacket(C, S, 777000, 0, SYN),
      tcpPacket(C, S, 777001, 0, ACK, Buffer.from('new')),
    ];
    const { consumer } = run(frames);
    const [a, b] = consumer.flows();
    expect(consumer.ends()).toEqual([[a, 'idle']]);
    expect([consumer.stream(a, 0).toString(), consumer.stream(b, 0).toString()]).toEqual(['old', 'new']);
  });

  it('release() of another flow from inside a callback ends that one after the callback returns', () => {
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer);
    const other = { ip: '10.0.0.99', port: 5 };
    let first: Flow | undefined;
    consumer.onData = (flow) => {
      if (!first) first = flow;
      else if (flow !== first) table.release(first);
    };
    const frames = [
      tcpPacket(C, S, 1, 0, ACK, Buffer.from('a')),
      tcpPacket(other, S, 1, 0, ACK, Buffer.from('b')),
      tcpPacket(C, S, 2, 0, ACK, Buffer.from('c')),
    ];
    for (const p of packets(frames, LINKTYPE.RAW)) table.onPacket(p);
    expect(consumer.events.map((e) => e.kind)).toEqual(['data', 'data', 'end']);
    expect(consumer.ends()).toEqual([[first, 'released']]);
  });

  it('a connection closed by FINs is remembered briefly: stragglers are absorbed, then the entry goes', () => {
    const conv = tcpConversation(C, S, [{ from: 'client', data: Buffer.from('hi') }]);
    const lastAck = tcpPacket(C, S, 1004, 5002, ACK);
    const late = tcpPacket(C, S, 1001, 5002, ACK, Buffer.from('hi')); // a retransmission after the close
    const elsewhere = tcpPacket({ ip: '10.9.9.9', port: 9 }, S, 1, 0, SYN);
    const times = [...conv.map((_, i) => 1000 + i), 1010, 1030, 1100];
    const { consumer, table } = run([...conv, lastAck, late, elsewhere], { closedTombstoneSec: 60, idleTimeoutSec: 300 }, LINKTYPE.RAW, times);
    expect(consumer.flows()).toHaveLength(1);
    expect(consumer.ends().map(([, r]) => r)).toEqual(['fin']);
    expect(table.size).toBe(1); // only the new flow: the closed one's tombstone expired after 60 s
  });

  it('a released flow keeps its tombstone until FIN both ways, then only briefly', () => {
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer, { closedTombstoneSec: 5, idleTimeoutSec: 300 });
    consumer.onData = (flow) => table.release(flow);
    const conv = tcpConversation(C, S, [{ from: 'client', data: Buffer.from('a') }, { from: 'server', data: Buffer.from('b'.repeat(50)) }], { mss: 10 });
    const other = tcpPacket({ ip: '10.9.9.9', port: 9 }, S, 1, 0, SYN);
    // 3WHS, client data (released here), 5 server segments, FINs, then much later another flow.
    const times = [...conv.map((_, i) => 1000 + i), 1200];
    for (const p of packets([...conv, other], LINKTYPE.RAW, { times })) table.onPacket(p);
    expect(consumer.flows()).toHaveLength(1);
    expect(consumer.events.map((e) => e.kind)).toEqual(['data', 'end']);
    expect(table.size).toBe(1);
  });

  it('idle flows are evicted by packet time', () => {
    const a = tcpPacket(C, S, 1, 0, ACK | PSH, Buffer.from('a'));
    const b = tcpPacket({ ip: '10.0.0.2', port: 1 }, S, 1, 0, ACK | PSH, Buffer.from('b'));
    const { consumer, table } = run([a, b, b], { idleTimeoutSec: 60 }, LINKTYPE.RAW, [1000, 1030, 1061]);
    const [fa] = consumer.flows();
    expect(consumer.ends()).toEqual([[fa, 'idle']]);
    expect(table.stats.evictedIdle).toBe(1);
    expect(table.size).toBe(1);
  });

  it('the flow cap evicts the least recently active flow with reason idle', () => {
    const from = (n: number) => ({ ip: `10.0.1.${n}`, port: 1000 + n });
    const frames = [1, 2, 1, 3].map((n) => tcpPacket(from(n), S, 1, 0, ACK | PSH, Buffer.from(`${n}`)));
    const { consumer, table } = run(frames, { maxFlows: 2 });
    const [f1, f2] = consumer.flows();
    expect(f1.client.ip).toBe('10.0.1.1');
    expect(consumer.ends()).toEqual([[f2, 'idle']]);
    expect(table.size).toBe(2);
  });

  it('the shared buffer cap ends the flow that would pass it with byte-cap', () => {
    const frames = [
      tcpPacket(C, S, 1000, 0, SYN),
      tcpPacket(C, S, 1101, 0, ACK, Buffer.alloc(600)),
      tcpPacket(C, S, 1801, 0, ACK, Buffer.alloc(600)),
    ];
    const { consumer, table } = run(frames, { maxTotalBufferedBytes: 1000 });
    const f = only(consumer);
    expect(consumer.ends()).toEqual([[f, 'byte-cap']]);
    expect(consumer.pieces(f, 0)).toEqual(['<gap 100>', '\0'.repeat(600)]);
    expect(table.stats.evictedByteCap).toBe(1);
  });

  it('RST ends the flow', () => {
    const frames = [tcpPacket(C, S, 1000, 0, SYN), tcpPacket(S, C, 0, 1001, RST | ACK)];
    const { consumer } = run(frames);
    expect(consumer.ends().map(([, r]) => r)).toEqual(['rst']);
  });

  it('IPv6 flows carry RFC 5952 endpoint text', () => {
    const c6 = { ip: '2001:db8:0:0:0:0:0:1', port: 5555 };
    const s6 = { ip: '2001:db8:0:0:1:0:0:1', port: 443 };
    const { consumer, table } = run([tcpPacket(c6, s6, 1, 0, SYN)]);
    table.finish();
    const f = only(consumer);
    expect([f.client.ip, f.server.ip]).toEqual(['2001:db8::1', '2001:db8::1:0:0:1']);
  });
});

describe('FlowTable: UDP, fragments, tunnels', () => {
  it('UDP datagrams per direction, ending only at eof', () => {
    const { consumer, table } = run([udpPacket(C, S, Buffer.from('q')), udpPacket(S, C, Buffer.from('r'))]);
    table.finish();
    const f = only(consumer);
    expect(consumer.events.map((e) => (e.kind === 'datagram' ? `${e.dir}:${e.data}` : e.kind))).toEqual(['0:q', '1:r', 'end']);
    expect(consumer.ends()).toEqual([[f, 'eof']]);
  });

  it('release() from inside onDatagram drops the later datagrams of the flow', () => {
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer);
    consumer.onDatagram = function (this: RecordingConsumer, flow, dir, data, ts, frame) {
      RecordingConsumer.prototype.onDatagram.call(this, flow, dir, data, ts, frame);
      table.release(flow);
    };
    for (const p of packets([udpPacket(C, S, Buffer.from('1')), udpPacket(S, C, Buffer.from('2'))], LINKTYPE.RAW)) table.onPacket(p);
    table.finish();
    expect(consumer.events.map((e) => e.kind)).toEqual(['datagram', 'end']);
    expect(consumer.ends().map(([, r]) => r)).toEqual(['released']);
  });

  it('IPv4 fragments out of order are reassembled', () => {
    const seg = tcp(C.port, S.port, 1001, 0, ACK | PSH, Buffer.from('fragmented payload!'.repeat(5)));
    const frags = ipv4Fragments(C.ip, S.ip, 6, seg, 32);
    const { consumer, table } = run([tcpPacket(C, S, 1000, 0, SYN), ...frags.reverse()]);
    expect(consumer.stream(only(consumer), 0).toString()).toBe('fragmented payload!'.repeat(5));
    expect(table.stats.ipFragmentsReassembled).toBe(1);
  });

  it('IPv6 with hop-by-hop and a fragment header is reassembled', () => {
    const seg = tcp(40000, 443, 1, 0, ACK | PSH, Buffer.from('v6 fragments '.repeat(8)));
    const cut = 56;
    const part = (off: number, more: boolean, bytes: Buffer) =>
      ipv6('2001:db8::1', '2001:db8::2', 0, Buffer.concat([ipv6Option(44), ipv6FragmentHeader(6, off, more, 77), bytes]));
    const frames = [part(cut, false, seg.subarray(cut)), part(0, true, seg.subarray(0, cut))];
    const { consumer } = run(frames);
    const f = only(consumer);
    expect(f.client).toEqual({ ip: '2001:db8::1', port: 40000 });
    expect(consumer.stream(f, 0).toString()).toBe('v6 fragments '.repeat(8));
  });

  it('a tunnelled conversation is reported with its inner endpoints', () => {
    const inner = tcpConversation(C, S, [{ from: 'server', data: Buffer.from('inner') }]);
    const frames = inner.map((p) => ethernet(ipv4('203.0.113.1', '203.0.113.2', 47, gre(0x0800, p, { key: 5 }))));
    const { consumer } = run(frames, {}, LINKTYPE.ETHERNET);
    const f = only(consumer);
    expect([f.client, f.server]).toEqual([C, S]);
    expect(consumer.stream(f, 1).toString()).toBe('inner');
  });

  it('malformed, ignored and snap-cut frames are counted, never thrown', () => {
    const short = tcpPacket(C, S, 1, 0, ACK, Buffer.from('x'));
    short.writeUInt16BE(65535, 2);
    const icmp = ipv4(C.ip, S.ip, 1, Buffer.alloc(8));
    const consumer = new RecordingConsumer();
    const table = new FlowTable(consumer);
    const [p1, p2, p3] = packets([short, icmp, Buffer.from([0x45])], LINKTYPE.RAW);
    table.onPacket(p1);
    table.onPacket(p2);
    table.onPacket(p3);
    const full = tcpPacket(C, S, 1, 0, ACK, Buffer.alloc(100));
    table.onPacket({ ...p1, frame: 4, buf: full, off: 0, len: 60, origLen: full.length });
    expect([table.stats.malformed, table.stats.ignored, table.stats.snapCut]).toEqual([2, 1, 1]);
    expect(consumer.pieces(consumer.flows()[0], 0)).toEqual(['\0'.repeat(20), '<gap 80>']);
  });

  it('IPv6 addresses of a v6 flow over raw 229', () => {
    const { consumer } = run([ipv6('2001:db8::a', '2001:db8::b', 17, Buffer.from([0, 53, 0, 53, 0, 9, 0, 0, 7]))], {}, LINKTYPE.IPV6);
    const f = only(consumer);
    expect([f.client.ip, f.server.ip, f.transport]).toEqual(['2001:db8::a', '2001:db8::b', 'udp']);
  });
});
