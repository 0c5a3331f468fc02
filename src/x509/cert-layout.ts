/**
 * Splits a DER certificate into the TLVs of its fields (RFC 5280 §4.1) without decoding them. Never throws: a
 * truncated or damaged certificate yields the fields that precede the damage and `complete: false`.
 */
import { childrenOf, childrenCoverContent, readTlv, TAG, type Tlv } from './der';

export interface CertLayout {
  readonly tbs?: Tlv;
  /** Outer signatureAlgorithm (AlgorithmIdentifier SEQUENCE). */
  readonly signatureAlgorithm?: Tlv;
  readonly signatureValue?: Tlv;
  /** X.509 version as printed (1, 2 or 3). */
  readonly version: number;
  readonly serial?: Tlv;
  readonly issuer?: Tlv;
  readonly notBefore?: Tlv;
  readonly notAfter?: Tlv;
  readonly subject?: Tlv;
  readonly spki?: Tlv;
  /** Each `Extension` SEQUENCE in certificate order. */
  readonly extensions: Tlv[];
  /** Every field was read and the DER holds nothing unreadable. */
  readonly complete: boolean;
}

const CONTEXT_0 = 0xa0;
const CONTEXT_3 = 0xa3;

/** Reads a SEQUENCE header even when its content is cut short, clipping its end to what is there. */
function readClipped(buf: Uint8Array, off: number, limit: number): { tlv: Tlv; clipped: boolean } | undefined {
  const whole = readTlv(buf, off, limit);
  if (whole) return { tlv: whole, clipped: false };
  const header = readTlv(buf, off, Number.MAX_SAFE_INTEGER);
  if (!header || header.tag !== TAG.SEQUENCE || header.contentStart > limit) return undefined;
  return { tlv: { ...header, end: limit }, clipped: true };
}

export function certLayout(der: Uint8Array): CertLayout {
  const empty: CertLayout = { version: 0, extensions: [], complete: false };
  const cert = readClipped(der, 0, der.length);
  if (!cert || cert.tlv.tag !== TAG.SEQUENCE) return empty;
  const tbsRead = readClipped(der, cert.tlv.contentStart, cert.tlv.end);
  if (!tbsRead || tbsRead.tlv.tag !== TAG.SEQUENCE) return empty;
  const tbs = tbsRead.tlv;

  const fields = childrenOf(der, tbs);
  let i = 0;
  let version = 1;
  if (fields[i]?.tag === CONTEXT_0) {
    const v = readTlv(der, fields[i].contentStart, fields[i].end);
    if (v && v.tag === TAG.INTEGER && v.end - v.contentStart === 1) version = der[v.contentStart] + 1;
    i++;
  }
  const take = (tag: number): Tlv | undefined => (fields[i]?.tag === tag ? fields[i++] : undefined);
  const serial = take(TAG.INTEGER);
  const tbsSignature = take(TAG.SEQUENCE);
  const issuer = take(TAG.SEQUENCE);
  const validity = take(TAG.SEQUENCE);
  const subject = take(TAG.SEQUENCE);
  const spki = take(TAG.SEQUENCE);
  let extensions: Tlv[] = [];
  let extensionsOk = true;
  while (i < fields.length) {
    const f = fields[i++];
    if (f.tag !== CONTEXT_3) continue; // [1]/[2] unique identifiers
    const list = readTlv(der, f.contentStart, f.end);
    if (!list || list.tag !== TAG.SEQUENCE) { extensionsOk = false; break; }
    extensions = childrenOf(der, list).filter((e) => e.tag === TAG.SEQUENCE);
    extensionsOk = childrenCoverContent(der, list, extensions);
  }
  const times = validity ? childrenOf(der, validity) : [];

  let signatureAlgorithm: Tlv | undefined;
  let signatureValue: Tlv | undefined;
  if (!tbsRead.clipped) {
    const outer = childrenOf(der, cert.tlv);
    signatureAlgorithm = outer[1]?.tag === TAG.SEQUENCE ? outer[1] : undefined;
    signatureValue = outer[2]?.tag === TAG.BIT_STRING ? outer[2] : undefined;
  }
  const complete = !cert.clipped && cert.tlv.end === der.length && !tbsRead.clipped && childrenCoverContent(der, tbs, fields)
    && !!(serial && tbsSignature && issuer && times.length === 2 && subject && spki && signatureAlgorithm && signatureValue)
    && extensionsOk;
  return {
    tbs, signatureAlgorithm, signatureValue, version, serial, issuer,
    notBefore: times[0], notAfter: times[1], subject, spki, extensions, complete,
  };
}
