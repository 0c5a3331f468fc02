/**
 * Issue #16, "every loss counted": captures built in code whose TCP or TLS framing used to lose a chain in silence
 * now give the chain, or count what they lose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { extract, type ExtractStats } from '../../src/pipeline/extract';
import type { Handshake } from '../../src/tls/types';
import { TCP_FLAGS, tcpPacket, type TcpEnd } from '../helpers/frames';
import { serverFlight, writePcapStream } from '../helpers/hostile';
import { CT, HS, certificateBody, clientHelloBody, handshake, makeCert, record, records, ccs } from '../helpers/tls-messages';

const CLIENT: TcpEnd = { ip: '192.0.2.7', port: 41000 };
const SERVER: TcpEnd = { ip: '203.0.113.9', port: 443 };
const leaf = makeCert('loss.example');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certhound-losses-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(name: string, packets: Buffer[]): Promise<{ handshakes: Handshake[]; stats: ExtractStats }> {
  const file = join(dir, name);
  writePcapStream(file, packets);
  const handshakes: Handshake[] = [];
  const stats = await extract([file], { onHandshake: (h) => handshakes.push(h), onProblem: () => undefined });
  return { handshakes, stats };
}

const hello = record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'loss.example' })));
const A = TCP_FLAGS.ACK | TCP_FLAGS.PSH;

describe('losses are recovered or counted', () => {
  it('a second SYN-ACK with a new initial sequence number: the server data after it is read, no gap', async () => {
    const flight = serverFlight(certificateBody([leaf]));
    const { handshakes, stats } = await run('synack-isn.pcap', [
      tcpPacket(CLIENT, SERVER, 100, 0, TCP_FLAGS.SYN),
      tcpPacket(SERVER, CLIENT, 7000, 101, TCP_FLAGS.SYN | TCP_FLAGS.ACK),
      tcpPacket(SERVER, CLIENT, 9_000_000, 101, TCP_FLAGS.SYN | TCP_FLAGS.ACK), // chose again (a SYN-cookie proxy, a lost ACK)
      tcpPacket(CLIENT, SERVER, 101, 9_000_001, TCP_FLAGS.ACK),
      tcpPacket(CLIENT, SERVER, 101, 9_000_001, A, hello),
      tcpPacket(SERVER, CLIENT, 9_000_001, 101 + hello.length, A, flight),
      tcpPacket(CLIENT, SERVER, 101 + hello.length, 9_000_001 + flight.length, A, ccs()),
      tcpPacket(SERVER, CLIENT, 9_000_001 + flight.length, 101 + hello.length + 6, A, ccs()),
    ]);
    expect(handshakes.map((h) => h.serverChain.certs.map((c) => c.sha256))).toEqual([[sha256(leaf)]]);
    expect(stats).toMatchObject({ gaps: 0, synResyncs: 1 });
  });

  it('a ServerHello and chain in TLS records of 5 bytes, over many segments, are found whole', async () => {
    const flight = records(CT.HANDSHAKE, 0x0303, Buffer.concat([
      handshake(HS.SERVER_HELLO, Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 1), Buffer.from([0, 0xc0, 0x2f, 0])])),
      handshake(HS.CERTIFICATE, certificateBody([leaf])),
      handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
    ]), 5);
    const packets = [tcpPacket(CLIENT, SERVER, 100, 0, TCP_FLAGS.SYN), tcpPacket(SERVER, CLIENT, 7000, 101, TCP_FLAGS.SYN | TCP_FLAGS.ACK)];
    packets.push(tcpPacket(CLIENT, SERVER, 101, 7001, A, hello));
    for (let off = 0; off < flight.length; off += 536) packets.push(tcpPacket(SERVER, CLIENT, 7001 + off, 101 + hello.length, A, flight.subarray(off, off + 536)));
    const { handshakes } = await run('tiny-records.pcap', packets);
    expect(handshakes.map((h) => [h.serverName, h.serverChain.certs.map((c) => c.sha256), h.anomalies])).toEqual([['loss.example', [sha256(leaf)], []]]);
  });

  it('an overlapping segment whose bytes differ from held ones is counted; the bytes seen first are kept', async () => {
    const flight = serverFlight(certificateBody([leaf]));
    const cut = 700;
    const forged = Buffer.from(flight.subarray(cut - 100, cut + 300));
    forged.fill(0x41, 100);
    const { handshakes, stats } = await run('overlap.pcap', [
      tcpPacket(CLIENT, SERVER, 100, 0, TCP_FLAGS.SYN),
      tcpPacket(SERVER, CLIENT, 7000, 101, TCP_FLAGS.SYN | TCP_FLAGS.ACK),
      tcpPacket(CLIENT, SERVER, 101, 7001, A, hello),
      tcpPacket(SERVER, CLIENT, 7001 + cut, 101 + hello.length, A, flight.subarray(cut)), // out of order: held
      tcpPacket(SERVER, CLIENT, 7001 + cut - 100, 101 + hello.length, A, forged), // overlaps it with other bytes
      tcpPacket(SERVER, CLIENT, 7001, 101 + hello.length, A, flight.subarray(0, cut - 100)),
    ]);
    expect(handshakes[0].serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf)]);
    expect(stats.overlapConflicts).toBe(1);
  });
});
