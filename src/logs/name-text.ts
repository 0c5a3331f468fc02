/**
 * Names as text logs print them, to `DistinguishedName`. Zeek prints names with OpenSSL's
 * `X509_NAME_print_ex(…, XN_FLAG_RFC2253)` (src/file_analysis/analyzer/x509/X509.cc): most specific RDN first,
 * `,` between RDNs, `+` inside one, RFC 4514 §2.4 backslash escapes, control characters as `\XX` — the same as
 * certhound's form (`-nameopt RFC2253,-esc_msb`) except for ASN1_STRFLGS_ESC_MSB: Zeek escapes every byte of a
 * non-ASCII character as `\XX` where certhound writes the UTF-8 character. Those escapes are decoded here; all
 * others stay as written, so both paths give equal strings.
 */
import { lookup, NAME_ATTRIBUTE_OIDS } from './consts';
import type { DistinguishedName, NameAttribute } from '../x509/types';

function hexAt(s: string, i: number): number {
  if (i + 1 >= s.length) return -1;
  const v = parseInt(s.slice(i, i + 2), 16);
  return /^[0-9A-Fa-f]{2}$/.test(s.slice(i, i + 2)) ? v : -1;
}

interface Ava {
  type: string;
  value: string;
  /** The separator that followed it in the string (`,`, `+`, or '' for the last). */
  sep: string;
}

/** Splits into AVAs, decoding values; `text` gets the normalised RFC 4514 string. */
function parse(s: string): { avas: Ava[]; text: string } {
  const avas: Ava[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const eq = s.indexOf('=', i);
    if (eq === -1) break; // trailing damage: kept in text only
    const type = s.slice(i, eq).trim();
    text += s.slice(i, eq + 1);
    let value = '';
    let high: number[] = [];
    const flushHigh = (): void => {
      if (high.length === 0) return;
      const decoded = Buffer.from(high).toString('utf8');
      if (decoded.includes('\ufffd')) {
        // not UTF-8: keep OpenSSL's escapes rather than invent characters
        const escaped = high.map((b) => '\\' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
        text += escaped;
        value += decoded;
      } else {
        text += decoded;
        value += decoded;
      }
      high = [];
    };
    let j = eq + 1;
    let sep = '';
    for (; j < s.length; j++) {
      const ch = s[j];
      if (ch === '\\' && j + 1 < s.length) {
        const b = hexAt(s, j + 1);
        if (b >= 0x80) {
          high.push(b);
          j += 2;
          continue;
        }
        flushHigh();
        if (b >= 0) {
          value += String.fromCharCode(b);
          text += s.slice(j, j + 3);
          j += 2;
        } else {
          value += s[j + 1];
          text += s.slice(j, j + 2);
          j += 1;
        }
        continue;
      }
      flushHigh();
      if (ch === ',' || ch === '+') {
        sep = ch;
        break;
      }
      value += ch;
      text += ch;
    }
    flushHigh();
    avas.push({ type, value, sep });
    if (sep) text += sep;
    i = j + 1;
  }
  if (i < s.length) text += s.slice(i);
  return { avas, text };
}

/** An RFC 2253 name (Zeek `certificate.subject`/`issuer`) → DistinguishedName; attributes in certificate order, as the x509 stage lists them. */
export function rfc2253Name(s: string): DistinguishedName {
  const { avas, text } = parse(s);
  const attributes: NameAttribute[] = [];
  for (let k = avas.length - 1; k >= 0; k--) {
    const { type, value } = avas[k];
    const oid = lookup(NAME_ATTRIBUTE_OIDS, type) ?? (/^\d+(\.\d+)+$/.test(type) ? type : '');
    attributes.push({ type, oid, value });
  }
  const cn = attributes.find((a) => a.type === 'CN');
  return { rfc4514: text, attributes, ...(cn ? { commonName: cn.value } : {}) };
}
