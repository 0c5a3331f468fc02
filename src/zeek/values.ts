/** Reading typed values out of a Zeek record, the same way for TSV (typed by `#types`) and JSON. */
import { isDateSafe, type Timestamp } from '../capture/types';
import type { ZeekValue } from './types';

const ESCAPES = /(?:\\x[0-9a-fA-F]{2})+/g;

/**
 * Undoes the ASCII writer's `\xNN` escapes (separators, non-printable and non-UTF-8 bytes). Like Zeek's own
 * reader (`util::get_unescaped_string`), any other backslash stays as it is. Bytes are decoded as UTF-8.
 */
export function unescapeZeek(s: string): string {
  if (s.indexOf('\\x') === -1) return s;
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of s.matchAll(ESCAPES)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(Buffer.from(s.slice(last, at), 'utf8'));
    parts.push(Buffer.from(m[0].replace(/\\x/g, ''), 'hex'));
    last = at + m[0].length;
  }
  if (last === 0) return s;
  if (last < s.length) parts.push(Buffer.from(s.slice(last), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}

export function asString(v: ZeekValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A non-empty string, else undefined (Zeek's `(empty)` and JA4's `&default=""` mean "nothing"). */
export function asText(v: ZeekValue | undefined): string | undefined {
  const s = asString(v);
  return s === undefined || s === '' ? undefined : s;
}

export function asNumber(v: ZeekValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function asBool(v: ZeekValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'T' || v === 'true' || v === 1) return true;
  if (v === 'F' || v === 'false' || v === 0) return false;
  return undefined;
}

/** A vector/set as strings; a lone string (an untyped TSV column) is split on commas. */
export function asStrings(v: ZeekValue | undefined): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const e of v) {
      const s = asString(e);
      if (s !== undefined && s !== '') out.push(s);
    }
    return out;
  }
  const s = asString(v);
  return s ? s.split(',') : [];
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
/** Epoch values above this are milliseconds (`JSON::TS_MILLIS`): year 5138 in seconds. */
const MILLIS_THRESHOLD = 1e11;

/**
 * A Zeek `time` as seconds + nanoseconds: epoch seconds (TSV text or JSON number, µs precision), ISO 8601
 * (`LogAscii::json_timestamps = JSON::TS_ISO8601`) or epoch milliseconds (`JSON::TS_MILLIS`).
 * `undefined` when it is no time (btest's masked `XXXXXXXXXX.XXXXXX`).
 */
export function asTimestamp(v: ZeekValue | undefined): Timestamp | undefined {
  const ts = parseTimestamp(v);
  // A time no date can hold (a `ts` of 1e17) is no time either.
  return ts && isDateSafe(ts.sec) ? ts : undefined;
}

function parseTimestamp(v: ZeekValue | undefined): Timestamp | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? fromEpochNumber(v) : undefined;
  if (typeof v !== 'string' || v === '') return undefined;
  const c = v.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
    const iso = ISO_TIME.exec(v);
    if (iso) return fromIso(iso);
    return fromEpochText(v);
  }
  return undefined;
}

function fromEpochNumber(x: number): Timestamp {
  const seconds = Math.abs(x) >= MILLIS_THRESHOLD ? x / 1000 : x;
  let sec = Math.floor(seconds);
  let usec = Math.round((seconds - sec) * 1e6);
  if (usec >= 1e6) {
    sec += 1;
    usec -= 1e6;
  }
  return { sec, nsec: usec * 1000 };
}

/** Exact text parse of `1509544136.123456` (no float rounding). */
function fromEpochText(v: string): Timestamp | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(v)) return undefined;
  const dot = v.indexOf('.');
  if (v[0] === '-' || dot === -1) {
    return fromEpochNumber(Number(v));
  }
  const sec = Number(v.slice(0, dot));
  if (Math.abs(sec) >= MILLIS_THRESHOLD) return fromEpochNumber(Number(v));
  const nsec = Number(v.slice(dot + 1, dot + 10).padEnd(9, '0'));
  return { sec, nsec };
}

function fromIso(m: RegExpExecArray): Timestamp | undefined {
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (!Number.isFinite(ms)) return undefined;
  let sec = Math.floor(ms / 1000);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    sec -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60);
  }
  const nsec = m[7] ? Number(m[7].padEnd(9, '0')) : 0;
  return { sec, nsec };
}

/** ISO 8601 UTC to the second, as CertFacts and `openssl -dateopt iso_8601` write validity. */
export function isoSeconds(ts: Timestamp): string | undefined {
  const d = new Date(ts.sec * 1000);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
