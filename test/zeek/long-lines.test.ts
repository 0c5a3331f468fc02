/** Issue #16: a log line over MAX_LINE_BYTES is cut but stays one line, so the numbers and offsets after it stay right. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLines } from '../../src/logs/open-lines';
import { MAX_LINE_BYTES } from '../../src/logs/consts';
import { linesOf } from '../../src/pipeline/lines';

const LONG = 'x'.repeat(2 * MAX_LINE_BYTES + 12345);
const TEXT = `first\n${LONG}\nthird\nfourth\n`;

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of lines) out.push(l.length > 20 ? `<${l.length}>` : l);
  return out;
}

describe('lines over MAX_LINE_BYTES', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-long-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['plain', false], ['gzip', true]])('openLines (%s): the cut line is one line and the cursor after it is exact', async (_name, gz) => {
    const path = join(dir, gz ? 'ssl.log.gz' : 'ssl.log');
    writeFileSync(path, gz ? gzipSync(TEXT) : TEXT);
    const opened = openLines(path);
    expect(await collect(opened.lines)).toEqual(['first', `<${MAX_LINE_BYTES}>`, 'third', 'fourth']);
    expect(opened.cursor()).toMatchObject({ line: 4, offset: Buffer.byteLength(TEXT) });
  });

  it('openLines resumes after the long line at the right place', async () => {
    const path = join(dir, 'resume.log');
    writeFileSync(path, TEXT);
    const first = openLines(path);
    const seen: string[] = [];
    for await (const batch of first.batches) {
      seen.push(...batch);
      if (seen.length >= 2) break;
    }
    const at = first.cursorAt(2);
    expect(at).toEqual({ offset: 6 + LONG.length + 1, line: 2, compressed: false });
    expect(await collect(openLines(path, at).lines)).toEqual(['third', 'fourth']);
  });

  it('pipeline linesOf (stdin logs, imports) keeps counting lines right after a cut', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      const all = Buffer.from(TEXT);
      for (let off = 0; off < all.length; off += 300_000) yield all.subarray(off, off + 300_000);
    }
    expect(await collect(linesOf(chunks()))).toEqual(['first', `<${MAX_LINE_BYTES}>`, 'third', 'fourth']);
  });
});
