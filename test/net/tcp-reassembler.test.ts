import { DEFAULT_REASSEMBLY_LIMITS, TcpReassembler, type ReassemblySink } from '../../src/net/tcp-reassembler';
import type { Direction } from '../../src/net/types';

class Sink implements ReassemblySink {
  pieces: string[] = [];
  frames: number[] = [];
  stopped = false;
  stopAfter = Infinity;
  streamData(_dir: Direction, data: Buffer, _s: number, _n: number, frame: number): void {
    this.pieces.push(data.toString('latin1'));
    this.frames.push(frame);
    if (this.pieces.length >= this.stopAfter) this.stopped = true;
  }
  streamGap(_dir: Direction, bytes: number): void {
    this.pieces.push(`<gap ${bytes}>`);
  }
  text(): string {
    return this.pieces.join('');
  }
}

function setup(limits: { maxOutOfOrderBytes?: number; maxOutOfOrderSegments?: number } = {}, budgetLimit = Infinity) {
  const sink = new Sink();
  const counters = { gaps: 0, gapBytes: 0, retransmittedBytes: 0, overlapConflicts: 0, synResyncs: 0 };
  const budget = { used: 0, limit: budgetLimit };
  const r = new TcpReassembler(sink, 0, counters, { ...DEFAULT_REASSEMBLY_LIMITS, ...limits }, budget);
  let frame = 0;
  const seg = (seq: number, text: string) => r.onSegment(seq >>> 0, Buffer.from(text, 'latin1'), 0, text.length, text.length, 0, 0, ++frame);
  return { sink, counters, budget, r, seg };
}

describe('TcpReassembler', () => {
  it('passes in-order segments straight through after the SYN', () => {
    const { sink, r, seg } = setup();
    r.onSyn(99);
    seg(100, 'abc');
    seg(103, 'def');
    expect(sink.pieces).toEqual(['abc', 'def']);
  });

  it('holds reordered segments and delivers them once the hole fills', () => {
    const { sink, r, seg, budget } = setup();
    r.onSyn(99);
    seg(106, 'ghi');
    seg(103, 'def');
    expect(sink.pieces).toEqual([]);
    expect(r.bufferedBytes).toBe(6);
    seg(100, 'abc');
    expect(sink.text()).toBe('abcdefghi');
    expect(sink.frames).toEqual([3, 2, 1]);
    expect([r.bufferedBytes, budget.used]).toEqual([0, 0]);
  });

  it('drops a full retransmission and counts its bytes', () => {
    const { sink, r, seg, counters } = setup();
    r.onSyn(99);
    seg(100, 'abc');
    seg(100, 'abc');
    seg(103, 'def');
    expect(sink.text()).toBe('abcdef');
    expect(counters.retransmittedBytes).toBe(3);
  });

  it('keeps the first-seen bytes when a retransmission overlaps with different bytes', () => {
    const { sink, r, seg, counters } = setup();
    r.onSyn(99);
    seg(100, 'abcd');
    seg(102, 'XXef'); // 'XX' overlaps 'cd'
    expect(sink.text()).toBe('abcdef');
    expect(counters.retransmittedBytes).toBe(2);
  });

  it('keeps first-seen held bytes when a later in-order segment covers them', () => {
    const { sink, r, seg, counters } = setup();
    r.onSyn(99);
    seg(103, 'DEF'); // held first
    seg(100, 'abcdefgh'); // covers the held bytes with other content
    expect(sink.text()).toBe('abcDEFgh');
    expect(counters.retransmittedBytes).toBe(3);
  });

  it('keeps first-seen bytes between overlapping out-of-order segments', () => {
    const { sink, r, seg } = setup();
    r.onSyn(99);
    seg(104, 'EF');
    seg(102, 'cdXXgh');
    seg(100, 'ab');
    expect(sink.text()).toBe('abcdEFgh');
  });

  it('follows the sequence across 2^32', () => {
    const { sink, r, seg } = setup();
    r.onSyn(0xfffffffc); // data starts at 0xfffffffd
    seg(0xfffffffd, 'abc');
    seg(3, 'ghi'); // out of order, after the wrap
    seg(0, 'def');
    seg(0xfffffffd, 'abc'); // old retransmission
    expect(sink.text()).toBe('abcdefghi');
  });

  it('starts mid-stream at the first segment seen', () => {
    const { sink, seg } = setup();
    seg(5000, 'mid');
    seg(5003, 'dle');
    expect(sink.text()).toBe('middle');
  });

  it('skips the hole when the out-of-order cap is reached, then goes on', () => {
    const { sink, r, seg, counters } = setup({ maxOutOfOrderBytes: 6 });
    r.onSyn(99);
    seg(100, 'abc');
    seg(106, 'ghi'); // 'def' lost
    seg(109, 'jkl'); // 6 held
    seg(112, 'mno'); // would make 9: skip the hole
    expect(sink.pieces).toEqual(['abc', '<gap 3>', 'ghi', 'jkl', 'mno']);
    expect([counters.gaps, counters.gapBytes]).toEqual([1, 3]);
    seg(115, 'p');
    expect(sink.text()).toBe('abc<gap 3>ghijklmnop');
  });

  it('flush at the end skips holes and reports bytes missing before the FIN', () => {
    const { sink, r, seg } = setup();
    r.onSyn(99);
    seg(100, 'ab');
    seg(104, 'ef');
    r.onFin(110);
    r.flush();
    expect(sink.pieces).toEqual(['ab', '<gap 2>', 'ef', '<gap 4>']);
  });

  it('a snaplen-cut segment delivers what was captured and a gap for the rest', () => {
    const { sink, r } = setup();
    r.onSyn(99);
    r.onSegment(100, Buffer.from('abc'), 0, 3, 10, 0, 0, 1);
    r.onSegment(110, Buffer.from('z'), 0, 1, 1, 0, 0, 2);
    expect(sink.pieces).toEqual(['abc', '<gap 7>', 'z']);
  });

  it('stops delivering as soon as the sink says stopped', () => {
    const { sink, r, seg } = setup();
    sink.stopAfter = 1;
    r.onSyn(99);
    seg(103, 'def');
    seg(100, 'abc');
    expect(sink.pieces).toEqual(['abc']);
  });

  it('refuses to hold past the shared budget', () => {
    const { r, seg } = setup({}, 4);
    r.onSyn(99);
    expect(seg(110, 'abc')).toBe(true);
    expect(seg(120, 'def')).toBe(false);
  });

  it('clear frees the held bytes from the shared budget', () => {
    const { r, seg, budget } = setup();
    r.onSyn(99);
    seg(110, 'abc');
    expect(budget.used).toBe(3);
    r.clear();
    expect([budget.used, r.bufferedBytes]).toEqual([0, 0]);
  });
  it('a later SYN-ACK with a new initial sequence number, before any data, restarts the direction there (counted)', () => {
    const { sink, counters, r, seg } = setup();
    r.onSyn(999);
    r.onSyn(999); // a retransmission of the same SYN-ACK changes nothing
    expect(counters.synResyncs).toBe(0);
    r.onSyn(5_000_000);
    seg(5_000_001, 'server data');
    expect(sink.text()).toBe('server data');
    expect(counters).toMatchObject({ synResyncs: 1, gaps: 0, retransmittedBytes: 0 });
  });

  it('a SYN with another sequence number after data arrived changes nothing', () => {
    const { sink, counters, r, seg } = setup();
    r.onSyn(99);
    seg(100, 'abc');
    r.onSyn(7777);
    seg(103, 'def');
    expect(sink.text()).toBe('abcdef');
    expect(counters.synResyncs).toBe(0);
  });

  it('counts overlaps whose bytes differ from held bytes; the bytes seen first win', () => {
    const { sink, counters, r, seg } = setup();
    r.onSyn(99);
    seg(106, 'ghi');
    seg(106, 'ghi'); // same bytes again: retransmitted, no conflict
    seg(107, 'XY'); // out of order over held 'hi': conflict
    expect(counters.overlapConflicts).toBe(1);
    seg(100, 'abcdefGHI'); // in order, its last three bytes over held 'ghi': conflict
    expect(sink.text()).toBe('abcdefghi');
    expect(counters.overlapConflicts).toBe(2);
    expect(counters.retransmittedBytes).toBe(3 + 2 + 3);
  });
});
