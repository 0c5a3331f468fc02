import { DTLS_VERSION, MAX_RECORD_LENGTH } from './consts';
import { parsedError, parsedNeed, parsedOk, type Parsed } from './parsed';

/**
 * RFC 6347 §4.1 DTLSPlaintext (also RFC 9147 §4 for DTLS 1.3's plaintext records):
 * type(1) version(2) epoch(2) sequence_number(6) length(2), then the fragment (a view into the datagram).
 */
export interface DtlsRecord {
  contentType: number;
  version: number;
  /** 0 while the handshake is in the clear; higher epochs are encrypted. */
  epoch: number;
  /** 48-bit record sequence number (exact in a double). */
  sequence: number;
  fragment: Buffer;
}

/**
 * RFC 6347 §4.2.2 handshake header: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3).
 * `body` is this fragment's bytes (a view).
 */
export interface DtlsFragment {
  msgType: number;
  /** Length of the whole message. */
  length: number;
  messageSeq: number;
  fragmentOffset: number;
  fragmentLength: number;
  body: Buffer;
}

export const DTLS_RECORD_HEADER_LENGTH = 13;
export const DTLS_HANDSHAKE_HEADER_LENGTH = 12;

/** Content types a DTLS record may carry: TLS's 20..24, RFC 9146 tls12_cid (25), RFC 9147 ACK (26). */
const MIN_CONTENT_TYPE = 20;
const MAX_CONTENT_TYPE = 26;

/** Record-layer versions of DTLS 1.0, 1.2 (also DTLS 1.3's legacy_record_version) and OpenSSL's 0x0100. */
export function isDtlsRecordVersion(v: number): boolean {
  return v === DTLS_VERSION.V1_0 || v === DTLS_VERSION.V1_2 || v === DTLS_VERSION.OPENSSL_PRE;
}

/** RFC 9147 §4: a DTLS 1.3 DTLSCiphertext unified header starts 0b001xxxxx; its length may be implicit. */
export function isDtlsCiphertextHeader(firstByte: number): boolean {
  return (firstByte & 0xe0) === 0x20;
}

/**
 * RFC 7983 §7: on a port shared with STUN, TURN and RTP, a first byte of 20..63 is DTLS. True when the
 * datagram also starts with a well-formed DTLS record header, or a DTLS 1.3 unified header.
 */
export function looksLikeDtls(datagram: Buffer): boolean {
  if (datagram.length === 0) return false;
  const b = datagram[0];
  if (b < MIN_CONTENT_TYPE || b > 63) return false;
  if (isDtlsCiphertextHeader(b)) return true;
  if (b > MAX_CONTENT_TYPE || datagram.length < DTLS_RECORD_HEADER_LENGTH) return false;
  return isDtlsRecordVersion(datagram.readUInt16BE(1));
}

/** One DTLS record at `off`. A record never spans datagrams: `need` means the datagram is truncated. */
export function parseDtlsRecord(buf: Buffer, off: number): Parsed<DtlsRecord> {
  const avail = buf.length - off;
  if (avail < DTLS_RECORD_HEADER_LENGTH) return parsedNeed(DTLS_RECORD_HEADER_LENGTH - avail);
  const contentType = buf[off];
  if (contentType < MIN_CONTENT_TYPE || contentType > MAX_CONTENT_TYPE) return parsedError('bad-content-type', off);
  const version = buf.readUInt16BE(off + 1);
  if (!isDtlsRecordVersion(version)) return parsedError('bad-version', off + 1);
  const length = buf.readUInt16BE(off + 11);
  if (length > MAX_RECORD_LENGTH) return parsedError('record-overflow', off + 11);
  const end = off + DTLS_RECORD_HEADER_LENGTH + length;
  if (end > buf.length) return parsedNeed(end - buf.length);
  return parsedOk({
    contentType,
    version,
    epoch: buf.readUInt16BE(off + 3),
    sequence: buf.readUIntBE(off + 5, 6),
    fragment: buf.subarray(off + DTLS_RECORD_HEADER_LENGTH, end),
  }, end);
}

/** One handshake fragment at `off` of a record's fragment; the fragment must lie within the record. */
export function parseDtlsFragment(buf: Buffer, off: number): Parsed<DtlsFragment> {
  const avail = buf.length - off;
  if (avail < DTLS_HANDSHAKE_HEADER_LENGTH) return parsedError('truncated', off);
  const fragmentLength = buf.readUIntBE(off + 9, 3);
  const end = off + DTLS_HANDSHAKE_HEADER_LENGTH + fragmentLength;
  if (end > buf.length) return parsedError('bad-length', off + 9);
  return parsedOk({
    msgType: buf[off],
    length: buf.readUIntBE(off + 1, 3),
    messageSeq: buf.readUInt16BE(off + 4),
    fragmentOffset: buf.readUIntBE(off + 6, 3),
    fragmentLength,
    body: buf.subarray(off + DTLS_HANDSHAKE_HEADER_LENGTH, end),
  }, end);
}
