/**
 * OpenVPN with the real openvpn (2.6, `--dev null`: no tunnel device, no privileges): a server and a client with
 * certificates made here talk through a loopback relay that records every TCP chunk or UDP datagram, and the pcap
 * made of them goes through the whole pipeline. The control channel's TLS is read through OpenVPN's framing, so
 * the chains are exactly the certificates the two sides sent, and nothing is found that they did not send.
 */
import { createHash } from 'node:crypto';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert, makeWorkDir, type MadeCert } from '../helpers/x509-openssl';
import {
  freeTcpPort, freeUdpPort, handshakesOfCapture, startTool, TcpRelay, tcpPcap, UdpRelay, udpPcap, type Captured,
} from '../helpers/relay-capture';

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');

describe('OpenVPN through the real openvpn and a relay', () => {
  let dir: string;
  let ca: MadeCert;
  let server: MadeCert;
  let client: MadeCert;
  let taKey: string;

  beforeAll(() => {
    dir = makeWorkDir();
    ca = makeCert(dir, {
      key: 'rsa:2048', subject: '/O=VPN Test/CN=VPN Test CA', startDate: '20260101000000Z', endDate: '20360101000000Z',
      serial: '01', extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign'],
    });
    server = makeCert(dir, {
      key: 'rsa:2048', subject: '/CN=vpn.example.test', issuer: ca, startDate: '20260101000000Z', endDate: '20280101000000Z',
      serial: '02', extensions: ['extendedKeyUsage = serverAuth', 'keyUsage = critical,digitalSignature,keyEncipherment'],
    });
    client = makeCert(dir, {
      key: 'ec:P-256', subject: '/CN=vpn-client', issuer: ca, startDate: '20260101000000Z', endDate: '20280101000000Z',
      serial: '03', extensions: ['extendedKeyUsage = clientAuth', 'keyUsage = critical,digitalSignature'],
    });
    taKey = join(dir, 'ta.key');
    execFileSync('openvpn', ['--genkey', 'secret', taKey]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const common = (): string[] => ['--dev', 'null', '--ca', ca.certPath, '--verb', '3', '--connect-retry', '1', '--data-ciphers', 'AES-256-GCM'];

  /** Runs a server and a client until the client's tunnel is up; what the relay recorded. */
  async function exchange(proto: 'tcp' | 'udp', extra: string[] = [], clientExtra: string[] = []): Promise<Captured[]> {
    const port = proto === 'tcp' ? await freeTcpPort() : await freeUdpPort();
    const procs: ChildProcess[] = [];
    let relay: TcpRelay | UdpRelay | undefined;
    try {
      procs.push(await startTool('openvpn', [
        ...common(), '--proto', proto === 'tcp' ? 'tcp-server' : 'udp', '--lport', String(port), '--tls-server',
        '--cert', server.certPath, '--key', server.keyPath, '--dh', 'none', ...extra,
      ], proto === 'tcp' ? 'Listening for incoming TCP connection' : 'UDPv4 link remote: [AF_UNSPEC]'));
      relay = proto === 'tcp' ? await TcpRelay.start(port) : await UdpRelay.start(port);
      procs.push(await startTool('openvpn', [
        ...common(), '--proto', proto === 'tcp' ? 'tcp-client' : 'udp', '--remote', '127.0.0.1', String(relay.port),
        '--nobind', '--tls-client', '--remote-cert-tls', 'server', '--cert', client.certPath, '--key', client.keyPath,
        ...extra, ...clientExtra,
      ], 'Initialization Sequence Completed'));
      return relay instanceof TcpRelay ? relay.chunks.slice() : relay.datagrams.slice();
    } finally {
      for (const p of procs) p.kill();
      relay?.close();
    }
  }

  it('TCP, TLS 1.2 control channel: exactly the server and client chains openvpn sent, carrier openvpn', async () => {
    const chunks = await exchange('tcp', ['--tls-version-max', '1.2']);
    const { handshakes, stats } = await handshakesOfCapture(tcpPcap(chunks, 1400), 'openvpn-tcp.pcap');
    expect(handshakes).toHaveLength(1);
    const h = handshakes[0];
    expect({ protocol: h.protocol, transport: h.transport, version: h.version, anomalies: h.anomalies }).toEqual({ protocol: 'openvpn', transport: 'tcp', version: 0x0303, anomalies: [] });
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(server.der), sha256(ca.der)]);
    expect(h.clientChain.certs.map((c) => c.sha256)).toEqual([sha256(client.der), sha256(ca.der)]);
    expect(stats.malformed).toEqual({});
  }, 60_000);

  it('UDP, plain or with tls-auth (SHA-1 HMAC before the ack array), reordered or retransmitted: the same chains, read in packet-id order', async () => {
    const datagrams = await exchange('udp', ['--tls-version-max', '1.2'], []);
    const withAuth = await exchange('udp', ['--tls-version-max', '1.2', '--tls-auth', taKey], []);
    // The same datagrams with the server's second and third swapped and its second sent twice (a retransmission).
    const fromServer = datagrams.flatMap((d, i) => (d.from === 'server' ? [i] : []));
    const shuffled = datagrams.slice();
    [shuffled[fromServer[1]], shuffled[fromServer[2]]] = [shuffled[fromServer[2]], shuffled[fromServer[1]]];
    shuffled.splice(fromServer[2] + 1, 0, datagrams[fromServer[1]]);
    for (const [name, recorded] of [['plain', datagrams], ['tls-auth', withAuth], ['reordered', shuffled]] as const) {
      const { handshakes } = await handshakesOfCapture(udpPcap(recorded), `openvpn-udp-${name}.pcap`);
      expect({ name, count: handshakes.length }).toEqual({ name, count: 1 });
      const h = handshakes[0];
      expect({ name, protocol: h.protocol, transport: h.transport, anomalies: h.anomalies }).toEqual({ name, protocol: 'openvpn', transport: 'udp', anomalies: [] });
      expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(server.der), sha256(ca.der)]);
      expect(h.clientChain.certs.map((c) => c.sha256)).toEqual([sha256(client.der), sha256(ca.der)]);
    }
  }, 90_000);

  it('TCP with a TLS 1.3 control channel: the chains are encrypted, and none is made up', async () => {
    const chunks = await exchange('tcp', ['--tls-auth', taKey], []);
    const { handshakes } = await handshakesOfCapture(tcpPcap(chunks, 1400), 'openvpn-tls13.pcap');
    expect(handshakes).toHaveLength(1);
    expect({ protocol: handshakes[0].protocol, version: handshakes[0].version, server: handshakes[0].serverChain, client: handshakes[0].clientChain })
      .toEqual({ protocol: 'openvpn', version: 0x0304, server: { status: 'encrypted', certs: [] }, client: { status: 'encrypted', certs: [] } });
  }, 60_000);

  it('a capture that starts after the resets, at the first P_CONTROL_V1, is still read through the framing', async () => {
    const chunks = await exchange('tcp', ['--tls-version-max', '1.2']);
    // Drop each side's first chunk (its hard reset): the flow starts with the control packet carrying the ClientHello.
    const cut = chunks.filter((c, i) => chunks.findIndex((d) => d.from === c.from) !== i);
    const { handshakes } = await handshakesOfCapture(tcpPcap(cut, 1400), 'openvpn-mid.pcap');
    expect(handshakes.map((h) => [h.protocol, h.serverChain.certs.map((c) => c.sha256), h.clientChain.certs.map((c) => c.sha256)]))
      .toEqual([['openvpn', [sha256(server.der), sha256(ca.der)], [sha256(client.der), sha256(ca.der)]]]);
  }, 60_000);

  it('a capture that starts at a data packet: the TLS inside later control packets is not read as a plain stream', async () => {
    const chunks = await exchange('tcp', ['--tls-version-max', '1.2']);
    const cut = chunks.filter((c, i) => chunks.findIndex((d) => d.from === c.from) !== i);
    // A P_DATA_V2 packet (opcode 9, peer id, 40 encrypted bytes) in front of each side's first control packet.
    const data = Buffer.concat([Buffer.from([0, 44, 9 << 3, 0, 0, 1]), Buffer.alloc(40, 0x5a)]);
    for (const from of ['client', 'server'] as const) {
      const first = cut.findIndex((c) => c.from === from);
      cut[first] = { from, data: Buffer.concat([data, cut[first].data]) };
    }
    const { handshakes } = await handshakesOfCapture(tcpPcap(cut, 1400), 'openvpn-data-first.pcap');
    expect(handshakes.flatMap((h) => [...h.serverChain.certs, ...h.clientChain.certs])).toEqual([]);
  }, 60_000);
});
