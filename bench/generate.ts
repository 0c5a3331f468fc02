/**
 * The benchmark capture: mixed traffic made by code, outside the repo. TLS 1.2 handshakes with chains, TLS 1.3
 * handshakes (certificates hidden), bulk TCP downloads and UDP flows, interleaved as a sensor would see them.
 * What went in is returned, so the bench can check that scan found all of it.
 */
import { ethernet, tcpConversation, udpPacket } from '../test/helpers/frames';
import { PcapFileWriter } from './pcap-stream';
import { makePki } from './certificates';
import * as flight from './tls-flights';

export interface BenchTruth {
  bytes: number;
  packets: number;
  tls12: number;
  tls13: number;
  bulkTcp: number;
  udpFlows: number;
  distinctCertificates: number;
}

const TLS_PER_CYCLE = 10;
const BULK_TCP_BYTES = 1 << 20;
const UDP_DATAGRAMS = 250;

function ip(n: number, net: number): string {
  return `10.${net}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

export function generateBenchCapture(path: string, targetBytes: number, log: (s: string) => void): BenchTruth {
  const pki = makePki(10, 300);
  const out = new PcapFileWriter(path);
  const truth: BenchTruth = { bytes: 0, packets: 0, tls12: 0, tls13: 0, bulkTcp: 0, udpFlows: 0, distinctCertificates: 0 };
  const usedLeaves = new Set<number>();
  let usec = 1_700_000_000_000_000;
  let session = 0;
  const bulk = Buffer.alloc(BULK_TCP_BYTES, 0x41);
  while (out.bytes < targetBytes) {
    const flows: Buffer[][] = [];
    for (let i = 0; i < TLS_PER_CYCLE; i++, session++) {
      const client = { ip: ip(session & 0xffff, 1), port: 1024 + (session % 60000) };
      const server = { ip: ip(session % 2000, 2), port: 443 };
      const tls13 = session % 10 < 3;
      const leafIndex = session % pki.leaves.length;
      const leaf = pki.leaves[leafIndex];
      const exchange = tls13
        ? [
            { from: 'client' as const, data: flight.clientHello(leaf.name, session) },
            { from: 'server' as const, data: Buffer.concat([flight.serverHello(true), flight.changeCipherSpec(), flight.applicationData(4000, 6)]) },
            { from: 'client' as const, data: Buffer.concat([flight.changeCipherSpec(), flight.applicationData(600, 7)]) },
            { from: 'server' as const, data: flight.applicationData(20000, 8) },
          ]
        : [
            { from: 'client' as const, data: flight.clientHello(leaf.name, session) },
            { from: 'server' as const, data: Buffer.concat([flight.serverHello(false), flight.serverCertificateFlight([leaf.der, pki.cas[leafIndex % pki.cas.length].der])]) },
            { from: 'client' as const, data: flight.clientKeyExchangeFlight() },
            { from: 'server' as const, data: flight.encryptedFinished() },
            { from: 'client' as const, data: flight.applicationData(800, 7) },
            { from: 'server' as const, data: flight.applicationData(20000, 8) },
          ];
      if (tls13) truth.tls13++;
      else {
        truth.tls12++;
        usedLeaves.add(leafIndex);
      }
      flows.push(tcpConversation(client, server, exchange, { clientIsn: session * 7919, serverIsn: 0xfffff000 + session }).map((p) => ethernet(p)));
    }
    const bulkClient = { ip: ip(session & 0xffff, 3), port: 2000 + (session % 50000) };
    flows.push(tcpConversation(bulkClient, { ip: ip(session % 50, 4), port: 80 }, [
      { from: 'client', data: Buffer.from('GET /big HTTP/1.1\r\nHost: bench\r\n\r\n') },
      { from: 'server', data: bulk },
    ]).map((p) => ethernet(p)));
    truth.bulkTcp++;
    const udpClient = { ip: ip(session & 0xffff, 5), port: 5000 + (session % 50000) };
    const rtp = Buffer.alloc(1200, 0x55);
    const udpFlow: Buffer[] = [];
    for (let i = 0; i < UDP_DATAGRAMS; i++) udpFlow.push(ethernet(udpPacket(udpClient, { ip: ip(session % 30, 6), port: 16384 }, rtp)));
    udpFlow.push(ethernet(udpPacket(udpClient, { ip: '10.9.9.9', port: 53 }, Buffer.alloc(40, 1))));
    flows.push(udpFlow);
    truth.udpFlows++;
    // Interleave the cycle's flows round-robin, as concurrent connections arrive at a sensor.
    for (let i = 0, more = true; more; i++) {
      more = false;
      for (const f of flows) {
        if (i < f.length) {
          out.packet(usec, f[i]);
          usec += 7;
          more = true;
        }
      }
    }
    if ((session / TLS_PER_CYCLE) % 100 === 0) log(`generated ${(out.bytes / 1048576).toFixed(0)} MiB`);
  }
  out.close();
  truth.bytes = out.bytes;
  truth.packets = out.packets;
  truth.distinctCertificates = usedLeaves.size + new Set([...usedLeaves].map((i) => i % pki.cas.length)).size;
  return truth;
}
