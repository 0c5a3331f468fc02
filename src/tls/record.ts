import { CONTENT_TYPE, MAX_RECORD_LENGTH } from './consts';
import { parsedError, parsedNeed, parsedOk, type Parsed } from './parsed';

/** RFC 5246 §6.2.1 TLSPlaintext: one record; `fragment` is a view into the input. */
export interface TlsRecord {
  contentType: number;
  /** Record-layer `legacy_record_version`. */
  version: number;
  fragment: Buffer;
}

export const RECORD_HEADER_LENGTH = 5;

/** SSL 3.0 to TLS 1.3 record versions (TLS 1.3 still writes 0x0301/0x0303 here). */
export function isRecordVersion(v: number): boolean {
  return v >= 0x0300 && v <= 0x0304;
}

/** One TLS record at `off`. A record split across segments yields `need`. */
export function parseRecord(buf: Buffer, off: number): Parsed<TlsRecord> {
  const avail = buf.length - off;
  if (avail < RECORD_HEADER_LENGTH) return parsedNeed(RECORD_HEADER_LENGTH - avail);
  const contentType = buf[off];
  if (contentType < CONTENT_TYPE.CHANGE_CIPHER_SPEC || contentType > CONTENT_TYPE.HEARTBEAT) {
    return parsedError('bad-content-type', off);
  }
  const version = (buf[off + 1] << 8) | buf[off + 2];
  if (!isRecordVersion(version)) return parsedError('bad-version', off + 1);
  const length = (buf[off + 3] << 8) | buf[off + 4];
  if (length > MAX_RECORD_LENGTH) return parsedError('record-overflow', off + 3);
  const end = off + RECORD_HEADER_LENGTH + length;
  if (end > buf.length) return parsedNeed(end - buf.length);
  return parsedOk({ contentType, version, fragment: buf.subarray(off + RECORD_HEADER_LENGTH, end) }, end);
}

/** Looks for a plausible record header after a gap: known type, the direction's record version, sane length. */
export function findRecordHeader(buf: Buffer, version: number): { at: number } | { keepFrom: number } {
  for (let p = 0; p < buf.length; p++) {
    const type = buf[p];
    if (type < CONTENT_TYPE.CHANGE_CIPHER_SPEC || type > CONTENT_TYPE.HANDSHAKE) continue;
    if (buf.length - p < RECORD_HEADER_LENGTH + 1) return { keepFrom: p };
    const v = buf.readUInt16BE(p + 1);
    if (version !== 0 ? v !== version : !isRecordVersion(v)) continue;
    const length = buf.readUInt16BE(p + 3);
    if (length === 0 || length > MAX_RECORD_LENGTH) continue;
    const first = buf[p + 5];
    if (type === CONTENT_TYPE.CHANGE_CIPHER_SPEC && (length !== 1 || first !== 1)) continue;
    if (type === CONTENT_TYPE.ALERT && (length !== 2 || (first !== 1 && first !== 2))) continue;
    if (type === CONTENT_TYPE.HANDSHAKE && (first === 0 || first > 24)) continue;
    return { at: p };
  }
  return { keepFrom: buf.length };
}
