import { parseClientHello } from '../../src/tls/client-hello';
import { clientHelloBody, extension, u16, vec } from '../helpers/tls-messages';

// RFC 8446 §4.1.2 ClientHello; extensions per RFC 6066 §3 (SNI), RFC 7301 (ALPN), RFC 8446 §4.2.1/§4.2.3/§4.2.7,
// RFC 8422 §5.1.2 (ec_point_formats); GREASE per RFC 8701.
describe('parseClientHello', () => {
  const spec = {
    version: 0x0303, ciphers: [0x1a1a, 0x1301, 0xc02b, 0x00ff], sni: 'www.example.org', alpn: ['h2', 'http/1.1'],
    supportedVersions: [0x3a3a, 0x0304, 0x0303], groups: [0x001d, 0x0017], pointFormats: [0], sigAlgs: [0x0403, 0x0804],
    extra: [extension(0xfafa, Buffer.alloc(0)), extension(0x0017, Buffer.alloc(0))],
  };

  it('decodes version, suites (GREASE kept), compression and every decoded extension, in order', () => {
    const r = parseClientHello(clientHelloBody(spec), 0x0301);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = r.value;
    expect(h.legacyVersion).toBe(0x0303);
    expect(h.recordVersion).toBe(0x0301);
    expect(h.cipherSuites).toEqual([0x1a1a, 0x1301, 0xc02b, 0x00ff]);
    expect(h.compressionMethods).toEqual([0]);
    expect(h.extensions.map((e) => e.type)).toEqual([0, 10, 11, 13, 16, 43, 0xfafa, 0x0017]);
    expect(h.serverName).toBe('www.example.org');
    expect(h.alpn).toEqual(['h2', 'http/1.1']);
    expect(h.supportedVersions).toEqual([0x3a3a, 0x0304, 0x0303]);
    expect(h.supportedGroups).toEqual([0x001d, 0x0017]);
    expect(h.ecPointFormats).toEqual([0]);
    expect(h.signatureAlgorithms).toEqual([0x0403, 0x0804]);
    expect(h.sslv2).toBe(false);
  });

  it('copies extension bodies out of the input', () => {
    const body = clientHelloBody({ sni: 'copy.example' });
    const r = parseClientHello(body, 0x0303);
    body.fill(0);
    expect(r.ok && r.value.extensions[0].data.toString('latin1')).toContain('copy.example');
  });

  it('accepts a hello without an extension block (SSL 3.0 style)', () => {
    const r = parseClientHello(clientHelloBody({ version: 0x0300, noExtensions: true }), 0x0300);
    expect(r.ok && r.value.extensions).toEqual([]);
  });

  it('never throws on a cut hello; only a cut right after the compression methods is still a hello', () => {
    const body = clientHelloBody(spec);
    const afterCompression = 2 + 32 + 33 + 2 + 8 + 2;
    for (let cut = 0; cut < body.length; cut++) {
      const r = parseClientHello(body.subarray(0, cut), 0x0303);
      expect(r.ok).toBe(cut === afterCompression);
    }
  });

  it('rejects an extension whose length runs past the block, an odd suite list, and a broken SNI list', () => {
    const pastEnd = clientHelloBody({ extra: [Buffer.from([0x00, 0x10, 0x40, 0x00])] });
    expect(parseClientHello(pastEnd, 0x0303)).toMatchObject({ ok: false, error: 'bad-length' });
    const odd = Buffer.concat([u16(0x0303), Buffer.alloc(32), vec(1), vec(2, Buffer.from([0x13, 0x01, 0x13])), vec(1, Buffer.from([0]))]);
    expect(parseClientHello(odd, 0x0303)).toMatchObject({ ok: false, error: 'bad-length' });
    const badSni = clientHelloBody({ extra: [extension(0, Buffer.from([0x00, 0x09, 0x00, 0x00, 0x05, 0x61]))] });
    expect(parseClientHello(badSni, 0x0303)).toMatchObject({ ok: false, error: 'bad-length' });
  });
});
