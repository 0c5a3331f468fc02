/**
 * The joiner's certificate index: keys that share a hash (same first 8 characters and length) are told apart, a
 * key is found where it stands in a line, and the cap forgets unused entries first.
 */
import { createHash } from 'node:crypto';
import { LruMap } from '../../src/zeek/lru-map';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('LruMap', () => {
  test('keys with one hash (same length and first 8 characters) are kept apart', () => {
    const m = new LruMap<number>(100);
    const keys = Array.from({ length: 20 }, (_, i) => 'deadbeef' + sha(String(i)).slice(8));
    keys.forEach((k, i) => m.set(k, i));
    expect(m.size).toBe(20);
    keys.forEach((k, i) => expect(m.get(k)).toBe(i));
    expect(m.get('deadbeef' + sha('other').slice(8))).toBeUndefined();
    m.set(keys[3], 33);
    expect(m.get(keys[3])).toBe(33);
    expect(m.size).toBe(20);
  });

  test('a key is found in place inside a longer line, and only as a whole', () => {
    const m = new LruMap<string>(10);
    const a = sha('a');
    const b = sha('b');
    m.set(a, 'A');
    m.set(b, 'B');
    const line = `x\t${a},${b}\ty`;
    const at = line.indexOf(a);
    expect(m.getIn(line, at, at + 64)).toBe('A');
    expect(m.getIn(line, at + 65, at + 129)).toBe('B');
    expect(m.getIn(line, at, at + 63)).toBeUndefined();
    expect(m.getIn(line, at + 1, at + 65)).toBeUndefined();
  });

  test('at the cap, an entry not used since it was added goes first, also inside a shared chain', () => {
    const m = new LruMap<number>(3);
    const [a, b, c, d] = ['cafe0000' + sha('1').slice(8), 'cafe0000' + sha('2').slice(8), sha('3'), sha('4')];
    m.set(a, 1);
    m.set(b, 2);
    m.set(c, 3);
    expect(m.get(a)).toBe(1); // a has its second chance, b (same chain) has not
    m.set(d, 4);
    expect(m.size).toBe(3);
    expect(m.peek(b)).toBeUndefined();
    expect(m.peek(a)).toBe(1);
    expect(m.peek(c)).toBe(3);
    expect(m.peek(d)).toBe(4);
  });

  test('stays at its cap under a stream of new keys', () => {
    const m = new LruMap<number>(50);
    for (let i = 0; i < 1000; i++) m.set(sha(String(i)), i);
    expect(m.size).toBe(50);
    expect(m.peek(sha('999'))).toBe(999);
    expect(m.peek(sha('0'))).toBeUndefined();
  });
});
