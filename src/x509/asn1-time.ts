/** UTCTime and GeneralizedTime (RFC 5280 §4.1.2.5) to ISO 8601 UTC `YYYY-MM-DDTHH:MM:SSZ`. */
import { TAG, type Tlv } from './der';

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})?$/;
/** Longest time value worth looking at: a GeneralizedTime with fraction and offset is under 32 characters. */
const MAX_TIME_CHARS = 32;

/** ISO 8601 UTC string of a time TLV; `undefined` when it is not a readable time. */
export function asn1TimeToIso(buf: Uint8Array, tlv: Tlv | undefined): string | undefined {
  if (!tlv || tlv.end - tlv.contentStart > MAX_TIME_CHARS) return undefined;
  const text = Buffer.from(buf.buffer, buf.byteOffset + tlv.contentStart, tlv.end - tlv.contentStart).toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  if (tlv.tag === TAG.UTC_TIME && (m = UTC_TIME.exec(text))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 §4.1.2.5.1
  } else if (tlv.tag === TAG.GENERALIZED_TIME && (m = GENERALIZED_TIME.exec(text))) {
    year = Number(m[1]);
  } else {
    return undefined;
  }
  const [, , mo, d, h, mi, s, zone] = m;
  let ms = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi ?? '0'), Number(s ?? '0'));
  if (Number.isNaN(ms)) return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '+' ? 1 : -1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  const date = new Date(ms);
  if (year < 100) date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
