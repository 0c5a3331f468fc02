import { findRecordHeader, parseRecord } from '../../src/tls/record';
import { CT, record } from '../helpers/tls-messages';

// RFC 5246 §6.2.1 (TLSPlaintext) and §6.2.3 (2^14 + 2048 limit).
describe('parseRecord', () => {
  it('returns type, version and a view of the fragment, and the offset after it', () => {
    const buf = Buffer.concat([Buffer.from([0xaa]), record(CT.HANDSHAKE, 0x0301, Buffer.from([1, 2, 3])), Buffer.from([0xbb])]);
    const r = parseRecord(buf, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.contentType).toBe(22);
    expect(r.value.version).toBe(0x0301);
    expect([...r.value.fragment]).toEqual([1, 2, 3]);
    expect(r.value.fragment.buffer).toBe(buf.buffer); // a view, not a copy
    expect(r.next).toBe(9);
  });

  it('asks for exactly the missing bytes of a cut header or body', () => {
    const rec = record(CT.HANDSHAKE, 0x0303, Buffer.alloc(100));
    for (let cut = 0; cut < rec.length; cut++) {
      const r = parseRecord(rec.subarray(0, cut), 0);
      expect(r).toEqual({ ok: false, need: cut < 5 ? 5 - cut : rec.length - cut });
    }
  });

  it('rejects unknown content types, non-SSL3/TLS versions and oversized records', () => {
    expect(parseRecord(record(19, 0x0303, Buffer.alloc(1)), 0)).toEqual({ ok: false, error: 'bad-content-type', at: 0 });
    expect(parseRecord(record(25, 0x0303, Buffer.alloc(1)), 0)).toEqual({ ok: false, error: 'bad-content-type', at: 0 });
    expect(parseRecord(record(CT.HANDSHAKE, 0x0200, Buffer.alloc(1)), 0)).toEqual({ ok: false, error: 'bad-version', at: 1 });
    expect(parseRecord(record(CT.HANDSHAKE, 0x0305, Buffer.alloc(1)), 0)).toEqual({ ok: false, error: 'bad-version', at: 1 });
    const header = Buffer.from([22, 3, 3, 0, 0]);
    header.writeUInt16BE(16384 + 2048 + 1, 3);
    expect(parseRecord(header, 0)).toEqual({ ok: false, error: 'record-overflow', at: 3 });
    header.writeUInt16BE(16384 + 2048, 3);
    expect(parseRecord(header, 0)).toEqual({ ok: false, need: 16384 + 2048 });
  });
});

describe('findRecordHeader (resync after a gap)', () => {
  it('skips bytes until a header of the direction version with a plausible first byte', () => {
    const good = record(CT.HANDSHAKE, 0x0303, Buffer.from([11, 0, 0, 3, 0, 0, 0]));
    const junk = Buffer.concat([
      record(CT.HANDSHAKE, 0x0301, Buffer.from([11])), // other version
      record(CT.CCS, 0x0303, Buffer.from([2])), // CCS must carry 1
      Buffer.from([0x16, 0x03, 0x03, 0x00, 0x00]), // zero length
    ]);
    expect(findRecordHeader(Buffer.concat([junk, good]), 0x0303)).toEqual({ at: junk.length });
    expect(findRecordHeader(good.subarray(0, 4), 0x0303)).toEqual({ keepFrom: 0 });
  });
});
