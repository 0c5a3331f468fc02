/**
 * Captures real TLS/DTLS traffic without root or tcpdump: a loopback relay (TCP proxy or UDP relay) sits between
 * a real client and a real server, records every chunk or datagram with its direction, and the recording becomes
 * a pcap (frames.ts + pcap-writer.ts) that runs through the real pipeline (capture → net → tls).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { Readable } from 'node:stream';
import { openStream, readCapture } from '../../src/capture';
import { FlowTable } from '../../src/net';
import type { Flow } from '../../src/net/types';
import { TlsTracker } from '../../src/tls/tls-tracker';
import type { Handshake, TlsStats } from '../../src/tls/types';
import { ethernet, tcpConversation, udpPacket, type TcpEnd } from './frames';
import { writePcap } from './pcap-writer';

/** One chunk (TCP) or datagram (UDP) as the relay saw it. */
export interface Captured {
  from: 'client' | 'server';
  data: Buffer;
}

/** Addresses written into the pcap (documentation ranges, RFC 5737); the loopback ports are not kept. */
export const PCAP_CLIENT: TcpEnd = { ip: '192.0.2.10', port: 50123 };
export const PCAP_SERVER: TcpEnd = { ip: '198.51.100.20', port: 40000 };

/** A TCP proxy on 127.0.0.1 for one connection to `targetPort`. */
export class TcpRelay {
  readonly chunks: Captured[] = [];
  private readonly sockets: net.Socket[] = [];
  private closed!: Promise<void>;

  private constructor(private readonly server: net.Server, readonly port: number) {}

  static async start(targetPort: number): Promise<TcpRelay> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = new TcpRelay(server, (server.address() as net.AddressInfo).port);
    relay.closed = new Promise<void>((resolve) => {
      server.once('connection', (down) => {
        const up = net.connect(targetPort, '127.0.0.1');
        relay.sockets.push(down, up);
        let open = 2;
        const done = (): void => {
          if (--open === 0) resolve();
        };
        down.on('data', (d) => {
          relay.chunks.push({ from: 'client', data: Buffer.from(d) });
          up.write(d);
        });
        up.on('data', (d) => {
          relay.chunks.push({ from: 'server', data: Buffer.from(d) });
          down.write(d);
        });
        down.on('close', () => { up.end(); done(); });
        up.on('close', () => { down.end(); done(); });
        down.on('error', () => up.destroy());
        up.on('error', () => down.destroy());
      });
    });
    return relay;
  }

  /** Resolves once both sides of the relayed connection closed. */
  finished(): Promise<void> {
    return this.closed;
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.server.close();
  }
}

/** A UDP relay on 127.0.0.1: datagrams from the first peer go to `targetPort`, replies go back. */
export class UdpRelay {
  readonly datagrams: Captured[] = [];
  private client?: { address: string; port: number };

  private constructor(private readonly down: dgram.Socket, private readonly up: dgram.Socket, readonly port: number) {
    // A datagram sent before the server listens comes back as ICMP port unreachable; the client retransmits.
    down.on('error', () => undefined);
    up.on('error', () => undefined);
    down.on('message', (msg, rinfo) => {
      this.client ??= { address: rinfo.address, port: rinfo.port };
      this.datagrams.push({ from: 'client', data: Buffer.from(msg) });
      up.send(msg);
    });
    up.on('message', (msg) => {
      this.datagrams.push({ from: 'server', data: Buffer.from(msg) });
      if (this.client) down.send(msg, this.client.port, this.client.address);
    });
  }

  static async start(targetPort: number): Promise<UdpRelay> {
    const down = dgram.createSocket('udp4');
    const up = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => down.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => up.connect(targetPort, '127.0.0.1', resolve));
    return new UdpRelay(down, up, down.address().port);
  }

  close(): void {
    this.down.close();
    this.up.close();
  }
}

/** A TCP port free right now on 127.0.0.1 (for a server that must be told its port). */
export async function freeTcpPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A UDP port free right now on 127.0.0.1 (for a server that must be told its port). */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Starts a tool and resolves once `ready` shows in its stdout (e.g. openssl s_server's `ACCEPT`). */
export function startTool(cmd: string, args: string[], ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes(ready)) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}) before "${ready}": ${out}`)));
  });
}

/** Runs a tool to its end with stdin closed; resolves with its exit code and output (never rejects on code). */
export function runTool(cmd: string, args: string[], timeoutMs = 20000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString('latin1'); });
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end();
  });
}

const START_TIME = 1767225600; // 2026-01-01T00:00:00Z

/** The recorded TCP connection as an Ethernet pcap: handshake, chunks in `mss`-sized segments, FIN both ways. */
export function tcpPcap(chunks: Captured[], mss = 1460, server: TcpEnd = PCAP_SERVER): Buffer {
  const packets = tcpConversation(PCAP_CLIENT, server, chunks, { mss });
  return writePcap(packets.map((p, i) => ({ time: START_TIME + i / 1000, data: ethernet(p) })));
}

/** The recorded datagrams as an Ethernet pcap, one UDP packet each. */
export function udpPcap(datagrams: Captured[], server: TcpEnd = PCAP_SERVER): Buffer {
  const frames = datagrams.map((d, i) => ({
    time: START_TIME + i / 1000,
    data: ethernet(d.from === 'client' ? udpPacket(PCAP_CLIENT, server, d.data) : udpPacket(server, PCAP_CLIENT, d.data)),
  }));
  return writePcap(frames);
}

/** Runs a capture through openStream → readCapture → FlowTable → TlsTracker, as the scan does. */
export async function handshakesOfCapture(pcap: Buffer, name = 'relay.pcap'): Promise<{ handshakes: Handshake[]; stats: TlsStats }> {
  const handshakes: Handshake[] = [];
  let table: FlowTable | undefined;
  const tracker = new TlsTracker(name, (h) => handshakes.push(h), (flow: Flow) => table?.release(flow));
  const flows = new FlowTable(tracker);
  table = flows;
  await readCapture(name, openStream(Readable.from([pcap]), name), (pkt) => flows.onPacket(pkt));
  flows.finish();
  return { handshakes, stats: tracker.stats };
}
