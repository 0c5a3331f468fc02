import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileChunks, READS_AHEAD } from '../../src/capture/file-chunks';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certhound-chunks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 64;

async function chunksOf(path: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of fileChunks(path, SIZE)) out.push(c);
  return out;
}

/** Descriptors this process has open. */
const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('fileChunks', () => {
  it.each([0, 1, SIZE - 1, SIZE, SIZE + 1, SIZE * READS_AHEAD, SIZE * READS_AHEAD + 1, 7 * SIZE + 13])('gives a file of %i bytes whole, in full chunks but the last', async (length) => {
    const content = randomBytes(length);
    const path = join(dir, `f${length}`);
    writeFileSync(path, content);
    const chunks = await chunksOf(path);
    expect(Buffer.concat(chunks)).toEqual(content);
    expect(chunks.slice(0, -1).every((c) => c.length === SIZE)).toBe(true);
    expect(chunks.every((c) => c.length > 0)).toBe(true);
    expect(chunks.length).toBe(Math.ceil(length / SIZE));
  });

  it('gives every chunk a buffer of its own (packets are views into them)', async () => {
    const path = join(dir, 'own');
    writeFileSync(path, randomBytes(SIZE * 6));
    const chunks = await chunksOf(path);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });

  it('closes the file and leaves no read behind when the reader stops early', async () => {
    const path = join(dir, 'early');
    writeFileSync(path, randomBytes(SIZE * 20));
    const before = openFds();
    const rejections: unknown[] = [];
    const onRejection = (e: unknown): void => void rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      for await (const c of fileChunks(path, SIZE)) {
        expect(c.length).toBe(SIZE);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(openFds()).toBe(before);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('streams what cannot be read at an offset (a FIFO)', async () => {
    const fifo = join(dir, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
    const content = randomBytes(SIZE * 9 + 5);
    writeFileSync(join(dir, 'src'), content);
    const writer = spawn('sh', ['-c', `cat "${join(dir, 'src')}" > "${fifo}"`]);
    const written = new Promise((r) => writer.once('exit', r));
    const chunks = await chunksOf(fifo);
    await written;
    expect(Buffer.concat(chunks)).toEqual(content);
  });

  it('fails on a path that cannot be opened, before any chunk', async () => {
    await expect(chunksOf(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
