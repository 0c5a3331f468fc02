import type { TlsError } from './errors';

/**
 * Outcome of a parser: a value and the offset after it, more bytes needed (`need` more than available),
 * or malformed input (`at` is the offset of the damage).
 */
export type Parsed<T> =
  | { ok: true; value: T; next: number }
  | { ok: false; need: number }
  | { ok: false; error: TlsError; at: number };

export function parsedOk<T>(value: T, next: number): Parsed<T> {
  return { ok: true, value, next };
}

export function parsedNeed<T>(need: number): Parsed<T> {
  return { ok: false, need };
}

export function parsedError<T>(error: TlsError, at: number): Parsed<T> {
  return { ok: false, error, at };
}
