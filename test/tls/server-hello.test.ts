import { parseServerHello } from '../../src/tls/server-hello';
import { extension, serverHelloBody, u16, vec } from '../helpers/tls-messages';

// RFC 8446 §4.1.3 ServerHello and HelloRetryRequest; §4.2.1 supported_versions (server form); RFC 7301 §3.1.
describe('parseServerHello', () => {
  it('decodes a TLS 1.2 ServerHello with ALPN', () => {
    const r = parseServerHello(serverHelloBody({ cipher: 0xc030, alpn: 'http/1.1' }), 0x0303);
    expect(r).toMatchObject({ ok: true, value: { legacyVersion: 0x0303, cipherSuite: 0xc030, compressionMethod: 0, alpn: 'http/1.1', helloRetryRequest: false } });
    expect(r.ok && r.value.selectedVersion).toBeUndefined();
  });

  it('takes the TLS 1.3 version from supported_versions and recognises the HelloRetryRequest random', () => {
    const sh = parseServerHello(serverHelloBody({ cipher: 0x1301, selectedVersion: 0x0304 }), 0x0303);
    expect(sh).toMatchObject({ ok: true, value: { legacyVersion: 0x0303, selectedVersion: 0x0304, helloRetryRequest: false } });
    const hrr = parseServerHello(serverHelloBody({ cipher: 0x1301, selectedVersion: 0x0304, hrr: true }), 0x0303);
    expect(hrr).toMatchObject({ ok: true, value: { helloRetryRequest: true } });
  });

  it('reads the pre-draft-22 layout (version 0x7fNN, no session id or compression)', () => {
    // draft-ietf-tls-tls13-18 §4.1.3: ProtocolVersion version; Random random; CipherSuite cipher_suite; extensions.
    const body = Buffer.concat([u16(0x7f12), Buffer.alloc(32, 9), u16(0x1303), vec(2, extension(40, Buffer.alloc(4)))]);
    expect(parseServerHello(body, 0x0301)).toMatchObject({ ok: true, value: { selectedVersion: 0x7f12, cipherSuite: 0x1303, extensions: [{ type: 40 }] } });
  });

  it('rejects a cut hello and a supported_versions extension of the client form', () => {
    const body = serverHelloBody();
    for (let cut = 0; cut < 2 + 32 + 33 + 3; cut++) expect(parseServerHello(body.subarray(0, cut), 0x0303).ok).toBe(false);
    const bad = Buffer.concat([serverHelloBody({ noExtensions: true }), vec(2, extension(43, Buffer.from([2, 3, 4])))]);
    expect(parseServerHello(bad, 0x0303)).toMatchObject({ ok: false, error: 'bad-length' });
  });
});
