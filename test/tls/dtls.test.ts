/**
 * DTLS front end on hand-built datagrams: RFC 6347 §4.1 records, §4.2.2/4.2.3 handshake fragments (any order,
 * overlapping, across datagrams, retransmitted), §4.2.1 HelloVerifyRequest and cookie, RFC 9147 DTLS 1.3,
 * RFC 7983 demultiplexing, and damaged input counted as anomalies.
 */
import { createHash } from 'node:crypto';
import { MAX_DTLS_DATAGRAMS_BEFORE_HELLO, MAX_DTLS_PENDING_MESSAGES } from '../../src/tls/consts';
import { DtlsMessageReassembler } from '../../src/tls/dtls-message-reassembler';
import { HeldBytes } from '../../src/tls/held-bytes';
import { HandshakeAssembler } from '../../src/tls/handshake-assembler';
import type { Direction } from '../../src/net/types';
import {
  CT, DTLS1_0, DTLS1_2, dtlsClientHelloBody, dtlsFragment, dtlsFragments, dtlsRecord, dtlsServerHelloBody,
  helloVerifyRequestBody, runDatagrams,
} from '../helpers/dtls-messages';
import { certificateBody, makeCert } from '../helpers/tls-messages';

const leaf = makeCert('dtls-leaf.example', 'x'.repeat(60));
const ca = makeCert('dtls-ca.example');
const sha256 = (der: Buffer): string => createHash('sha256').update(der).digest('hex');
const HS = { CLIENT_HELLO: 1, SERVER_HELLO: 2, HELLO_VERIFY_REQUEST: 3, CERTIFICATE: 11, SERVER_HELLO_DONE: 14 } as const;

type Datagram = { dir: Direction; data: Buffer };

/** Each fragment in its own epoch-0 handshake record, all in one datagram. */
function handshakeDatagram(dir: Direction, fragments: Buffer[], version = DTLS1_2, firstSeq = 0): Datagram {
  return { dir, data: Buffer.concat(fragments.map((f, i) => dtlsRecord(CT.HANDSHAKE, version, 0, firstSeq + i, f))) };
}

function ccsDatagram(dir: Direction, version = DTLS1_2): Datagram {
  return { dir, data: dtlsRecord(CT.CCS, version, 0, 9, Buffer.from([1])) };
}

const certMessage = certificateBody([leaf, ca]);

/** A full DTLS 1.2 handshake: ClientHello, ServerHello + Certificate (in `certFragments`) + ServerHelloDone, CCS both ways. */
function handshakeWith(certDatagrams: Datagram[]): Datagram[] {
  return [
    handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody({ sni: 'dtls.example' }))]),
    handshakeDatagram(1, [dtlsFragment(HS.SERVER_HELLO, 0, dtlsServerHelloBody())]),
    ...certDatagrams,
    handshakeDatagram(1, [dtlsFragment(HS.SERVER_HELLO_DONE, 2, Buffer.alloc(0))]),
    ccsDatagram(0),
    ccsDatagram(1),
  ];
}

describe('DTLS handshake reassembly', () => {
  it('rejoins a Certificate whose fragments come out of order, overlapping, across datagrams', () => {
    const n = certMessage.length;
    const pieces = [
      dtlsFragment(HS.CERTIFICATE, 1, certMessage, 600, n - 600),
      dtlsFragment(HS.CERTIFICATE, 1, certMessage, 0, 400),
      dtlsFragment(HS.CERTIFICATE, 1, certMessage, 300, 500), // overlaps both neighbours
    ];
    const { handshakes, released } = runDatagrams(handshakeWith(pieces.map((p) => handshakeDatagram(1, [p]))));
    expect(released).toBe(1);
    expect(handshakes).toHaveLength(1);
    const h = handshakes[0];
    expect([h.transport, h.protocol, h.version, h.serverName, h.completed]).toEqual(['udp', 'dtls', DTLS1_2, 'dtls.example', true]);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(ca)]);
    expect(h.anomalies).toEqual([]);
  });

  it('finds DTLS after CAPWAP\'s DTLS header (RFC 5415 §4.2, UDP 5246), passing plaintext CAPWAP messages by', () => {
    const capwap = (d: Datagram): Datagram => ({ dir: d.dir, data: Buffer.concat([Buffer.from([1, 0, 0, 0]), d.data]) });
    // A plaintext CAPWAP Discovery Request (preamble type 0) comes before the DTLS session.
    const discovery: Datagram = { dir: 0, data: Buffer.from('0010020000000000000000000000000000', 'hex') };
    const { handshakes } = runDatagrams([discovery, ...handshakeWith([handshakeDatagram(1, [dtlsFragment(HS.CERTIFICATE, 1, certMessage)])]).map(capwap)]);
    expect(handshakes).toHaveLength(1);
    const h = handshakes[0];
    expect([h.protocol, h.version, h.serverName, h.completed, h.anomalies]).toEqual(['capwap', DTLS1_2, 'dtls.example', true, []]);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(ca)]);
  });

  it('takes several fragments in one record and several records in one datagram', () => {
    const frags = dtlsFragments(HS.CERTIFICATE, 1, certMessage, 100);
    const oneRecord = { dir: 1 as Direction, data: dtlsRecord(CT.HANDSHAKE, DTLS1_2, 0, 5, Buffer.concat(frags)) };
    const { handshakes } = runDatagrams(handshakeWith([oneRecord]));
    expect(handshakes[0].serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(ca)]);
  });

  it('passes each message to the assembler once although the flight is retransmitted', () => {
    const seen: number[] = [];
    class Recording extends HandshakeAssembler {
      override handshakeMessage(dir: Direction, msgType: number, body: Buffer, recordVersion: number): void {
        seen.push(msgType);
        super.handshakeMessage(dir, msgType, body, recordVersion);
      }
    }
    const asm = new Recording({
      source: { file: 't' }, ts: { sec: 0, nsec: 0 }, transport: 'udp',
      endpoints: [{ ip: '10.0.0.1', port: 1 }, { ip: '10.0.0.2', port: 2 }], keepDer: false,
    });
    const reader = new DtlsMessageReassembler(1, asm, new HeldBytes(Infinity));
    const flight = [
      dtlsFragment(HS.SERVER_HELLO, 0, dtlsServerHelloBody()),
      ...dtlsFragments(HS.CERTIFICATE, 1, certMessage, 300),
      dtlsFragment(HS.SERVER_HELLO_DONE, 2, Buffer.alloc(0)),
    ];
    const parse = (b: Buffer) => ({
      msgType: b[0], length: b.readUIntBE(1, 3), messageSeq: b.readUInt16BE(4), fragmentOffset: b.readUIntBE(6, 3),
      fragmentLength: b.readUIntBE(9, 3), body: b.subarray(12),
    });
    for (let round = 0; round < 3; round++) for (const f of flight) reader.feed(parse(f), DTLS1_2);
    expect(seen).toEqual([HS.SERVER_HELLO, HS.CERTIFICATE, HS.SERVER_HELLO_DONE]);
    expect(asm.anomalies).toEqual([]);
  });

  it('gives one handshake and one chain when whole flights are sent again', () => {
    const certFlight = handshakeDatagram(1, dtlsFragments(HS.CERTIFICATE, 1, certMessage, 400));
    const datagrams = handshakeWith([certFlight]);
    // The client's ClientHello and the server's flight, retransmitted after a lost datagram.
    const retransmitted = [datagrams[0], datagrams[0], datagrams[1], certFlight, datagrams[1], certFlight, ...datagrams.slice(2)];
    const { handshakes } = runDatagrams(retransmitted);
    expect(handshakes).toHaveLength(1);
    expect(handshakes[0].serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(ca)]);
    expect(handshakes[0].anomalies).toEqual([]);
  });

  it('reads a HelloVerifyRequest exchange: the cookie-less and the cookie ClientHello, then the server flight', () => {
    const cookie = Buffer.alloc(20, 0xc0);
    const { handshakes } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody({ version: DTLS1_0, sni: 'first.example' }))], DTLS1_0),
      handshakeDatagram(1, [dtlsFragment(HS.HELLO_VERIFY_REQUEST, 0, helloVerifyRequestBody(cookie))], DTLS1_0),
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 1, dtlsClientHelloBody({ version: DTLS1_0, sni: 'first.example', cookie }))], DTLS1_0, 1),
      handshakeDatagram(1, [
        dtlsFragment(HS.SERVER_HELLO, 1, dtlsServerHelloBody({ version: DTLS1_0, cipher: 0xc014 })),
        dtlsFragment(HS.CERTIFICATE, 2, certificateBody([leaf])),
        dtlsFragment(HS.SERVER_HELLO_DONE, 3, Buffer.alloc(0)),
      ], DTLS1_0, 1),
      ccsDatagram(0, DTLS1_0),
      ccsDatagram(1, DTLS1_0),
    ]);
    expect(handshakes).toHaveLength(1);
    const h = handshakes[0];
    expect([h.version, h.cipherSuite, h.serverName, h.completed]).toEqual([DTLS1_0, 0xc014, 'first.example', true]);
    expect(h.clientHello?.cipherSuites).toEqual([0xc02b, 0xc02f, 0x009c]);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf)]);
    expect(h.anomalies).toEqual([]);
  });

  it('takes the server role from the ServerHello sender, not from who sent the first datagram', () => {
    const datagrams = handshakeWith([handshakeDatagram(1, [dtlsFragment(HS.CERTIFICATE, 1, certMessage)])]);
    const swapped = datagrams.map((d) => ({ dir: (d.dir === 0 ? 1 : 0) as Direction, data: d.data }));
    const { handshakes } = runDatagrams(swapped);
    expect(handshakes[0].server).toEqual({ ip: '10.0.0.1', port: 50000 });
    expect(handshakes[0].serverChain.certs).toHaveLength(2);
  });
});

describe('DTLS 1.3 and demultiplexing', () => {
  it('reports a DTLS 1.3 association (supported_versions 0xfefc) as encrypted and stops at the unified header', () => {
    const unified = { dir: 1 as Direction, data: Buffer.concat([Buffer.from([0x2c, 0x00, 0x01, 0x00, 0x20]), Buffer.alloc(32, 0xee)]) };
    const { handshakes, released } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody())]),
      { dir: 1, data: Buffer.concat([handshakeDatagram(1, [dtlsFragment(HS.SERVER_HELLO, 0, dtlsServerHelloBody({ selectedVersion: 0xfefc }))]).data, unified.data]) },
      unified,
    ]);
    expect(released).toBe(1);
    expect(handshakes).toHaveLength(1);
    expect([handshakes[0].version, handshakes[0].serverChain.status, handshakes[0].clientChain.status]).toEqual([0xfefc, 'encrypted', 'encrypted']);
    expect(handshakes[0].ja4?.value.startsWith('dd2')).toBe(true);
    expect(handshakes[0].anomalies).toEqual([]);
  });

  it('skips STUN and RTP datagrams on the same port (RFC 7983 first byte)', () => {
    // RFC 5389 §6 Binding Request: type 0x0001, length 0, magic cookie 0x2112A442, transaction id.
    const stun = Buffer.concat([Buffer.from('000100002112a442', 'hex'), Buffer.alloc(12, 7)]);
    const rtp = Buffer.concat([Buffer.from([0x80, 0x60, 0, 1]), Buffer.alloc(40, 1)]);
    const datagrams = handshakeWith([handshakeDatagram(1, [dtlsFragment(HS.CERTIFICATE, 1, certMessage)])]);
    const mixed = [{ dir: 0 as Direction, data: stun }, { dir: 1 as Direction, data: stun }, ...datagrams.slice(0, 2),
      { dir: 0 as Direction, data: rtp }, ...datagrams.slice(2)];
    const { handshakes } = runDatagrams(mixed);
    expect(handshakes).toHaveLength(1);
    expect(handshakes[0].serverChain.certs).toHaveLength(2);
    expect(handshakes[0].anomalies).toEqual([]);
  });

  it(`releases a UDP flow without a DTLS hello in its first ${MAX_DTLS_DATAGRAMS_BEFORE_HELLO} datagrams`, () => {
    const dns = Buffer.from('123401000001000000000000076578616d706c6503636f6d0000010001', 'hex');
    const many = Array.from({ length: MAX_DTLS_DATAGRAMS_BEFORE_HELLO + 5 }, () => ({ dir: 0 as Direction, data: dns }));
    const { handshakes, released, tracker } = runDatagrams(many);
    expect([handshakes.length, released, tracker.stats.flowsWithoutTls]).toEqual([0, 1, 0]);
    // Encrypted DTLS records without any hello (a capture that starts mid-association) are given up the same way.
    const appData = dtlsRecord(CT.APPLICATION_DATA, DTLS1_2, 1, 40, Buffer.alloc(60, 0xab));
    const mid = runDatagrams(Array.from({ length: MAX_DTLS_DATAGRAMS_BEFORE_HELLO + 5 }, () => ({ dir: 0 as Direction, data: appData })));
    expect([mid.handshakes.length, mid.released]).toEqual([0, 1]);
  });
});

describe('damaged DTLS input is counted, never thrown', () => {
  it('a fragment reaching past its message length is an anomaly; the handshake goes on', () => {
    const bad = Buffer.concat([dtlsFragment(HS.CERTIFICATE, 1, certMessage, 0, 100)]);
    bad.writeUIntBE(50, 1, 3); // message length 50, fragment 0..100
    const { handshakes } = runDatagrams(handshakeWith([
      handshakeDatagram(1, [bad]),
      handshakeDatagram(1, [dtlsFragment(HS.CERTIFICATE, 1, certMessage)]),
    ]));
    expect(handshakes).toHaveLength(1);
    expect(handshakes[0].anomalies).toEqual(['bad-handshake-length']);
    expect(handshakes[0].serverChain.certs).toHaveLength(2);
  });

  it('a truncated record is an anomaly; the records before it in the datagram are read', () => {
    const sh = dtlsRecord(CT.HANDSHAKE, DTLS1_2, 0, 1, dtlsFragment(HS.SERVER_HELLO, 0, dtlsServerHelloBody()));
    const cut = dtlsRecord(CT.HANDSHAKE, DTLS1_2, 0, 2, dtlsFragment(HS.CERTIFICATE, 1, certMessage)).subarray(0, 200);
    const { handshakes } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody())]),
      { dir: 1, data: Buffer.concat([sh, cut]) },
    ]);
    expect(handshakes).toHaveLength(1);
    expect(handshakes[0].serverHello?.cipherSuite).toBe(0xc02f);
    expect(handshakes[0].anomalies).toEqual(['bad-record-length']);
    expect(handshakes[0].completed).toBe(false);
  });

  it('a fragment header longer than its record, and a changed message length, are anomalies', () => {
    const long = dtlsFragment(HS.CERTIFICATE, 1, certMessage, 0, 100);
    long.writeUIntBE(5000, 9, 3);
    const first = dtlsFragment(HS.CERTIFICATE, 1, certMessage, 0, 100);
    const changed = dtlsFragment(HS.CERTIFICATE, 1, certMessage, 100, 100);
    changed.writeUIntBE(certMessage.length + 1, 1, 3);
    const { handshakes } = runDatagrams(handshakeWith([handshakeDatagram(1, [long]), handshakeDatagram(1, [first, changed])]));
    expect(handshakes[0].anomalies).toEqual(['bad-handshake-length', 'bad-handshake-length']);
    expect(handshakes[0].serverChain.status).toBe('absent');
  });

  it('a flow that ends with a half-received message is emitted at its end with truncated-handshake', () => {
    const { handshakes, released } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody())]),
      handshakeDatagram(1, [dtlsFragment(HS.SERVER_HELLO, 0, dtlsServerHelloBody()), dtlsFragment(HS.CERTIFICATE, 1, certMessage, 0, 500)]),
    ]);
    expect(released).toBe(0);
    expect(handshakes).toHaveLength(1);
    expect([handshakes[0].completed, handshakes[0].serverChain.status, handshakes[0].anomalies]).toEqual([false, 'absent', ['truncated-handshake']]);
  });

  it('a malformed ClientHello is counted; the server chain is still read', () => {
    const body = dtlsClientHelloBody();
    const broken = body.subarray(0, 40); // cut inside the cookie / cipher suites
    const { handshakes } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, broken)]),
      ...handshakeWith([handshakeDatagram(1, [dtlsFragment(HS.CERTIFICATE, 1, certMessage)])]).slice(1),
    ]);
    expect(handshakes[0].anomalies).toEqual(['malformed-client-hello']);
    expect(handshakes[0].serverChain.certs).toHaveLength(2);
  });

  it(`more than ${MAX_DTLS_PENDING_MESSAGES} half-received messages stop the direction with handshake-too-large`, () => {
    const frags = Array.from({ length: MAX_DTLS_PENDING_MESSAGES + 1 }, (_, i) => dtlsFragment(HS.CERTIFICATE, 10 + i, certMessage, 0, 10));
    const { handshakes } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody())]),
      handshakeDatagram(1, frags),
    ]);
    expect(handshakes[0].anomalies).toEqual(['handshake-too-large']);
  });

  it("a message declaring TLS's largest length (16 MiB) is held only as far as its fragments reach, then counted as cut", () => {
    const huge = dtlsFragment(HS.CERTIFICATE, 1, certMessage, 0, 10);
    huge.writeUIntBE(0xffffff, 1, 3);
    const { handshakes } = runDatagrams([
      handshakeDatagram(0, [dtlsFragment(HS.CLIENT_HELLO, 0, dtlsClientHelloBody())]),
      handshakeDatagram(1, [huge]),
    ]);
    expect(handshakes[0].anomalies).toEqual(['truncated-handshake']);
  });

  it('a fragment whose room the held-bytes budget refuses stops the direction with memory-cap', () => {
    const asm = new HandshakeAssembler({
      source: { file: 't' }, ts: { sec: 0, nsec: 0 }, transport: 'udp',
      endpoints: [{ ip: '10.0.0.1', port: 1 }, { ip: '10.0.0.2', port: 2 }], keepDer: false,
    });
    const held = new HeldBytes(64 * 1024);
    const reader = new DtlsMessageReassembler(1, asm, held);
    const far = { msgType: HS.CERTIFICATE, length: 0xffffff, messageSeq: 1, fragmentOffset: 0xfff000, fragmentLength: 16, body: Buffer.alloc(16) };
    reader.feed(far, DTLS1_2);
    expect(asm.anomalies).toEqual(['memory-cap']);
    expect(held.used).toBe(0);
    expect(held.refused).toBe(1);
  });

  it('seeded random damage to a whole handshake never throws', () => {
    const clean = handshakeWith(dtlsFragments(HS.CERTIFICATE, 1, certMessage, 333).map((f) => handshakeDatagram(1, [f])));
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let trial = 0; trial < 300; trial++) {
      const damaged = clean.map((d) => {
        const data = Buffer.from(d.data);
        for (let k = rand(4); k > 0; k--) data[rand(data.length)] = rand(256);
        return { dir: d.dir, data: rand(5) === 0 ? data.subarray(0, rand(data.length)) : data };
      });
      expect(() => runDatagrams(damaged)).not.toThrow();
    }
  });
});
