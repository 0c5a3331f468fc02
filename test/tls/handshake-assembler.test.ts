import { HandshakeAssembler } from '../../src/tls/handshake-assembler';
import { HS, certificateBody, clientHelloBody, makeCert, serverHelloBody } from '../helpers/tls-messages';
import { createHash } from 'node:crypto';

const A = { ip: '192.0.2.1', port: 5000 };
const B = { ip: '192.0.2.2', port: 4433 };

function assembler(): HandshakeAssembler {
  return new HandshakeAssembler({ source: { file: 'x', frame: 7 }, ts: { sec: 1, nsec: 2 }, transport: 'udp', endpoints: [A, B], keepDer: true });
}

// The assembler takes whole handshake messages with a direction only, as a DTLS front end will feed it.
describe('HandshakeAssembler', () => {
  const cert = makeCert('peer.example');

  it('takes roles from the hellos: the ServerHello sender is the server, whatever the direction numbers', () => {
    const asm = assembler();
    asm.handshakeMessage(1, HS.CLIENT_HELLO, clientHelloBody({ sni: 'rtc.example' }), 0xfeff);
    asm.handshakeMessage(0, HS.SERVER_HELLO, serverHelloBody({ version: 0xfefd }), 0xfeff);
    asm.handshakeMessage(0, HS.CERTIFICATE, certificateBody([cert]), 0xfeff);
    asm.handshakeMessage(1, HS.CERTIFICATE, certificateBody([cert]), 0xfeff);
    const h = asm.build('dtls');
    expect(h.client).toEqual(B);
    expect(h.server).toEqual(A);
    expect(h.transport).toBe('udp');
    expect(h.protocol).toBe('dtls');
    expect(h.source).toEqual({ file: 'x', frame: 7 });
    expect(h.version).toBe(0xfefd);
    const sha = createHash('sha256').update(cert).digest('hex');
    expect(h.serverChain.certs.map((c) => c.sha256)).toEqual([sha]);
    expect(h.clientChain.certs.map((c) => c.sha256)).toEqual([sha]);
    expect(asm.finished).toBe(false);
    asm.changeCipherSpec(1);
    asm.changeCipherSpec(0);
    expect(asm.finished).toBe(true);
    expect(asm.build('dtls').completed).toBe(true);
  });

  it('without a ServerHello, the side opposite the ClientHello is the server', () => {
    const asm = assembler();
    asm.handshakeMessage(0, HS.CLIENT_HELLO, clientHelloBody(), 0x0303);
    asm.handshakeMessage(1, HS.CERTIFICATE, certificateBody([cert]), 0x0303);
    const h = asm.build('tls');
    expect(h.server).toEqual(B);
    expect(h.serverChain.status).toBe('present');
    expect(h.version).toBeUndefined();
    expect(h.completed).toBe(false);
  });

  it('DTLS 1.3 (0xfefc) is reported encrypted, never guessed', () => {
    const asm = assembler();
    asm.handshakeMessage(0, HS.CLIENT_HELLO, clientHelloBody({ version: 0xfefd, supportedVersions: [0xfefc] }), 0xfefd);
    asm.handshakeMessage(1, HS.SERVER_HELLO, serverHelloBody({ version: 0xfefd, selectedVersion: 0xfefc, cipher: 0x1301 }), 0xfefd);
    expect(asm.finished).toBe(true);
    expect(asm.build('dtls').serverChain).toEqual({ status: 'encrypted', certs: [] });
  });

  it('a malformed Certificate is an anomaly, not a chain', () => {
    const asm = assembler();
    asm.handshakeMessage(0, HS.CLIENT_HELLO, clientHelloBody(), 0x0303);
    asm.handshakeMessage(1, HS.SERVER_HELLO, serverHelloBody(), 0x0303);
    asm.handshakeMessage(1, HS.CERTIFICATE, Buffer.from([0, 0]), 0x0303);
    const h = asm.build('tls');
    expect(h.anomalies).toEqual(['malformed-certificate']);
    expect(h.serverChain.status).toBe('absent');
  });
});
