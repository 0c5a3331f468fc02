import { parseCertificateList } from '../../src/tls/certificate';
import { certificateBody, u24, vec } from '../helpers/tls-messages';

const a = Buffer.from('3003020101', 'hex');
const b = Buffer.from('300602010202010a', 'hex');

// RFC 5246 §7.4.2 and RFC 8446 §4.4.2.
describe('parseCertificateList', () => {
  it('returns the certificates in order as views (TLS 1.2)', () => {
    const body = certificateBody([a, b]);
    const r = parseCertificateList(body, false);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.certs.map((c) => c.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
    expect(r.value.certs[0].buffer).toBe(body.buffer);
    expect(r.value.truncated).toBe(false);
  });

  it('reads TLS 1.3 entries with a request context and per-entry extensions', () => {
    const entry = (d: Buffer, ext: Buffer) => Buffer.concat([vec(3, d), vec(2, ext)]);
    const body = Buffer.concat([vec(1, Buffer.from([7, 7])), vec(3, entry(a, Buffer.from([0, 5, 0, 0])), entry(b, Buffer.alloc(0)))]);
    const r = parseCertificateList(body, true);
    expect(r.ok && r.value.context?.toString('hex')).toBe('0707');
    expect(r.ok && r.value.certs.map((c) => c.length)).toEqual([a.length, b.length]);
  });

  it('an empty list is no certificate (a client declining a CertificateRequest)', () => {
    expect(parseCertificateList(u24(0), false)).toMatchObject({ ok: true, value: { certs: [], truncated: false } });
  });

  it('keeps the complete entries before damage and flags the list as truncated', () => {
    const body = certificateBody([a, b]);
    const r = parseCertificateList(body.subarray(0, body.length - 2), false);
    expect(r).toMatchObject({ ok: true, value: { truncated: true } });
    expect(r.ok && r.value.certs.map((c) => c.toString('hex'))).toEqual([a.toString('hex')]);
  });

  it('rejects a zero-length certificate and a body too short for the list length', () => {
    expect(parseCertificateList(vec(3, u24(0)), false)).toMatchObject({ ok: false, error: 'bad-length' });
    expect(parseCertificateList(Buffer.from([0, 1]), false)).toMatchObject({ ok: false, error: 'truncated' });
  });
});
