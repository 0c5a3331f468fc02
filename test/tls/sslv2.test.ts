import {
  looksLikeSslv2ClientHello, looksLikeSslv2ServerHello, parseSslv2ClientHello, parseSslv2Record, parseSslv2ServerHello,
} from '../../src/tls/sslv2';
import { sslv2ClientHello, sslv2ServerHello } from '../helpers/tls-messages';

// draft-hickman-netscape-ssl-00 (SSL 2.0): 2-byte record header, CLIENT-HELLO (§A.4), SERVER-HELLO (§A.5);
// RFC 5246 Appendix E.2 for the SSLv2-compatible ClientHello carrying version 0x0301.
describe('SSLv2', () => {
  const cert = Buffer.from('30820001ff', 'hex');

  it('maps a CLIENT-HELLO onto ClientHello with 3-byte cipher specs as numbers', () => {
    const rec = sslv2ClientHello(0x0301, [0x010080, 0x0700c0, 0x000035]);
    const msg = parseSslv2Record(rec, 0);
    expect(msg.ok).toBe(true);
    if (!msg.ok) return;
    expect(msg.next).toBe(rec.length);
    const r = parseSslv2ClientHello(msg.value);
    expect(r).toMatchObject({ ok: true, value: { legacyVersion: 0x0301, recordVersion: 0x0002, sslv2: true, cipherSuites: [0x010080, 0x0700c0, 0x000035], extensions: [] } });
  });

  it('takes the server certificate and version 0x0002 from a SERVER-HELLO', () => {
    const msg = parseSslv2Record(sslv2ServerHello(cert, [0x0700c0, 0x010080]), 0);
    const r = msg.ok ? parseSslv2ServerHello(msg.value) : null;
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.value.certificate.equals(cert)).toBe(true);
    expect(r.value.hello).toMatchObject({ legacyVersion: 0x0002, cipherSuite: 0x0700c0, sslv2: true });
  });

  it('needs the whole record and rejects a header without the high bit', () => {
    const rec = sslv2ClientHello(0x0002, [0x010080]);
    expect(parseSslv2Record(rec.subarray(0, 1), 0)).toEqual({ ok: false, need: 1 });
    expect(parseSslv2Record(rec.subarray(0, 10), 0)).toEqual({ ok: false, need: rec.length - 10 });
    expect(parseSslv2Record(Buffer.from([0x16, 0x03, 0x01]), 0)).toMatchObject({ ok: false, error: 'bad-sslv2' });
  });

  it('rejects truncated messages without throwing', () => {
    const msg = sslv2ServerHello(cert, [0x010080]).subarray(2);
    for (let cut = 0; cut < msg.length; cut++) expect(parseSslv2ServerHello(msg.subarray(0, cut)).ok).toBe(false);
    const ch = sslv2ClientHello(0x0301, [0x010080]).subarray(2);
    for (let cut = 0; cut < ch.length; cut++) expect(parseSslv2ClientHello(ch.subarray(0, cut)).ok).toBe(false);
  });

  it('the start probes are strict: lengths must add up and the challenge be 16..32 bytes', () => {
    expect(looksLikeSslv2ClientHello(sslv2ClientHello(0x0301, [0x010080]), 0)).toBe(true);
    expect(looksLikeSslv2ClientHello(sslv2ClientHello(0x0301, [0x010080], Buffer.alloc(8)), 0)).toBe(false);
    const wrongLength = Buffer.from(sslv2ClientHello(0x0301, [0x010080]));
    wrongLength[1] += 1;
    expect(looksLikeSslv2ClientHello(wrongLength, 0)).toBe(false);
    expect(looksLikeSslv2ServerHello(sslv2ServerHello(cert, [0x010080]), 0)).toBe(true);
    expect(looksLikeSslv2ServerHello(sslv2ClientHello(0x0301, [0x010080]), 0)).toBe(false);
  });
});
