/**
 * Keys for comparing names: exact (case and spacing folded), skeleton (look-alike characters folded, in the spirit of
 * Unicode TR39 §4 "skeleton"), and token (words sorted, for swapped words).
 */

/** Confusable characters folded onto one Latin letter. Digits and symbols that read as letters are included. */
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'l', ї: 'l', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  // digits and symbols
  '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '|': 'l', '!': 'l',
  // letters that read alike
  i: 'l',
};

const ASCII = /^[\x00-\x7f]*$/;

/** Case and runs of spaces folded; punctuation kept. */
export function exactKey(name: string): string {
  return (ASCII.test(name) ? name : name.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** ASCII code → folded letter code (0 = dropped); built once from `CONFUSABLES`. */
const ASCII_FOLD: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c).toLowerCase();
    const mapped = CONFUSABLES[ch] ?? ch;
    table[c] = mapped >= 'a' && mapped <= 'z' ? mapped.charCodeAt(0) : 0;
  }
  return table;
})();

/** Look-alike characters folded and everything but letters dropped: `Micros0ft`, `Mіcrosoft` (Cyrillic і) → `mlcrosoft`. */
export function skeletonKey(name: string): string {
  let out = '';
  if (ASCII.test(name)) {
    for (let i = 0; i < name.length; i++) {
      const code = ASCII_FOLD[name.charCodeAt(i)];
      if (code !== 0) out += String.fromCharCode(code);
    }
  } else {
    const lower = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    for (const ch of lower) {
      const mapped = CONFUSABLES[ch] ?? ch;
      if (mapped >= 'a' && mapped <= 'z') out += mapped;
    }
  }
  if (out.includes('rn')) out = out.replace(/rn/g, 'm');
  return out.includes('vv') ? out.replace(/vv/g, 'w') : out;
}

/** Words (letters and digits) sorted: `TLS Microsoft IT CA 5` and `Microsoft IT TLS CA 5` agree. */
export function tokenKey(name: string): string {
  return exactKey(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean).sort().join(' ');
}

/** Letters and digits only, lower case: what a name "says" once punctuation and spacing are gone. */
export function compactKey(name: string): string {
  return exactKey(name).replace(/[^\p{L}\p{N}]+/gu, '');
}
