/**
 * The net stage over the external corpus (/work/shared/corpus, see its README): every TLS certificate tshark found
 * (expected.json, `certificates[]`) must appear, byte for byte (same SHA-256), in the reassembled stream of the
 * direction its sender sent, in a flow with tshark's client and server (innermost addresses for tunnels).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openInput, readCapture } from '../../src/capture';
import { FlowTable } from '../../src/net/flow-table';
import type { Direction, Flow, FlowEndReason, NetStats, StreamConsumer } from '../../src/net/types';
import { CORPUS_DIR } from '../helpers/corpus';

const CORPUS = `${CORPUS_DIR}`;
const PCAPS = join(CORPUS, 'pcap');
const haveCorpus = existsSync(join(CORPUS, 'expected.json'));

interface ExpectedCert {
  role: string;
  sender: string;
  client: string;
  server: string;
  protocol: string;
  stream: string;
  chain: Array<{ sha256: string; der_length: number; der_parse_ok: boolean }>;
}

class StreamCollector implements StreamConsumer {
  readonly chunks = new Map<Flow, [Buffer[], Buffer[]]>();
  readonly gaps = new Map<Flow, number>();
  readonly ends: Array<[Flow, FlowEndReason]> = [];
  onStreamData(flow: Flow, dir: Direction, data: Buffer): void {
    const c = this.chunks.get(flow) ?? [[], []];
    c[dir].push(Buffer.from(data));
    this.chunks.set(flow, c);
  }
  onStreamGap(flow: Flow, _dir: Direction, bytes: number): void {
    this.gaps.set(flow, (this.gaps.get(flow) ?? 0) + bytes);
  }
  onDatagram(): void {}
  onFlowEnd(flow: Flow, reason: FlowEndReason): void {
    this.ends.push([flow, reason]);
  }
  stream(flow: Flow, dir: Direction): Buffer {
    return Buffer.concat(this.chunks.get(flow)?.[dir] ?? []);
  }
}

async function follow(file: string): Promise<{ c: StreamCollector; stats: NetStats }> {
  const c = new StreamCollector();
  const table = new FlowTable(c);
  await readCapture(file, openInput(join(PCAPS, file)), (p) => table.onPacket(p));
  table.finish();
  return { c, stats: table.stats };
}

const text = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);

/** SHA-256 of every DER SEQUENCE in `stream` whose header and length add up to `derLength` bytes (X.690 §8.1.3). */
function derHashes(stream: Buffer, derLength: number, into: Set<string>): Set<string> {
  for (let i = stream.indexOf(0x30); i >= 0 && i + derLength <= stream.length; i = stream.indexOf(0x30, i + 1)) {
    const first = stream[i + 1];
    const lenBytes = first < 0x80 ? 0 : first - 0x80;
    if (lenBytes > 3) continue;
    const len = lenBytes === 0 ? first : stream.readUIntBE(i + 2, lenBytes);
    if (2 + lenBytes + len === derLength) into.add(createHash('sha256').update(stream.subarray(i, i + derLength)).digest('hex'));
  }
  return into;
}

/** The contents of the TLS records from the first handshake record on: a message split over records is whole again. */
function recordContents(stream: Buffer): Buffer {
  const parts: Buffer[] = [];
  let off = stream.indexOf(Buffer.from([0x16, 0x03]));
  while (off >= 0 && off + 5 <= stream.length) {
    const len = stream.readUInt16BE(off + 3);
    parts.push(stream.subarray(off + 5, off + 5 + len));
    off += 5 + len;
  }
  return Buffer.concat(parts);
}

const expected: Record<string, { certificates?: ExpectedCert[] }> = haveCorpus
  ? JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8'))
  : {};
const tlsFiles = Object.keys(expected).filter((f) =>
  (expected[f].certificates ?? []).some((c) => c.protocol === 'tls' && c.stream.startsWith('tcp')),
);

(haveCorpus ? describe : describe.skip)('net over the corpus', () => {
  it.each(tlsFiles)('%s: every certificate tshark saw is in the right stream of the right flow', async (file) => {
    const { c, stats } = await follow(file);
    expect(stats.malformed).toBe(0);
    for (const cert of expected[file].certificates ?? []) {
      if (cert.protocol !== 'tls' || !cert.stream.startsWith('tcp')) continue;
      const flow = [...c.chunks.keys()].find((f) => text(f.client) === cert.client && text(f.server) === cert.server);
      expect(flow && `${text(flow.client)} -> ${text(flow.server)}`).toBe(`${cert.client} -> ${cert.server}`);
      const dir: Direction = cert.sender === cert.client ? 0 : 1;
      const stream = c.stream(flow as Flow, dir);
      // Certificates whose DER does not parse (suricata bug-1450 files) only need the flow.
      for (const der of cert.chain.filter((d) => d.der_parse_ok)) {
        const found = derHashes(recordContents(stream), der.der_length, derHashes(stream, der.der_length, new Set()));
        expect(found).toContain(der.sha256);
      }
    }
  });

  it('zeek pppoe-over-qinq: the TLS flow inside QinQ + PPPoE, both directions starting with a handshake record', async () => {
    const { c, stats } = await follow('zeek-pppoe-over-qinq.pcap');
    const [flow] = c.chunks.keys();
    expect([text(flow.client), text(flow.server)]).toEqual(['1.1.1.1:20394', '2.2.2.2:443']); // expected.json
    expect([...c.stream(flow, 0).subarray(0, 2), ...c.stream(flow, 1).subarray(0, 2)]).toEqual([0x16, 0x03, 0x16, 0x03]);
    expect(stats.gaps).toBe(0);
  });

  it('zeek geneve-47101: the inner Ethernet/IPv4 flow of the Geneve tunnel', async () => {
    const { c } = await follow('zeek-geneve-47101.pcap');
    const flows = [...c.chunks.keys()];
    expect(flows.map((f) => text(f.server))).toEqual(['145.40.68.75:443']); // expected.json sender of the chain
    expect([...c.stream(flows[0], 1).subarray(0, 2)]).toEqual([0x16, 0x03]);
  });

  it('zeek psql-aws-ssl-preferred: the out-of-order server flight comes out in order, without gaps', async () => {
    const { c, stats } = await follow('zeek-psql-aws-ssl-preferred.pcap');
    const [flow] = c.chunks.keys();
    const server = c.stream(flow, 1);
    // PostgreSQL answers the SSLRequest with 'S' (protocol docs, "SSL Session Encryption"), then TLS follows.
    expect([...server.subarray(0, 3)]).toEqual([0x53, 0x16, 0x03]);
    expect([stats.gaps, c.gaps.size]).toEqual([0, 0]);
  });
});
