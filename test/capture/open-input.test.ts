import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { CaptureFormatError, InputError } from '../../src/capture/errors';
import { type InputWarning, openInput, openStream } from '../../src/capture/open-input';
import { readCapture } from '../../src/capture/read-capture';
import { writePcap } from '../helpers/pcap-writer';
import { type SeenPacket, collect, payload, seededRandom } from '../helpers/capture-fixtures';
import { CORPUS_DIR } from '../helpers/corpus';

const CORPUS = `${CORPUS_DIR}/pcap`;
const PCAP = writePcap([0, 1, 2, 3, 4, 5].map((i) => ({ time: 1600000000 + i, data: payload(i, 200 + i) })));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certhound-capture-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(input: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function packets(name: string, input: AsyncIterable<Buffer> & { compressed?: boolean }) {
  const seen: SeenPacket[] = [];
  const summary = await readCapture(name, input, collect(seen));
  return { seen, summary };
}

describe('openInput', () => {
  it('passes a plain file through unchanged, in chunks of the asked size', async () => {
    const path = file('plain.pcap', PCAP);
    const chunks: number[] = [];
    for await (const c of openInput(path, { highWaterMark: 100 })) chunks.push(c.length);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(PCAP.length);
    expect(Math.max(...chunks)).toBe(100);
    expect(await readAll(openInput(path))).toEqual(PCAP);
  });

  it('gunzips by magic, whatever the name, and says so in the summary', async () => {
    const path = file('looks-plain.pcap', gzipSync(PCAP));
    const input = openInput(path, { highWaterMark: 64 });
    const { seen, summary } = await packets(path, input);
    expect(summary).toMatchObject({ compressed: true, packets: 6, bytes: PCAP.length, truncated: false });
    expect(seen).toEqual((await packets('plain', openStream(Readable.from([PCAP])))).seen);
  });

  it('reads multi-member gzip', async () => {
    const path = file('multi.gz', Buffer.concat([gzipSync(PCAP.subarray(0, 300)), gzipSync(PCAP.subarray(300))]));
    expect(await readAll(openInput(path))).toEqual(PCAP);
  });

  it('ends a truncated gzip stream early with a warning, and the capture keeps what came before', async () => {
    const gz = gzipSync(PCAP, { level: 0 }); // stored blocks: the cut lands at a known decompressed offset
    const path = file('cut.pcap.gz', gz.subarray(0, Math.floor(gz.length * 0.7)));
    const warnings: InputWarning[] = [];
    const { seen, summary } = await packets(path, openInput(path, { onWarning: (w) => warnings.push(w) }));
    expect(warnings.length).toBe(1);
    expect(warnings[0].message).toMatch(/gzip/);
    expect(warnings[0].offset).toBe(summary.bytes);
    expect(summary.bytes).toBeGreaterThan(0);
    expect(summary.bytes).toBeLessThan(PCAP.length);
    expect(seen.length).toBe(summary.packets);
    expect(summary.packets).toBeGreaterThan(0);
    expect(summary.truncated).toBe(true);
  });

  it('warns about garbage after the last gzip member and keeps all but the last write (16 KiB) of output', async () => {
    const rand = seededRandom(1);
    const noise = Buffer.alloc(400_000);
    for (let i = 0; i < noise.length; i++) noise[i] = rand() * 256; // incompressible: many gunzip writes
    const big = writePcap([0, 1, 2, 3].map((i) => ({ time: i, data: noise.subarray(i * 100_000, (i + 1) * 100_000) })));
    const path = file('trailing.gz', Buffer.concat([gzipSync(big), Buffer.from('not gzip at all')]));
    const warnings: InputWarning[] = [];
    const out = await readAll(openInput(path, { onWarning: (w) => warnings.push(w) }));
    expect(out.equals(big.subarray(0, out.length))).toBe(true);
    expect(out.length).toBeGreaterThan(big.length - 2 * 16 * 1024);
    expect(warnings).toEqual([expect.objectContaining({ offset: out.length })]);
  });

  it('ignores zero padding after the last gzip member', async () => {
    const path = file('padded.gz', Buffer.concat([gzipSync(PCAP), Buffer.alloc(512)]));
    const warnings: InputWarning[] = [];
    expect(await readAll(openInput(path, { onWarning: (w) => warnings.push(w) }))).toEqual(PCAP);
    expect(warnings).toEqual([]);
  });

  // wireshark-udt-dtls.pcapng.gz is the upstream file; wireshark-udt-dtls.pcapng its gunzipped twin (corpus README).
  it('reads wireshark-udt-dtls.pcapng.gz as its gunzipped twin', async () => {
    const gz = await packets('gz', openInput(join(CORPUS, 'wireshark-udt-dtls.pcapng.gz')));
    const plain = await packets('plain', openInput(join(CORPUS, 'wireshark-udt-dtls.pcapng')));
    expect(gz.summary).toMatchObject({ compressed: true, packets: 34 });
    expect(plain.summary.compressed).toBe(false);
    expect(gz.seen).toEqual(plain.seen);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.pcap'), 'no such file'],
    ['a folder', () => dir, 'is a directory'],
    ['a path through a file', () => join(file('afile', PCAP), 'x'), 'no such file'],
  ])('throws InputError for %s', async (_what, path, message) => {
    const p = path();
    const err = await readAll(openInput(p)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: p, message });
  });

  it('opens nothing until iterated', () => {
    expect(() => openInput(join(dir, 'missing'))).not.toThrow();
  });
});

describe('openStream (what openInput uses for stdin)', () => {
  it('handles a gzip stream whose first chunk is a single byte', async () => {
    const gz = gzipSync(PCAP);
    const input = openStream(Readable.from([gz.subarray(0, 1), gz.subarray(1, 50), gz.subarray(50)]));
    expect(await readAll(input)).toEqual(PCAP);
    expect(input.compressed).toBe(true);
  });

  it('gives nothing for an empty stream, which readCapture calls no capture', async () => {
    expect(await readAll(openStream(Readable.from([])))).toEqual(Buffer.alloc(0));
    await expect(readCapture('-', openStream(Readable.from([])), () => undefined)).rejects.toBeInstanceOf(CaptureFormatError);
  });

  // As root the test cannot make a real EACCES, so the stream fails with Node's error shape instead.
  it.each([
    ['EACCES', 'permission denied'],
    ['EIO', 'cannot read (EIO)'],
  ])('turns a %s read error into InputError', async (code, message) => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error(`${code}: failed`), { code }));
      },
    });
    const err = await readAll(openStream(failing, 'disk.pcap')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: 'disk.pcap', message });
  });
});

// openInput('-') must read the real process.stdin: run it in a child node that compiles our TypeScript on the fly.
it('reads gzip from the standard input of a child process', () => {
  const script = `
    const ts = require('typescript'); const fs = require('fs');
    require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'),
      { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText, f);
    const { openInput } = require(${JSON.stringify(require.resolve('../../src/capture/open-input.ts'))});
    const { readCapture } = require(${JSON.stringify(require.resolve('../../src/capture/read-capture.ts'))});
    const input = openInput('-');
    readCapture('-', input, () => undefined).then((s) => process.stdout.write(JSON.stringify(s)));
  `;
  const child = spawnSync(process.execPath, ['-e', script], { input: gzipSync(PCAP), cwd: join(__dirname, '../..'), timeout: 30000 });
  expect(child.stderr.toString()).toBe('');
  expect(JSON.parse(child.stdout.toString())).toMatchObject({ format: 'pcap', compressed: true, packets: 6, bytes: PCAP.length });
});
