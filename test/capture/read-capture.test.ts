import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CaptureFormatError } from '../../src/capture/errors';
import { openInput } from '../../src/capture/open-input';
import { readCapture } from '../../src/capture/read-capture';
import { isGzip, sniffCapture } from '../../src/capture/sniff';
import { LINKTYPE, writePcap, writePcapngSection } from '../helpers/pcap-writer';
import { chunked, payload } from '../helpers/capture-fixtures';
import { CORPUS_DIR } from '../helpers/corpus';

const CORPUS = `${CORPUS_DIR}/pcap`;
const PCAP = writePcap([{ time: 1, data: payload(0) }]);

async function* of(...chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

describe('sniffCapture / isGzip', () => {
  // Magics: https://www.tcpdump.org/manpages/pcap-savefile.5.html and draft-ietf-opsawg-pcapng section 4.1.
  it.each([
    ['d4c3b2a1', 'pcap'], ['a1b2c3d4', 'pcap'], ['4d3cb2a1', 'pcap'], ['a1b23c4d', 'pcap'],
    ['0a0d0d0a', 'pcapng'], ['1f8b0800', null], ['00000000', null], ['d4c3b2', null], ['', null],
  ])('%s → %s', (hex, format) => {
    expect(sniffCapture(Buffer.from(hex, 'hex'))).toBe(format);
  });

  it('knows gzip by its two magic bytes', () => {
    expect(isGzip(Buffer.from('1f8b', 'hex'))).toBe(true);
    expect(isGzip(Buffer.from('1f', 'hex'))).toBe(false);
    expect(isGzip(PCAP)).toBe(false);
  });
});

describe('readCapture', () => {
  it.each([
    ['text', Buffer.from('GET / HTTP/1.1\r\n\r\n')],
    ['three bytes of a pcap magic', PCAP.subarray(0, 3)],
    ['nothing', Buffer.alloc(0)],
  ])('throws CaptureFormatError for %s', async (_what, bytes) => {
    const err = await readCapture('x.pcap', of(bytes), () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureFormatError);
    expect(err).toMatchObject({ file: 'x.pcap', message: 'not a pcap, pcapng or gzip stream' });
  });

  it('finds the format by magic when it arrives over several tiny chunks', async () => {
    const summary = await readCapture('x', chunked(PCAP, (i) => (i < 3 ? 1 : 100)), () => undefined);
    expect(summary).toMatchObject({ format: 'pcap', packets: 1, compressed: false });
  });

  it('goes by magic, not by name', async () => {
    const ng = writePcapngSection([{ linkType: LINKTYPE.RAW }], [{ time: 1, data: payload(1) }]);
    expect((await readCapture('capture.pcap', of(ng), () => undefined)).format).toBe('pcapng');
    expect((await readCapture('capture.pcapng', of(PCAP), () => undefined)).format).toBe('pcap');
  });

  describe('through openInput', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'certhound-read-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('calls gzip of something else no capture', async () => {
      const path = join(dir, 'notes.gz');
      writeFileSync(path, gzipSync(Buffer.from('just some notes\n')));
      await expect(readCapture(path, openInput(path), () => undefined)).rejects.toBeInstanceOf(CaptureFormatError);
    });

    it('calls the corpus README no capture', async () => {
      const path = join(CORPUS, '..', 'README.md');
      await expect(readCapture(path, openInput(path), () => undefined)).rejects.toMatchObject({ file: path });
    });
  });
});
