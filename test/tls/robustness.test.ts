import { CT, HS, ccs, certificateBody, clientHelloBody, handshake, makeCert, record, runTracker, serverHelloBody } from '../helpers/tls-messages';

/** Deterministic xorshift32 so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

describe('TlsTracker on damaged input', () => {
  const cert = makeCert('fuzz.example');
  const client = Buffer.concat([record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'f', alpn: ['h2'], groups: [29], sigAlgs: [0x0403] }))), ccs()]);
  const server = Buffer.concat([record(CT.HANDSHAKE, 0x0303, Buffer.concat([
    handshake(HS.SERVER_HELLO, serverHelloBody()), handshake(HS.CERTIFICATE, certificateBody([cert, cert])),
    handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0))])), ccs()]);

  it('never throws and emits at most one handshake when random bytes of a handshake are changed', () => {
    const next = rng(20260101);
    for (let round = 0; round < 400; round++) {
      const c = Buffer.from(client);
      const s = Buffer.from(server);
      for (let i = 0; i < 1 + Math.floor(next() * 6); i++) {
        const target = next() < 0.5 ? c : s;
        target[Math.floor(next() * target.length)] = Math.floor(next() * 256);
      }
      const run = runTracker([{ dir: 0, data: c }, { dir: 1, data: s }], { segment: 1 + Math.floor(next() * 700) });
      expect(run.handshakes.length).toBeLessThanOrEqual(1);
    }
  });

  it('random streams in both directions never throw and are released or ended without a handshake', () => {
    const next = rng(7);
    for (let round = 0; round < 50; round++) {
      const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
      const run = runTracker([{ dir: 0, data: noise(20000) }, { dir: 1, data: noise(20000) }]);
      expect(run.handshakes.filter((h) => h.serverChain.status === 'present')).toEqual([]);
    }
  });
});

describe('resync limits', () => {
  it('a segment of back-to-back damaged records gives the direction up after MAX_RESYNCS, without deep recursion', () => {
    // Each unit: a valid-looking empty-ish handshake record whose successor header is bad (content type 0x99).
    const unit = Buffer.concat([record(CT.HANDSHAKE, 0x0303, Buffer.from([14, 0, 0, 0])), Buffer.from([0x99, 0x03, 0x03, 0x00, 0x01, 0x00])]);
    const flood = Buffer.concat(Array.from({ length: 20000 }, () => unit));
    const hello = record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'x' })));
    const sh = record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody()));
    const run = runTracker([{ dir: 0, data: hello }, { dir: 1, data: Buffer.concat([sh, flood]) }], { segment: 1 << 20 });
    expect(run.handshakes).toHaveLength(1);
    expect(run.handshakes[0].anomalies.filter((a) => a === 'bad-record-header')).toHaveLength(9);
  });
});
