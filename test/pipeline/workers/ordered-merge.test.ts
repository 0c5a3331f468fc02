import { END, OrderedMerge, WATERMARK_END, type Placed, type Position } from '../../../src/pipeline/workers/ordered-merge';

const at = (file: number, frame: number, flowFrame = frame, seq = 0): Position => [file, frame, flowFrame, seq];
const item = (position: Position, value: string): Placed<string> => ({ position, value });

describe('OrderedMerge', () => {
  it('releases a record only once every worker has read past its frame', () => {
    const m = new OrderedMerge<string>(2);
    m.add(0, [item(at(0, 3), 'a3'), item(at(0, 9), 'a9')], [0, 10]);
    expect(m.release()).toEqual([]); // worker 1 has read nothing yet: it may still send frame 1
    m.add(1, [item(at(0, 5), 'b5')], [0, 6]);
    expect(m.release().map((r) => r.value)).toEqual(['a3', 'b5']);
    m.add(1, [], [0, 12]);
    expect(m.release()).toEqual([{ worker: 0, value: 'a9' }]);
  });

  it('orders records of one frame by their flow\'s latest frame (flows ended together), then by the worker\'s count', () => {
    const m = new OrderedMerge<string>(2);
    m.add(0, [item(at(0, END, 40, 0), 'x40'), item(at(0, END, 90, 1), 'x90')], [0, END]);
    m.add(1, [item(at(0, END, 12, 0), 'y12'), item(at(0, END, 77, 1), 'y77')], [0, END]);
    expect(m.release().map((r) => r.value)).toEqual(['y12', 'x40', 'y77', 'x90']);
  });

  it('holds a later file\'s records while an earlier one is still read (one worker per file)', () => {
    const m = new OrderedMerge<string>(2);
    m.add(1, [item(at(1, 2), 'file1')], [1, 50]);
    m.add(0, [item(at(0, 7), 'file0 early')], [0, 8]);
    expect(m.release().map((r) => r.value)).toEqual(['file0 early']);
    expect(m.waiting(1)).toBe(1);
    m.add(0, [item(at(0, 99), 'file0 late')], WATERMARK_END); // done: no more files for it
    expect(m.release().map((r) => r.value)).toEqual(['file0 late', 'file1']);
    expect(m.waiting(1)).toBe(0);
  });
});
