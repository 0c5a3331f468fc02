import {
  CT, HS, alert, ccs, certificateBody, u16, vec, clientHelloBody, handshake, makeCert, opaque, record, records, runTracker,
  serverHelloBody, sslv2ClientHello, sslv2ServerHello, CLIENT, SERVER, fakeFlow, type Step,
} from '../helpers/tls-messages';
import { createHash } from 'node:crypto';
import { MAX_CERTIFICATES_PER_MESSAGE, MAX_HANDSHAKE_BYTES, PREAMBLE_SCAN_BYTES } from '../../src/tls/consts';
import { TlsTracker } from '../../src/tls/tls-tracker';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const leaf = makeCert('leaf.example');
const intermediate = makeCert('intermediate.example');
const clientCert = makeCert('client.example');

function clientHello(sni = 'www.example.com', extra: Parameters<typeof clientHelloBody>[0] = {}): Buffer {
  return record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni, alpn: ['h2', 'http/1.1'], ...extra })));
}

/** ServerHello, the Certificate message `certificate` and ServerHelloDone in 16 KiB records. */
function serverFlight(certificate: Buffer): Buffer {
  return records(CT.HANDSHAKE, 0x0303, Buffer.concat([
    handshake(HS.SERVER_HELLO, serverHelloBody()),
    handshake(HS.CERTIFICATE, certificate),
    handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
  ]), 16384);
}

/** A full TLS 1.2 handshake: the server flight in one record, client key exchange, CCS both ways. */
function tls12(opts: { serverCerts?: Buffer[]; clientCerts?: Buffer[]; requestCert?: boolean } = {}): Step[] {
  const serverFlight = Buffer.concat([
    handshake(HS.SERVER_HELLO, serverHelloBody({ alpn: 'h2' })),
    handshake(HS.CERTIFICATE, certificateBody(opts.serverCerts ?? [leaf, intermediate])),
    opts.requestCert ? handshake(HS.CERTIFICATE_REQUEST, Buffer.from([1, 1, 0, 0])) : Buffer.alloc(0),
    handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
  ]);
  const clientFlight = Buffer.concat([
    opts.clientCerts ? handshake(HS.CERTIFICATE, certificateBody(opts.clientCerts)) : Buffer.alloc(0),
    handshake(HS.CLIENT_KEY_EXCHANGE, Buffer.alloc(66, 7)),
  ]);
  return [
    { dir: 0, data: clientHello() },
    { dir: 1, data: record(CT.HANDSHAKE, 0x0303, serverFlight) },
    { dir: 0, data: Buffer.concat([record(CT.HANDSHAKE, 0x0303, clientFlight), ccs(), opaque(CT.HANDSHAKE)]) },
    { dir: 1, data: Buffer.concat([ccs(), opaque(CT.HANDSHAKE)]) },
    { dir: 0, data: opaque(CT.APP_DATA, 0x0303, 300) },
  ];
}

describe('TlsTracker', () => {
  it('reports a TLS 1.2 server chain in order, SNI, ALPN, version, completed, and releases the flow', () => {
    const run = runTracker(tls12());
    expect(run.handshakes).toHaveLength(1);
    expect(run.released).toBe(1);
    const h = run.handshakes[0];
    expect(h.serverChain.status).toBe('present');
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(intermediate)]);
    expect(h.serverChain.certs[0].sha1).toBe(createHash('sha1').update(leaf).digest('hex'));
    expect(h.serverChain.certs[0].der?.equals(leaf)).toBe(true);
    expect(h.clientChain.status).toBe('absent');
    expect(h.serverName).toBe('www.example.com');
    expect(h.alpn).toBe('h2');
    expect(h.version).toBe(0x0303);
    expect(h.cipherSuite).toBe(0xc02f);
    expect(h.protocol).toBe('tls');
    expect(h.completed).toBe(true);
    expect(h.resumed).toBe(false);
    expect(h.client).toEqual(CLIENT);
    expect(h.server).toEqual(SERVER);
    expect(h.anomalies).toEqual([]);
    expect(h.ja3?.value).toMatch(/^[0-9a-f]{32}$/);
    expect(run.tracker.stats).toMatchObject({ handshakes: 1, serverChains: 1, clientChains: 0 });
  });

  it('gives the same result when every segment is one byte (records and headers split at every position)', () => {
    const whole = runTracker(tls12()).handshakes[0];
    const bytewise = runTracker(tls12(), { segment: 1 }).handshakes[0];
    expect(bytewise.serverChain.certs.map((c) => c.sha256)).toEqual(whole.serverChain.certs.map((c) => c.sha256));
    expect(bytewise.serverName).toBe(whole.serverName);
    expect(bytewise.completed).toBe(true);
  });

  it('splits the server flight at every byte position into two segments', () => {
    const steps = tls12();
    const flight = (steps[1] as { data: Buffer }).data;
    for (let cut = 1; cut < flight.length; cut++) {
      const split: Step[] = [steps[0], { dir: 1, data: flight.subarray(0, cut) }, { dir: 1, data: flight.subarray(cut) }, ...steps.slice(2)];
      const run = runTracker(split, { segment: 1 << 20 });
      expect(run.handshakes).toHaveLength(1);
      expect(run.handshakes[0].serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(intermediate)]);
    }
  });

  it('reassembles a handshake message split across many records (hello in 7-byte records)', () => {
    const steps = tls12();
    steps[0] = { dir: 0, data: records(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'split.example' })), 7) };
    const h = runTracker(steps).handshakes[0];
    expect(h.serverName).toBe('split.example');
    expect(h.serverChain.status).toBe('present');
  });

  it('reassembles a Certificate message of MAX_CERTIFICATES_PER_MESSAGE entries carried over many records and segments', () => {
    // Like zeek's tls-fragmented-handshake.pcap in ../shared/corpus (339 KB over ~21 records), in 16 KiB records.
    const distinct = [leaf, intermediate, clientCert, makeCert('bulk.example', 'x'.repeat(60))];
    const chain = Array.from({ length: MAX_CERTIFICATES_PER_MESSAGE / 4 }, () => distinct).flat();
    expect(Buffer.concat(chain).length).toBeGreaterThan(5 * 16384);
    const steps = tls12();
    steps[1] = { dir: 1, data: serverFlight(certificateBody(chain)) };
    const h = runTracker(steps, { segment: 1448 }).handshakes[0];
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual(chain.map(sha256));
    expect(h.anomalies).toEqual([]);
  });

  it(`takes the first MAX_CERTIFICATES_PER_MESSAGE (${MAX_CERTIFICATES_PER_MESSAGE}) entries of a longer list and counts too-many-certificates`, () => {
    // The attack of issue #16: a Certificate message of thousands of tiny garbage entries, each a "certificate".
    const entries = Array.from({ length: 5000 }, (_, i) => Buffer.from([0x30, i >> 8, i & 0xff, 0]));
    const steps = tls12();
    steps[1] = { dir: 1, data: serverFlight(certificateBody(entries)) };
    const run = runTracker(steps);
    const h = run.handshakes[0];
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual(entries.slice(0, MAX_CERTIFICATES_PER_MESSAGE).map(sha256));
    expect(h.anomalies).toEqual(['too-many-certificates']);
    expect(run.tracker.stats.malformed['too-many-certificates']).toBe(1);
  });

  it("reads a Certificate message near TLS's own 16 MiB limit whole (24-bit length, RFC 8446 §4)", () => {
    const big = [Buffer.alloc(8 * 1024 * 1024 - 16, 0x31), Buffer.alloc(8 * 1024 * 1024 - 64, 0x32)];
    const steps = tls12();
    steps[1] = { dir: 1, data: serverFlight(certificateBody(big)) };
    const run = runTracker(steps, { segment: 65535 });
    const h = run.handshakes[0];
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual(big.map(sha256));
    expect(h.anomalies).toEqual([]);
    expect(run.tracker.heldBytes.used).toBe(0);
  });

  it(`stops past MAX_HANDSHAKE_BYTES (${MAX_HANDSHAKE_BYTES}) per direction with anomaly handshake-too-large`, () => {
    const body = Buffer.concat([
      handshake(HS.SERVER_HELLO, serverHelloBody()),
      handshake(HS.SERVER_KEY_EXCHANGE, Buffer.alloc(0xfffff0, 1)),
      handshake(HS.CERTIFICATE, certificateBody([Buffer.alloc(2 * 1024 * 1024, 0x30)])),
    ]);
    const steps = tls12();
    steps[1] = { dir: 1, data: records(CT.HANDSHAKE, 0x0303, body, 16384) };
    const run = runTracker(steps, { segment: 65535 });
    const h = run.handshakes[0];
    expect(h.anomalies).toContain('handshake-too-large');
    expect(h.serverChain.status).toBe('absent');
    expect(h.completed).toBe(false);
    expect(run.tracker.stats.malformed['handshake-too-large']).toBe(1);
  });

  it('a Certificate message the held-bytes budget cannot hold is given up with memory-cap, and its room given back', () => {
    const handshakes: Array<{ anomalies: string[] }> = [];
    const tracker = new TlsTracker('t.pcap', (hs) => handshakes.push(hs), () => undefined, { maxHeldBytes: 256 * 1024 });
    const flow = fakeFlow();
    const steps = tls12();
    steps[1] = { dir: 1, data: serverFlight(certificateBody([Buffer.alloc(600 * 1024, 0x30)])) };
    const ts = { sec: 1700000000, nsec: 0 };
    for (const step of steps) {
      if (!('data' in step)) continue;
      for (let off = 0; off < step.data.length; off += 1448) tracker.onStreamData(flow, step.dir, step.data.subarray(off, off + 1448), ts, 1);
    }
    tracker.onFlowEnd(flow, 'fin');
    expect(handshakes[0].anomalies).toContain('memory-cap');
    expect(tracker.heldBytes).toEqual({ used: 0, refused: 1 });
  });

  it('finds a ServerHello and its chain sent in TLS records of 1 to 5 bytes each', () => {
    for (const size of [1, 2, 3, 5]) {
      const steps = tls12();
      const flight = Buffer.concat([
        handshake(HS.SERVER_HELLO, serverHelloBody({ alpn: 'h2' })),
        handshake(HS.CERTIFICATE, certificateBody([leaf, intermediate])),
        handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
      ]);
      steps[0] = { dir: 0, data: records(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'tiny.example' })), size) };
      steps[1] = { dir: 1, data: records(CT.HANDSHAKE, 0x0303, flight, size) };
      const h = runTracker(steps, { segment: 7 }).handshakes[0];
      expect({ size, chain: h.serverChain.certs.map((c) => c.sha256), sni: h.serverName, anomalies: h.anomalies })
        .toEqual({ size, chain: [sha256(leaf), sha256(intermediate)], sni: 'tiny.example', anomalies: [] });
    }
  });

  it('TLS 1.3 (supported_versions 0x0304): chain encrypted, emitted at the ServerHello', () => {
    const run = runTracker([
      { dir: 0, data: clientHello('tls13.example', { supportedVersions: [0x0a0a, 0x0304, 0x0303] }) },
      { dir: 1, data: Buffer.concat([record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody({ cipher: 0x1301, selectedVersion: 0x0304 }))), ccs(), opaque(CT.APP_DATA, 0x0303, 2000)]) },
    ], { end: false });
    expect(run.handshakes).toHaveLength(1);
    expect(run.released).toBe(1);
    const h = run.handshakes[0];
    expect(h.version).toBe(0x0304);
    expect(h.serverChain.status).toBe('encrypted');
    expect(h.serverChain.certs).toEqual([]);
    expect(h.completed).toBe(true);
    expect(h.clientHello?.supportedVersions).toEqual([0x0a0a, 0x0304, 0x0303]);
    expect(run.tracker.stats.encrypted).toBe(1);
  });

  it('TLS 1.3 draft 28 and pre-22 drafts (0x7fNN in server_version) count as TLS 1.3', () => {
    const d28 = runTracker([
      { dir: 0, data: clientHello('d', { supportedVersions: [0x7f1c] }) },
      { dir: 1, data: record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody({ cipher: 0x1301, selectedVersion: 0x7f1c }))) },
    ]).handshakes[0];
    expect(d28.serverChain.status).toBe('encrypted');
    // draft-ietf-tls-tls13-18 §4.1.3: version, random, cipher_suite, extensions (no session id or compression).
    const oldBody = Buffer.concat([Buffer.from([0x7f, 0x12]), Buffer.alloc(32, 1), Buffer.from([0x13, 0x01, 0x00, 0x00])]);
    const d18 = runTracker([
      { dir: 0, data: clientHello('d', { supportedVersions: [0x7f12] }) },
      { dir: 1, data: record(CT.HANDSHAKE, 0x0301, handshake(HS.SERVER_HELLO, oldBody)) },
    ]).handshakes[0];
    expect(d18.version).toBe(0x7f12);
    expect(d18.cipherSuite).toBe(0x1301);
    expect(d18.serverChain.status).toBe('encrypted');
  });

  it("Google's TLS 1.3 experiments (0x7e01, 0x7e02, as Chrome 63-65 shipped) count as TLS 1.3: chain encrypted, not resumed", () => {
    // Experiment versions came in the version field with TLS 1.2's layout (session id echo and compression, for
    // middleboxes), in supported_versions behind 0x0303, or in the draft layout; each is followed by the
    // compatibility ChangeCipherSpecs that made a TLS 1.2 reader call the session resumed.
    const compat = serverHelloBody({ version: 0x7e01, cipher: 0x1301, noExtensions: true });
    const viaExtension = serverHelloBody({ cipher: 0x1302, selectedVersion: 0x7e02 });
    const draftLayout = Buffer.concat([u16(0x7e02), Buffer.alloc(32, 5), u16(0x1303), vec(2)]);
    for (const [version, body] of [[0x7e01, compat], [0x7e02, viaExtension], [0x7e02, draftLayout]] as const) {
      const h = runTracker([
        { dir: 0, data: clientHello('x.example', { supportedVersions: [version, 0x0303] }) },
        { dir: 1, data: Buffer.concat([record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, body)), ccs(), opaque(CT.APP_DATA)]) },
        { dir: 0, data: Buffer.concat([ccs(), opaque(CT.APP_DATA)]) },
      ]).handshakes[0];
      expect({ version: h.version, chain: h.serverChain.status, resumed: h.resumed, anomalies: h.anomalies })
        .toEqual({ version, chain: 'encrypted', resumed: false, anomalies: [] });
    }
  });

  it('recognises a HelloRetryRequest and reads the second hellos after the compatibility CCS', () => {
    const hrr = record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody({ hrr: true, cipher: 0x1301, selectedVersion: 0x0304 })));
    const run = runTracker([
      { dir: 0, data: clientHello('hrr.example', { supportedVersions: [0x0304] }) },
      { dir: 1, data: Buffer.concat([hrr, ccs()]) },
      { dir: 0, data: Buffer.concat([ccs(), clientHello('second.example', { supportedVersions: [0x0304] })]) },
    ], { end: false });
    expect(run.handshakes).toHaveLength(0);
    const run2 = runTracker([
      { dir: 0, data: clientHello('hrr.example', { supportedVersions: [0x0304] }) },
      { dir: 1, data: Buffer.concat([hrr, ccs()]) },
      { dir: 0, data: Buffer.concat([ccs(), clientHello('second.example', { supportedVersions: [0x0304] })]) },
      { dir: 1, data: record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody({ cipher: 0x1302, selectedVersion: 0x0304 }))) },
    ]);
    const h = run2.handshakes[0];
    expect(h.helloRetryRequest).toBe(true);
    expect(h.serverHello?.helloRetryRequest).toBe(false);
    expect(h.cipherSuite).toBe(0x1302);
    expect(h.serverName).toBe('hrr.example');
    expect(h.serverChain.status).toBe('encrypted');
    expect(h.resumed).toBe(false);
    expect(run2.released).toBe(1);
  });

  it('resumption: ServerHello + CCS without Certificate → resumed, chain absent', () => {
    const run = runTracker([
      { dir: 0, data: clientHello() },
      { dir: 1, data: Buffer.concat([record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody())), ccs(), opaque(CT.HANDSHAKE)]) },
      { dir: 0, data: Buffer.concat([ccs(), opaque(CT.HANDSHAKE)]) },
    ]);
    const h = run.handshakes[0];
    expect(h.resumed).toBe(true);
    expect(h.serverChain.status).toBe('absent');
    expect(h.completed).toBe(true);
    expect(run.tracker.stats.resumed).toBe(1);
  });

  it('mutual TLS: client chain reported as client, CertificateRequest noted', () => {
    const h = runTracker(tls12({ requestCert: true, clientCerts: [clientCert, intermediate] })).handshakes[0];
    expect(h.certificateRequested).toBe(true);
    expect(h.clientChain.status).toBe('present');
    expect(h.clientChain.certs.map((c) => c.sha256)).toEqual([sha256(clientCert), sha256(intermediate)]);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(intermediate)]);
  });

  it('an empty client Certificate message gives clientChain status empty', () => {
    const h = runTracker(tls12({ requestCert: true, clientCerts: [] })).handshakes[0];
    expect(h.clientChain).toEqual({ status: 'empty', certs: [] });
    expect(h.serverChain.status).toBe('present');
  });

  it('takes TLS roles from the hellos when the SYN sender is the TLS server', () => {
    const steps = tls12().map((s) => ({ ...s, dir: (s.dir === 0 ? 1 : 0) as 0 | 1 }));
    const h = runTracker(steps).handshakes[0];
    expect(h.client).toEqual(SERVER);
    expect(h.server).toEqual(CLIENT);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(intermediate)]);
  });

  it('finds TLS after an SMTP STARTTLS dialogue and names the carrier', () => {
    const steps = tls12();
    const run = runTracker([
      { dir: 1, data: Buffer.from('220 mail.example ESMTP\r\n') },
      { dir: 0, data: Buffer.from('EHLO client.example\r\n') },
      { dir: 1, data: Buffer.from('250-mail.example\r\n250-STARTTLS\r\n250 SIZE 1000\r\n') },
      { dir: 0, data: Buffer.from('STARTTLS\r\n') },
      { dir: 1, data: Buffer.from('220 2.0.0 Ready to start TLS\r\n') },
      ...steps,
    ], { segment: 5 });
    const h = run.handshakes[0];
    expect(h.protocol).toBe('starttls-smtp');
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(intermediate)]);
  });

  it('finds TLS after an HTTP CONNECT exchange', () => {
    const run = runTracker([
      { dir: 0, data: Buffer.from('CONNECT www.example.com:443 HTTP/1.1\r\nHost: www.example.com:443\r\n\r\n') },
      { dir: 1, data: Buffer.from('HTTP/1.1 200 Connection established\r\n\r\n') },
      ...tls12(),
    ]);
    expect(run.handshakes[0].protocol).toBe('http-connect');
    expect(run.handshakes[0].serverChain.status).toBe('present');
  });

  it('releases a non-TLS flow once the preamble cap is passed, without emitting', () => {
    const body = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n' + 'hello world, \x16\x03\x01 not tls '.repeat(2000));
    const run = runTracker([
      { dir: 0, data: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n') },
      { dir: 1, data: body },
    ]);
    expect(run.handshakes).toHaveLength(0);
    expect(run.released).toBe(1);
    expect(run.tracker.stats.flowsWithoutTls).toBe(1);
  });

  it('a short non-TLS flow ends without a handshake', () => {
    const run = runTracker([{ dir: 0, data: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n') }, { dir: 1, data: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n') }]);
    expect(run.handshakes).toHaveLength(0);
    expect(run.released).toBe(0);
    expect(run.tracker.stats.flowsWithoutTls).toBe(1);
  });

  it('emits what was seen at flow end when the handshake is cut off (completed=false)', () => {
    const steps = tls12().slice(0, 2);
    const run = runTracker(steps);
    expect(run.handshakes).toHaveLength(1);
    expect(run.handshakes[0].completed).toBe(false);
    expect(run.handshakes[0].serverChain.status).toBe('present');
  });

  it('a partial message at flow end adds truncated-handshake', () => {
    const data = (tls12()[1] as { data: Buffer }).data;
    const run = runTracker([tls12()[0], { dir: 1, data: data.subarray(0, data.length - 30) }]);
    expect(run.handshakes[0].anomalies).toContain('truncated-handshake');
  });

  it('a fatal alert ends the handshake', () => {
    const run = runTracker([{ dir: 0, data: clientHello() }, { dir: 1, data: alert() }], { end: false });
    expect(run.handshakes).toHaveLength(1);
    expect(run.released).toBe(1);
    expect(run.handshakes[0].completed).toBe(false);
  });

  it('malformed ClientHello (extension length past the end) → anomaly, no throw, handshake still reported', () => {
    // An ALPN extension header claiming 0x4000 bytes inside a 4-byte remainder of the extension block.
    const badExt = clientHelloBody({ sni: 'bad.example', extra: [Buffer.from([0x00, 0x10, 0x40, 0x00])] });
    const steps = tls12();
    steps[0] = { dir: 0, data: record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, badExt)) };
    const run = runTracker(steps);
    const h = run.handshakes[0];
    expect(h.anomalies).toContain('malformed-client-hello');
    expect(h.clientHello).toBeUndefined();
    expect(h.serverChain.status).toBe('present');
    expect(h.client).toEqual(CLIENT);
  });

  it('garbage record in the middle: anomaly, resync at the next valid record, chain still found', () => {
    const steps = tls12();
    const flight = (steps[1] as { data: Buffer }).data;
    steps[1] = { dir: 1, data: Buffer.concat([Buffer.from([0x99, 0x03, 0x03, 0x00, 0x05, 1, 2, 3, 4, 5]), flight]) };
    // The server's garbage comes first, so TLS must first be found in the client direction.
    const h = runTracker(steps).handshakes[0];
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf), sha256(intermediate)]);
    const steps2 = tls12();
    const shOnly = record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody()));
    const rest = record(CT.HANDSHAKE, 0x0303, Buffer.concat([handshake(HS.CERTIFICATE, certificateBody([leaf])), handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0))]));
    steps2[1] = { dir: 1, data: Buffer.concat([shOnly, Buffer.from([0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42]), rest]) };
    const h2 = runTracker(steps2).handshakes[0];
    expect(h2.anomalies).toContain('bad-record-header');
    expect(h2.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf)]);
  });

  it('a stream gap inside the handshake: anomaly stream-gap, resync at the next record', () => {
    const sh = record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO, serverHelloBody()));
    const cert = record(CT.HANDSHAKE, 0x0303, handshake(HS.CERTIFICATE, certificateBody([leaf])));
    const run = runTracker([
      { dir: 0, data: clientHello() },
      { dir: 1, data: Buffer.concat([sh, cert.subarray(0, 100)]) },
      { dir: 1, gap: 500 },
      { dir: 1, data: cert.subarray(600) },
      { dir: 1, data: Buffer.concat([record(CT.HANDSHAKE, 0x0303, handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0))), ccs()]) },
      { dir: 0, data: ccs() },
    ]);
    const h = run.handshakes[0];
    expect(h.anomalies).toContain('stream-gap');
    expect(h.serverChain.status).toBe('absent');
    expect(h.completed).toBe(true);
  });

  it('SSLv2-compatible CLIENT-HELLO answered in TLS 1.0', () => {
    const run = runTracker([
      { dir: 0, data: sslv2ClientHello(0x0301, [0x010080, 0x000004, 0x00002f]) },
      { dir: 1, data: record(CT.HANDSHAKE, 0x0301, Buffer.concat([
        handshake(HS.SERVER_HELLO, serverHelloBody({ version: 0x0301, cipher: 0x0004, noExtensions: true })),
        handshake(HS.CERTIFICATE, certificateBody([leaf])), handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0))])) },
      { dir: 0, data: Buffer.concat([record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_KEY_EXCHANGE, Buffer.alloc(130, 1))), ccs(0x0301)]) },
      { dir: 1, data: ccs(0x0301) },
    ]);
    const h = run.handshakes[0];
    expect(h.clientHello?.sslv2).toBe(true);
    expect(h.clientHello?.legacyVersion).toBe(0x0301);
    expect(h.clientHello?.cipherSuites).toEqual([0x010080, 0x000004, 0x00002f]);
    expect(h.version).toBe(0x0301);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf)]);
    expect(h.completed).toBe(true);
  });

  it('SSLv2 SERVER-HELLO carries the server certificate', () => {
    const run = runTracker([
      { dir: 0, data: sslv2ClientHello(0x0002, [0x010080, 0x0700c0]) },
      { dir: 1, data: sslv2ServerHello(leaf, [0x0700c0]) },
      { dir: 0, data: Buffer.from([0x80, 0x0a, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]) },
    ], { end: false });
    expect(run.released).toBe(1);
    const h = run.handshakes[0];
    expect(h.version).toBe(0x0002);
    expect(h.serverHello?.sslv2).toBe(true);
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha256(leaf)]);
    expect(h.anomalies).toEqual([]);
  });

  it('keeps DER out of CertBlob when keepDer is false', () => {
    // Built directly: runTracker uses the default options.
    const { TlsTracker } = jest.requireActual('../../src/tls/tls-tracker') as typeof import('../../src/tls/tls-tracker');
    const out: import('../../src/tls/types').Handshake[] = [];
    const t = new TlsTracker('f', (h) => out.push(h), () => undefined, { keepDer: false });
    const flow = fakeFlow();
    for (const s of tls12()) if ('data' in s) t.onStreamData(flow, s.dir, s.data, { sec: 0, nsec: 0 }, 1);
    expect(out[0].serverChain.certs[0].der).toBeUndefined();
    expect(out[0].serverChain.certs[0].sha256).toBe(sha256(leaf));
  });

  it(`looks for TLS up to PREAMBLE_SCAN_BYTES (${PREAMBLE_SCAN_BYTES}) into a direction, not beyond`, () => {
    const text = (n: number): Buffer => Buffer.from('a'.repeat(n - 2) + '\r\n');
    const steps = (n: number): Step[] => [{ dir: 0, data: Buffer.concat([text(n), clientHello()]) }, ...tls12().slice(1)];
    const inside = runTracker(steps(PREAMBLE_SCAN_BYTES - 100));
    expect(inside.handshakes).toHaveLength(1);
    expect(inside.handshakes[0].protocol).toBe('preamble');
    const beyond = runTracker(steps(PREAMBLE_SCAN_BYTES + 100));
    expect(beyond.handshakes).toHaveLength(0);
    expect(beyond.released).toBe(1);
  });

  it('a gap before any TLS (capture started mid-stream) is no anomaly; the hello after it is found', () => {
    const run = runTracker([{ dir: 0, gap: 300 }, { dir: 1, gap: 50 }, ...tls12()]);
    expect(run.handshakes).toHaveLength(1);
    expect(run.handshakes[0].anomalies).toEqual([]);
    expect(run.handshakes[0].serverChain.status).toBe('present');
  });
});
