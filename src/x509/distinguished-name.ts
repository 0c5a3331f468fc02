/**
 * X.501 Name (RFC 5280 §4.1.2.4) to `DistinguishedName`. The string follows RFC 4514 as OpenSSL prints it with
 * `-nameopt RFC2253,-esc_msb` (also Zeek's format): last RDN first, `,` between RDNs, `+` inside one, RFC 4514
 * §2.4 escapes, control characters as `\XX`, non-ASCII as raw UTF-8, and values of non-string types as `#` and the
 * hex of their DER.
 */
import { NAME_ATTRIBUTE_SHORT_NAMES } from './consts';
import { childrenOf, hexOf, oidToString, TAG, type Tlv } from './der';
import type { DistinguishedName, NameAttribute } from './types';

const STRING_TAG = {
  UTF8: 0x0c, NUMERIC: 0x12, PRINTABLE: 0x13, T61: 0x14, IA5: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18,
  VISIBLE: 0x1a, UNIVERSAL: 0x1c, BMP: 0x1e,
} as const;

const utf8 = new TextDecoder('utf-8');

/** Decodes a string value the way OpenSSL's ASN1_STRING_print_ex reads it; `undefined` for other types. */
export function decodeString(buf: Uint8Array, v: Tlv): string | undefined {
  const bytes = buf.subarray(v.contentStart, v.end);
  switch (v.tag) {
    case STRING_TAG.UTF8:
      return utf8.decode(bytes);
    case STRING_TAG.NUMERIC: case STRING_TAG.PRINTABLE: case STRING_TAG.T61: case STRING_TAG.IA5:
    case STRING_TAG.UTC_TIME: case STRING_TAG.GENERALIZED_TIME: case STRING_TAG.VISIBLE:
      return Buffer.from(bytes).toString('latin1'); // T61String is read as Latin-1, as OpenSSL does
    case STRING_TAG.BMP: {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
      return s;
    }
    case STRING_TAG.UNIVERSAL: {
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const cp = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return undefined;
  }
}

const RFC4514_SPECIAL = new Set([',', '+', '"', '\\', '<', '>', ';']);

/** RFC 4514 §2.4 escaping of one value, with OpenSSL's `\XX` for control characters. */
export function escapeRfc4514(value: string): string {
  let out = '';
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(16).toUpperCase().padStart(2, '0');
    else if (RFC4514_SPECIAL.has(ch) || (i === 0 && (ch === '#' || ch === ' ')) || (i === last && ch === ' ')) out += '\\' + ch;
    else out += ch;
  }
  return out;
}

interface Entry { readonly attr: NameAttribute; readonly rdn: number; readonly text: string }

/** Parses a Name TLV. Unreadable parts are skipped; an absent name gives an empty one. */
export function distinguishedName(buf: Uint8Array, name: Tlv | undefined): DistinguishedName {
  const entries: Entry[] = [];
  if (name && name.tag === TAG.SEQUENCE) {
    const rdns = childrenOf(buf, name);
    for (let r = 0; r < rdns.length; r++) {
      if (rdns[r].tag !== TAG.SET) continue;
      for (const atv of childrenOf(buf, rdns[r])) {
        const [typeTlv, valueTlv] = childrenOf(buf, atv);
        if (!typeTlv || typeTlv.tag !== TAG.OID || !valueTlv) continue;
        const oid = oidToString(buf, typeTlv.contentStart, typeTlv.end) ?? '#' + hexOf(buf, typeTlv.contentStart, typeTlv.end);
        const known = NAME_ATTRIBUTE_SHORT_NAMES[oid];
        const decoded = decodeString(buf, valueTlv);
        const dump = '#' + hexOf(buf, valueTlv.start, valueTlv.end).toUpperCase();
        // OpenSSL's XN_FLAG_DUMP_UNKNOWN_FIELDS: an attribute of unknown type prints as hex whatever its string type.
        const text = (known ?? oid) + '=' + (known && decoded !== undefined ? escapeRfc4514(decoded) : dump);
        entries.push({ attr: { type: known ?? oid, oid, value: decoded ?? dump }, rdn: r, text });
      }
    }
  }
  let rfc4514 = '';
  for (let i = entries.length - 1; i >= 0; i--) {
    if (i < entries.length - 1) rfc4514 += entries[i].rdn === entries[i + 1].rdn ? '+' : ',';
    rfc4514 += entries[i].text;
  }
  const cn = entries.find((e) => e.attr.oid === '2.5.4.3');
  return { rfc4514, attributes: entries.map((e) => e.attr), ...(cn ? { commonName: cn.attr.value } : {}) };
}
