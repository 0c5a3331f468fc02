/**
 * The fuzzer's replaying children, the memory test and the bench judge a child's memory by its own high-water mark
 * (test/helpers/peak-rss.ts): a child spawned by a large process must not report the parent's size.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { peakRssMiB } from '../helpers/peak-rss';

it("a child spawned by a process holding 400 MiB reports its own peak RSS, not the parent's", () => {
  const held = Array.from({ length: 40 }, () => Buffer.alloc(10 << 20, 1));
  expect(process.memoryUsage().rss / 2 ** 20).toBeGreaterThan(400);
  const script = `process.stdout.write(String(require(${JSON.stringify(join(__dirname, '../helpers/peak-rss.ts'))}).peakRssMiB()))`;
  const r = spawnSync(process.execPath, ['-r', join(__dirname, '../helpers/ts-require.js'), '-e', script], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(Number(r.stdout)).toBeGreaterThan(10);
  expect(Number(r.stdout)).toBeLessThan(200);
  expect(held.length).toBe(40);
  expect(peakRssMiB()).toBeGreaterThan(400);
});
