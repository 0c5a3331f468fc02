/**
 * DTLS with real tools: `openssl s_server` and `openssl s_client` (DTLS 1.2 and 1.0) talk through a loopback UDP
 * relay that records every datagram; the pcap made of them goes through the whole pipeline. `-mtu 500` makes
 * OpenSSL fragment the Certificate message over several records and datagrams (RFC 6347 §4.2.3); `-listen`
 * makes the server answer the first ClientHello with a HelloVerifyRequest (RFC 6347 §4.2.1).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { makeCert, makeWorkDir, type MadeCert } from '../helpers/x509-openssl';
import { freeUdpPort, handshakesOfCapture, runTool, startTool, UdpRelay, udpPcap, type Captured } from '../helpers/relay-capture';
import { fragmentsIn } from '../helpers/dtls-messages';

const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');
const HANDSHAKE_CERTIFICATE = 11;
const HANDSHAKE_HELLO_VERIFY_REQUEST = 3;

interface Run {
  datagrams: Captured[];
  clientOut: string;
}

/** One DTLS handshake between openssl s_server and s_client through a UdpRelay. */
async function dtlsExchange(serverArgs: string[], clientArgs: string[]): Promise<Run> {
  const port = await freeUdpPort();
  let server: ChildProcess | undefined;
  let relay: UdpRelay | undefined;
  try {
    server = await startTool('openssl', ['s_server', '-accept', String(port), '-naccept', '1', ...serverArgs], 'ACCEPT');
    relay = await UdpRelay.start(port);
    const { out } = await runTool('openssl', ['s_client', '-connect', `127.0.0.1:${relay.port}`, ...clientArgs]);
    return { datagrams: relay.datagrams, clientOut: out };
  } finally {
    relay?.close();
    server?.kill();
  }
}

describe('DTLS through openssl s_server/s_client and a UDP relay', () => {
  let dir: string;
  let ca: MadeCert;
  let leaf: MadeCert;
  let clientCert: MadeCert;

  beforeAll(() => {
    dir = makeWorkDir();
    ca = makeCert(dir, {
      key: 'rsa:2048', subject: '/O=Relay Test/CN=Relay Test CA', startDate: '20260101000000Z', endDate: '20360101000000Z',
      serial: '01', extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign'],
    });
    leaf = makeCert(dir, {
      key: 'rsa:2048', subject: '/CN=dtls.example.test', issuer: ca, startDate: '20260101000000Z',
      endDate: '20270101000000Z', serial: '02', extensions: ['subjectAltName = DNS:dtls.example.test'],
    });
    clientCert = makeCert(dir, {
      key: 'ec:P-256', subject: '/CN=dtls-client', issuer: ca, startDate: '20260101000000Z',
      endDate: '20270101000000Z', serial: '03', extensions: ['extendedKeyUsage = clientAuth'],
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('DTLS 1.2, MTU 500, HelloVerifyRequest: the fragmented server chain is rejoined', async () => {
    const { datagrams, clientOut } = await dtlsExchange(
      ['-dtls1_2', '-listen', '-mtu', '500', '-cert', leaf.certPath, '-key', leaf.keyPath, '-cert_chain', ca.certPath],
      ['-dtls1_2', '-mtu', '500', '-servername', 'dtls.example.test'],
    );
    expect(clientOut).toContain('BEGIN CERTIFICATE');
    const server = datagrams.filter((d) => d.from === 'server').flatMap((d) => fragmentsIn(d.data));
    // The capture really holds what is under test: a cookie exchange and a Certificate in several fragments.
    expect(server.some((f) => f.msgType === HANDSHAKE_HELLO_VERIFY_REQUEST)).toBe(true);
    const certFragments = server.filter((f) => f.msgType === HANDSHAKE_CERTIFICATE);
    expect(certFragments.length).toBeGreaterThan(2);
    expect(certFragments.every((f) => f.fragmentLength < f.length)).toBe(true);

    const { handshakes } = await handshakesOfCapture(udpPcap(datagrams));
    expect(handshakes).toHaveLength(1);
    const h = handshakes[0];
    expect([h.transport, h.protocol, h.version, h.serverName]).toEqual(['udp', 'dtls', 0xfefd, 'dtls.example.test']);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf.der), sha256(ca.der)]);
    expect(h.clientChain.status).toBe('absent');
    expect(h.completed).toBe(true);
    expect(h.anomalies).toEqual([]);
    expect(h.ja4?.value.startsWith('dd2d')).toBe(true);
  });

  it('DTLS 1.2 with every datagram sent twice (retransmitted flights) still gives one handshake', async () => {
    const { datagrams } = await dtlsExchange(
      ['-dtls1_2', '-mtu', '500', '-cert', leaf.certPath, '-key', leaf.keyPath, '-cert_chain', ca.certPath],
      ['-dtls1_2', '-mtu', '500'],
    );
    const doubled = datagrams.flatMap((d) => [d, d]);
    const { handshakes } = await handshakesOfCapture(udpPcap(doubled));
    expect(handshakes).toHaveLength(1);
    expect(handshakes[0].serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf.der), sha256(ca.der)]);
    expect(handshakes[0].anomalies).toEqual([]);
  });

  it('DTLS 1.0 with a client certificate: both chains, by role', async () => {
    // OpenSSL 3 allows DTLS 1.0 (SHA-1 PRF) only at security level 0.
    const { datagrams, clientOut } = await dtlsExchange(
      ['-dtls1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-Verify', '2', '-CAfile', ca.certPath,
        '-cert', leaf.certPath, '-key', leaf.keyPath, '-cert_chain', ca.certPath],
      ['-dtls1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-cert', clientCert.certPath, '-key', clientCert.keyPath],
    );
    expect(clientOut).toContain('BEGIN CERTIFICATE');
    const { handshakes } = await handshakesOfCapture(udpPcap(datagrams));
    expect(handshakes).toHaveLength(1);
    const h = handshakes[0];
    expect(h.version).toBe(0xfeff);
    expect(h.server.port).toBe(40000);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf.der), sha256(ca.der)]);
    expect(h.clientChain.certs.map((c) => c.sha256)).toEqual([sha256(clientCert.der)]);
    expect(h.certificateRequested).toBe(true);
    expect(h.ja4?.value.startsWith('dd1')).toBe(true);
  });
});
