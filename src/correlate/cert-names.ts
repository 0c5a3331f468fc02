/** Names on both sides made comparable: the CNs of an RFC 4514 string, and one key per DNS name or CN. */

/** Every CN value of an RFC 4514 string, unescaped (`CN=a\,b+O=c,CN=d` → `a,b`, `d`); `\XX` hex escapes decoded. */
export function commonNamesOf(rfc4514: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= rfc4514.length; i++) {
    const ch = rfc4514[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (i < rfc4514.length && ch !== ',' && ch !== '+') continue;
    const part = rfc4514.slice(start, i);
    start = i + 1;
    if (/^(CN|2\.5\.4\.3)=/i.test(part) && !part.includes('=#')) out.push(unescape(part.slice(part.indexOf('=') + 1)));
  }
  return out;
}

function unescape(value: string): string {
  return value.replace(/\\([0-9A-Fa-f]{2}|.)/g, (_, e: string) => (e.length === 2 ? String.fromCharCode(parseInt(e, 16)) : e));
}

/** Comparison key: case-insensitive, surrounding blanks and a DNS root dot ignored. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
