import { HandshakeDecoder, HandshakeEncoder, MAX_CERTS_SENT } from '../../../src/pipeline/workers/wire';
import type { CertBlob, Handshake } from '../../../src/tls/types';

function blob(n: number): CertBlob {
  const der = Buffer.from(`certificate ${n}`);
  return { sha256: n.toString(16).padStart(64, '0'), sha1: n.toString(16).padStart(40, '0'), der };
}

function handshake(certs: CertBlob[]): Handshake {
  return {
    source: { file: 'a.pcap', frame: 4 }, ts: { sec: 1, nsec: 2 }, client: { ip: '10.0.0.1', port: 5000 }, server: { ip: '10.0.0.2', port: 443 },
    transport: 'tcp', protocol: 'tls', version: 0x0303, serverName: 'example.com',
    clientHello: { legacyVersion: 0x0303 } as Handshake['clientHello'],
    serverChain: { status: 'present', certs }, clientChain: { status: 'absent', certs: [] },
    certificateRequested: false, completed: true, resumed: false, anomalies: [], ja3: { value: 'j', raw: 'r' },
  };
}

/** What the trip makes of a value: a batch travels as JSON text. */
const cloned = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('handshakes on the wire between a capture worker and the main thread', () => {
  it('carries everything but the parsed hellos, and a certificate\'s DER only the first time', () => {
    const enc = new HandshakeEncoder();
    const dec = new HandshakeDecoder();
    const h = handshake([blob(1), blob(2)]);
    const first = enc.encode(h);
    expect(first.serverChain.certs.every((c) => c.der !== undefined)).toBe(true);
    expect('clientHello' in first).toBe(false);
    const again = enc.encode(handshake([blob(1), blob(2)]));
    expect(again.serverChain.certs.every((c) => c.der === undefined)).toBe(true);
    const a = dec.decode(cloned(first));
    const b = dec.decode(cloned(again));
    const { clientHello: _ignored, ...expected } = h;
    expect(a).toEqual(expected);
    expect(Buffer.isBuffer(a.serverChain.certs[0].der)).toBe(true);
    expect(b.serverChain.certs[0]).toBe(a.serverChain.certs[0]); // the receiver's remembered blob
  });

  it('both sides forget the same certificates, so one left out is always held', () => {
    const enc = new HandshakeEncoder();
    const dec = new HandshakeDecoder();
    for (let n = 0; n < MAX_CERTS_SENT + 10; n++) dec.decode(cloned(enc.encode(handshake([blob(n)]))));
    // the first ten were forgotten by both: sent again with their DER
    const oldest = enc.encode(handshake([blob(3)]));
    expect(oldest.serverChain.certs[0].der).toBeDefined();
    expect(dec.decode(cloned(oldest)).serverChain.certs[0].der?.toString()).toBe('certificate 3');
    const recent = enc.encode(handshake([blob(MAX_CERTS_SENT + 5)]));
    expect(recent.serverChain.certs[0].der).toBeUndefined();
    expect(dec.decode(cloned(recent)).serverChain.certs[0].der?.toString()).toBe(`certificate ${MAX_CERTS_SENT + 5}`);
  });
});
