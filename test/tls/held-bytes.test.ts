import { GrowingBuffer, HeldBytes } from '../../src/tls/held-bytes';

describe('HeldBytes and GrowingBuffer', () => {
  it('a partial record charges the memory it holds, gives it all back, and the next one reuses the slab', () => {
    const held = new HeldBytes(1 << 20);
    const a = new GrowingBuffer(held);
    a.start(3000);
    expect(a.append(Buffer.alloc(3000, 1), 0)).toBe(3000);
    expect(held.used).toBe(4096); // the 4 KiB slab that holds 3000 bytes
    const first = a.bytes.buffer;
    a.free();
    expect(held.used).toBe(0);
    const b = new GrowingBuffer(held);
    b.start(2500);
    b.append(Buffer.alloc(2500, 2), 0);
    expect(b.bytes.buffer).toBe(first);
    expect(b.bytes.equals(Buffer.alloc(2500, 2))).toBe(true);
    b.free();
  });

  it('a small need gets memory of its own size, and one past the budget is refused and counted', () => {
    const held = new HeldBytes(10_000);
    const small = new GrowingBuffer(held);
    small.start(300);
    small.append(Buffer.alloc(300), 0);
    expect(held.used).toBe(300);
    const big = new GrowingBuffer(held);
    big.start(12_000);
    expect(big.append(Buffer.alloc(12_000), 0)).toBe(-1);
    expect([held.used, held.refused, big.active]).toEqual([300, 1, false]);
    small.free();
    expect(held.used).toBe(0);
  });
});
