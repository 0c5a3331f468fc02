/**
 * Our classic-pcap reader against pcap-parser (the independent reference the design names), packet for packet,
 * on every corpus capture pcap-parser reads (µs magic, either byte order); and every corpus capture against the
 * tshark packet counts in /work/shared/corpus/expected.json.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openInput } from '../../src/capture/open-input';
import { readCapture } from '../../src/capture/read-capture';
import { packetBytes } from '../../src/capture/types';
import { CORPUS_DIR } from '../helpers/corpus';

const CORPUS = `${CORPUS_DIR}/pcap`;

interface ReferencePacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}
// pcap-parser ships no types.
const pcapParser = require('pcap-parser') as { parse(path: string): NodeJS.EventEmitter };

interface Row {
  sec: number;
  usec: number;
  origLen: number;
  data: string;
}

function reference(path: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const rows: Row[] = [];
    const parser = pcapParser.parse(path);
    parser.on('packet', (p: ReferencePacket) => {
      rows.push({ sec: p.header.timestampSeconds, usec: p.header.timestampMicroseconds, origLen: p.header.originalLength, data: p.data.toString('hex') });
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(rows));
  });
}

async function ours(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  await readCapture(path, openInput(path), (p) => {
    rows.push({ sec: p.tsSec, usec: p.tsNsec / 1000, origLen: p.origLen, data: packetBytes(p).toString('hex') });
  });
  return rows;
}

const files = readdirSync(CORPUS).sort();
const referenceReadable = files.filter((f) => {
  const magic = readFileSync(join(CORPUS, f)).subarray(0, 4).toString('hex');
  return magic === 'd4c3b2a1' || magic === 'a1b2c3d4';
});

it('finds the corpus classic-pcap files pcap-parser can read', () => {
  expect(referenceReadable.length).toBeGreaterThanOrEqual(70);
});

it.each(referenceReadable)('%s: same packets as pcap-parser', async (f) => {
  const path = join(CORPUS, f);
  const [want, got] = await Promise.all([reference(path), ours(path)]);
  expect(want.length).toBeGreaterThan(0);
  expect(got).toEqual(want);
});

const expected = JSON.parse(readFileSync(join(CORPUS, '..', 'expected.json'), 'utf8')) as Record<string, { packets: number | null; format: string; compression: string | null }>;

it.each(files.filter((f) => expected[f]?.packets != null))('%s: packet count and format as tshark saw them', async (f) => {
  const summary = await readCapture(f, openInput(join(CORPUS, f)), () => undefined);
  expect([summary.packets, summary.format, summary.compressed, summary.anomalies]).toEqual([
    expected[f].packets, expected[f].format, expected[f].compression === 'gzip', [],
  ]);
});
