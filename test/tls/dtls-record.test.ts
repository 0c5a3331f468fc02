/**
 * DTLS record and handshake-fragment headers: RFC 6347 §4.1 (type, version, epoch, 48-bit sequence_number,
 * length) and §4.2.2 (msg_type, length, message_seq, fragment_offset, fragment_length); RFC 9147 §4 unified
 * header (0b001xxxxx); RFC 7983 §7 first-byte demultiplexing (20..63 DTLS, 0..3 STUN, 128..191 RTP).
 */
import { looksLikeDtls, parseDtlsFragment, parseDtlsRecord } from '../../src/tls/dtls-record';
import { dtlsFragment, dtlsRecord } from '../helpers/dtls-messages';

describe('parseDtlsRecord', () => {
  it('reads every header field, the 48-bit sequence number exactly, and leaves the next record', () => {
    const a = dtlsRecord(22, 0xfefd, 0x0102, 0xf1e2d3c4b5a6, Buffer.from('abc'));
    const buf = Buffer.concat([a, dtlsRecord(20, 0xfefd, 0, 7, Buffer.from([1]))]);
    const res = parseDtlsRecord(buf, 0);
    expect(res.ok && { ...res.value, fragment: res.value.fragment.toString() }).toEqual({
      contentType: 22, version: 0xfefd, epoch: 0x0102, sequence: 0xf1e2d3c4b5a6, fragment: 'abc',
    });
    expect(res.ok && res.next).toBe(a.length);
    const second = parseDtlsRecord(buf, a.length);
    expect(second.ok && [second.value.contentType, second.value.sequence, second.next]).toEqual([20, 7, buf.length]);
  });

  it('accepts DTLS 1.0, 1.2 and OpenSSL DTLS1_BAD_VER (0x0100) record versions, not TLS ones', () => {
    for (const v of [0xfeff, 0xfefd, 0x0100]) expect(parseDtlsRecord(dtlsRecord(22, v, 0, 0, Buffer.alloc(1)), 0).ok).toBe(true);
    expect(parseDtlsRecord(dtlsRecord(22, 0x0303, 0, 0, Buffer.alloc(1)), 0)).toEqual({ ok: false, error: 'bad-version', at: 1 });
  });

  it('says how many bytes a truncated record lacks, and rejects unknown content types', () => {
    const rec = dtlsRecord(22, 0xfefd, 0, 0, Buffer.alloc(100));
    expect(parseDtlsRecord(rec.subarray(0, 50), 0)).toEqual({ ok: false, need: 63 });
    expect(parseDtlsRecord(rec.subarray(0, 5), 0)).toEqual({ ok: false, need: 8 });
    expect(parseDtlsRecord(dtlsRecord(19, 0xfefd, 0, 0, Buffer.alloc(1)), 0)).toEqual({ ok: false, error: 'bad-content-type', at: 0 });
  });
});

describe('parseDtlsFragment', () => {
  it('reads the 12-byte handshake header and bounds the body by fragment_length', () => {
    const body = Buffer.from('0123456789');
    const f = dtlsFragment(11, 3, body, 4, 5);
    const res = parseDtlsFragment(Buffer.concat([f, Buffer.from('zz')]), 0);
    expect(res.ok && { ...res.value, body: res.value.body.toString() }).toEqual({
      msgType: 11, length: 10, messageSeq: 3, fragmentOffset: 4, fragmentLength: 5, body: '45678',
    });
    expect(res.ok && res.next).toBe(f.length);
  });

  it('refuses a fragment longer than its record and a header cut short', () => {
    const f = dtlsFragment(11, 0, Buffer.alloc(10));
    expect(parseDtlsFragment(f.subarray(0, 15), 0)).toEqual({ ok: false, error: 'bad-length', at: 9 });
    expect(parseDtlsFragment(f.subarray(0, 11), 0)).toEqual({ ok: false, error: 'truncated', at: 0 });
  });
});

describe('looksLikeDtls (RFC 7983)', () => {
  it('takes DTLS records and DTLS 1.3 unified headers, not STUN, RTP or a TLS record', () => {
    expect(looksLikeDtls(dtlsRecord(22, 0xfefd, 0, 0, Buffer.alloc(4)))).toBe(true);
    expect(looksLikeDtls(Buffer.from([0x2f, 0, 0, 0, 0]))).toBe(true); // 0b00101111: unified header
    expect(looksLikeDtls(Buffer.from('000100002112a442000000000000000000000000', 'hex'))).toBe(false); // STUN
    expect(looksLikeDtls(Buffer.concat([Buffer.from([0x80, 0x60]), Buffer.alloc(20)]))).toBe(false); // RTP
    expect(looksLikeDtls(Buffer.from('16030100200100001c0303', 'hex'))).toBe(false); // TLS record header
    expect(looksLikeDtls(Buffer.alloc(0))).toBe(false);
  });
});
