/**
 * A character-bigram model of how names read: the mean log2 probability of each letter given the one before, trained
 * on an English word list (`baselines/reference/name-model.json`, built and calibrated by `bench/name-model.ts`).
 * Random letters (`ucbigdz`, `wuijqkdkp`) score far below words and names; generated word salads (`Ieemsinoth
 * Ofedasdo Corp.`) score in between, so the families' templates (`name-families.json`) ask only for "unusual".
 * Scoring is a table walk: no allocation beyond the token itself.
 */
import type { ToolMatch } from './reference-types';

export interface NameModel {
  /** log2 P(letter | previous), 27 × 27: index 0 is the word boundary, 1–26 are `a`–`z`. */
  readonly logProb: Float64Array;
  /** Tokens shorter than this are not judged (`www`, `api`, `corp`). */
  readonly minTokenLength: number;
  /** Mean log-probability below which a token reads as random letters. */
  readonly randomBelow: number;
  /** Below this a token is no common word or name (generated pseudo-words sit here). */
  readonly unusualBelow: number;
}

/** A family of generated names (banking trojans' word salads), as published, with the fields it fills. */
export interface NameFamily {
  readonly id: string;
  readonly family: string;
  readonly description: string;
  /** Structure of the DN and certificate (the tool matcher's conditions). */
  readonly match: ToolMatch;
  /** Attribute types whose words the model must find unusual, and how many such words at least. */
  readonly unusualIn: readonly string[];
  readonly minUnusual: number;
  readonly sources: ReadonlyArray<{ readonly repo?: string; readonly path?: string; readonly commit?: string; readonly note?: string }>;
}

const ALPHABET = 27;

function letterIndex(code: number): number {
  if (code >= 97 && code <= 122) return code - 96;
  if (code >= 65 && code <= 90) return code - 64;
  return -1;
}

/** Mean log2 probability per transition of a letters-only token (boundaries included); NaN for other tokens. */
export function tokenScore(model: NameModel, token: string): number {
  let prev = 0;
  let sum = 0;
  for (let i = 0; i < token.length; i++) {
    const cur = letterIndex(token.charCodeAt(i));
    if (cur < 0) return NaN;
    sum += model.logProb[prev * ALPHABET + cur];
    prev = cur;
  }
  sum += model.logProb[prev * ALPHABET];
  return sum / (token.length + 1);
}

/** The letter runs of a value long enough to judge (`Ofedasdo Corp.` → `Ofedasdo`). */
export function judgedTokens(model: NameModel, value: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const isLetter = i < value.length && letterIndex(value.charCodeAt(i)) >= 0;
    if (isLetter && start < 0) start = i;
    else if (!isLetter && start >= 0) {
      if (i - start >= model.minTokenLength) out.push(value.slice(start, i));
      start = -1;
    }
  }
  return out;
}

export function isRandomToken(model: NameModel, token: string): boolean {
  return tokenScore(model, token) < model.randomBelow;
}

/** Shortest label the letter-and-digit heuristics judge: short labels (`www`, `api`) are too often vowel-less. */
const MIN_LABEL = 8;
/** Six consonants in a row do not occur in English words (five do: "strengths"). */
const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{6,}/;

/**
 * Letters and digits shuffled together (`k3j9x0q2ab`, Metasploit's `41tw6z`-style labels), or a long label with no
 * vowel or a consonant run no word has: what the bigram model cannot see because digits split its tokens.
 */
export function looksShuffled(label: string): boolean {
  const word = label.toLowerCase();
  if (word.length < MIN_LABEL || !/^[a-z0-9]+$/.test(word)) return false;
  const letters = word.replace(/[0-9]/g, '');
  if (letters.length < MIN_LABEL / 2) return false;
  if (!/[aeiouy]/.test(letters) || CONSONANT_RUN.test(letters)) return true;
  const digits = word.length - letters.length;
  const switches = (word.match(/[a-z][0-9]|[0-9][a-z]/g) ?? []).length;
  return digits >= 3 && switches >= 4;
}

/** The first part of a name that reads as random (a token the model rejects, or a shuffled label), if any. */
export function randomPart(model: NameModel, value: string): string | undefined {
  for (const token of judgedTokens(model, value)) if (isRandomToken(model, token)) return token;
  for (const label of value.split(/[.\s_-]+/)) if (looksShuffled(label)) return label;
  return undefined;
}

export function isUnusualToken(model: NameModel, token: string): boolean {
  return tokenScore(model, token) < model.unusualBelow;
}

export class NameModelError extends Error {}

/** Checks and loads `name-model.json`. */
export function parseNameModel(json: unknown): NameModel {
  const raw = json as { logProb?: unknown; minTokenLength?: unknown; randomBelow?: unknown; unusualBelow?: unknown };
  const rows = raw?.logProb;
  if (!Array.isArray(rows) || rows.length !== ALPHABET || rows.some((r) => !Array.isArray(r) || r.length !== ALPHABET)) {
    throw new NameModelError('name-model.json logProb: must be 27 rows of 27 numbers');
  }
  const logProb = new Float64Array(ALPHABET * ALPHABET);
  rows.forEach((row: unknown[], i) => row.forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v > 0) throw new NameModelError(`name-model.json logProb[${i}][${j}]: must be a log probability`);
    logProb[i * ALPHABET + j] = v;
  }));
  const num = (v: unknown, key: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new NameModelError(`name-model.json ${key}: must be a number`);
    return v;
  };
  return { logProb, minTokenLength: num(raw.minTokenLength, 'minTokenLength'), randomBelow: num(raw.randomBelow, 'randomBelow'), unusualBelow: num(raw.unusualBelow, 'unusualBelow') };
}
