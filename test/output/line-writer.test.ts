/** LineWriter under back-pressure, as scan drives it (flushes not awaited while findings stream). */
import { Writable } from 'node:stream';
import { LineWriter } from '../../src/output/line-writer';

/** A reader slower than the writer: each chunk is taken on a later tick, and the buffer holds one byte. */
function slowSink(): { out: Writable; got: Buffer[] } {
  const got: Buffer[] = [];
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, callback) {
      got.push(chunk);
      setTimeout(callback, 1);
    },
  });
  return { out, got };
}

describe('LineWriter', () => {
  it('flushes that meet back-pressure share one wait: 20 unawaited flushes add one drain listener, and every line arrives in order', async () => {
    const { out, got } = slowSink();
    const writer = new LineWriter(out);
    const before = out.listenerCount('drain');
    const flushes: Array<Promise<void>> = [];
    for (let i = 0; i < 20; i++) {
      writer.line(`line ${i}`);
      flushes.push(writer.flush());
      expect(out.listenerCount('drain') - before).toBeLessThanOrEqual(1);
    }
    await Promise.all(flushes);
    expect(out.listenerCount('drain')).toBe(before);
    expect(Buffer.concat(got).toString()).toBe(Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join(''));
  });
});
