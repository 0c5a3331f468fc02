/**
 * The store's records checked where they enter: an imported line before it is written, and a record read back
 * before a run uses it. A record that fails is named by what it lacks; a scan then treats it as absent (and
 * writes a whole one over it) instead of failing on it.
 */
import type { CertRecord, MarkRecord, PresenceRecord } from './types';

const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;
/** Epoch milliseconds a date can hold. */
const MAX_TIME_MS = 8.64e15;

type Check = (v: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isTime: Check = (v) => typeof v === 'number' && Math.abs(v) <= MAX_TIME_MS;
const isCount: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isStrings: Check = (v) => Array.isArray(v) && v.every(isString);
const optional = (check: Check): Check => (v) => v === undefined || check(v);

const PROVENANCE: ReadonlyArray<[string, Check]> = [
  ['inputs', optional(isStrings)],
  ['inputsMore', optional((v) => typeof v === 'boolean')],
  ['learned', optional((v) => typeof v === 'boolean')],
];

const CERT_FIELDS: ReadonlyArray<[string, Check]> = [
  ...PROVENANCE,
  ['sha256', (v) => typeof v === 'string' && HEX64.test(v)],
  ['sha1', (v) => typeof v === 'string' && HEX40.test(v)],
  ['spkiSha256', optional((v) => typeof v === 'string' && HEX64.test(v))],
  ['subject', isString],
  ['issuer', isString],
  ['notBefore', optional(isString)],
  ['notAfter', optional(isString)],
  ['firstSeen', isTime],
  ['lastSeen', isTime],
  ['sightings', isCount],
  ['servers', isStrings],
  ['serverTotal', isCount],
  ['serverNames', isStrings],
  ['serverNameTotal', isCount],
  ['roles', (v) => Array.isArray(v) && v.every((r) => r === 'server' || r === 'client')],
];

const PRESENCE_FIELDS: ReadonlyArray<[string, Check]> = [...PROVENANCE, ['firstSeen', isTime], ['lastSeen', isTime], ['count', isCount]];

const MARK_FIELDS: ReadonlyArray<[string, Check]> = [
  ['kind', (v) => v === 'trusted' || v === 'known-bad'],
  ['reason', isString],
  ['source', isString],
  ['time', isTime],
  ['subject', optional(isString)],
  ['caDer', optional(isString)],
];

function problem(v: unknown, fields: ReadonlyArray<[string, Check]>, what: string): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${what} is not a record`;
  const r = v as Record<string, unknown>;
  for (const [name, check] of fields) {
    if (!check(r[name])) return `${what} ${r[name] === undefined ? 'lacks' : 'has a bad'} ${name}`;
  }
  return undefined;
}

/** What makes a value no record of its kind (undefined: it is one). */
export type RecordCheck<T> = (v: unknown) => v is T;

function checker<T>(fields: ReadonlyArray<[string, Check]>, what: string): { problem: (v: unknown) => string | undefined; is: RecordCheck<T> } {
  return { problem: (v) => problem(v, fields, what), is: (v): v is T => problem(v, fields, what) === undefined };
}

export const certRecord = checker<CertRecord>(CERT_FIELDS, 'certificate record');
export const presenceRecord = checker<PresenceRecord>(PRESENCE_FIELDS, 'presence record');
export const markRecord = checker<MarkRecord>(MARK_FIELDS, 'mark');

export function isSha256(v: unknown): v is string {
  return typeof v === 'string' && HEX64.test(v);
}

/** A mark's id: a SHA-256, or `sha1:` and a SHA-1. */
export function isMarkId(v: unknown): v is string {
  return typeof v === 'string' && (HEX64.test(v) || (v.startsWith('sha1:') && HEX40.test(v.slice(5))));
}
