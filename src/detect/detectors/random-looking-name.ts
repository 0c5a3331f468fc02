/**
 * A host-name label or CN that reads as random letters (Metasploit's `Rex::Text.rand_hostname`, generated Sliver
 * subjects): few vowels or long consonant runs. Only outside trusted chains, where CDN hash names are common.
 */
import { isLeaf, isTrusted, shortList } from '../cert-helpers';
import { parseIp } from '../cidr';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

/** Shortest label judged: short labels (`www`, `api`) are too often vowel-less. */
const MIN_LABEL = 8;
/** English text runs about 38 % vowels; uniformly random letters about 19 % (5 of 26 plus y). */
const MAX_VOWEL_RATIO = 0.2;
/** Letters needed before a low vowel ratio counts. */
const RATIO_MIN_LETTERS = 10;
/** Six consonants in a row do not occur in English words (five do: "strengths"). */
const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{6,}/;

/** Is one label (letters, digits) random-looking? Exported for tests. */
export function looksRandom(label: string): boolean {
  const word = label.toLowerCase();
  if (word.length < MIN_LABEL || !/^[a-z0-9]+$/.test(word)) return false;
  const letters = word.replace(/[0-9]/g, '');
  const digits = word.length - letters.length;
  if (letters.length < MIN_LABEL / 2) return false;
  const vowels = (letters.match(/[aeiouy]/g) ?? []).length;
  if (vowels === 0) return true;
  // Short English words can be vowel-poor ("strengths"); judge the ratio on longer labels only.
  if (letters.length >= RATIO_MIN_LETTERS && vowels / letters.length < MAX_VOWEL_RATIO) return true;
  if (CONSONANT_RUN.test(letters)) return true;
  // Letters and digits shuffled together (`k3j9x0q2ab`), not a name followed by a number (`server01`).
  const switches = (word.match(/[a-z][0-9]|[0-9][a-z]/g) ?? []).length;
  return digits >= 3 && switches >= 4;
}

export const randomLookingName: Detector = {
  id: 'random-looking-name',
  group: 'naming',
  class: 'attack',
  severity: 'low',
  weight: 5,
  description: 'CN or SAN label that reads as random characters, outside trusted chains',
  evaluate(ctx) {
    if (!isLeaf(ctx) || isTrusted(ctx)) return null;
    const f = ctx.facts;
    const names = [f.subject.commonName ?? '', ...f.san.dns].filter((n) => n && !parseIp(n));
    const hits = names.filter((name) => name.split(/[.\s_-]+/).some(looksRandom));
    if (hits.length === 0) return null;
    const unique = [...new Set(hits)];
    return makeSignal(randomLookingName, ctx, `random-looking name: ${shortList(unique)}`, { names: unique });
  },
};
