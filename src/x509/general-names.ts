/**
 * GeneralName (RFC 5280 §4.2.1.6) values this stage reports: DNS names, IP addresses, e-mail addresses, URIs (SPIFFE
 * IDs among them), and every other kind as text in `other` (otherName such as a Microsoft UPN, directoryName,
 * registeredID, x400Address, ediPartyName).
 */
import { childrenOf, hexOf, oidToString, TAG, type Tlv } from './der';
import { decodeString, distinguishedName } from './distinguished-name';

/** Context-specific primitive tags of GeneralName's IMPLICIT string choices. */
export const GENERAL_NAME_TAG = { rfc822Name: 0x81, dNSName: 0x82, uniformResourceIdentifier: 0x86, iPAddress: 0x87 } as const;

/** Context-specific tags of the other choices (constructed, or primitive for registeredID). */
const OTHER_NAME_TAG = { otherName: 0xa0, x400Address: 0xa3, directoryName: 0xa4, ediPartyName: 0xa5, registeredID: 0x88 } as const;

/** Upper bound on names kept per extension; certificates with more are cut, not refused. */
export const MAX_GENERAL_NAMES = 1024;

export interface GeneralNameLists {
  dns: string[];
  ip: string[];
  email: string[];
  uri: string[];
  /** The other kinds, as `otherName:<type-id>=<value>`, `dirName:<RFC 4514>`, `registeredID:<oid>`, `x400Address:#<hex>`, `ediPartyName:#<hex>`. */
  other?: string[];
}

/** IPv4 dotted quad or RFC 5952 IPv6 text; other lengths (name-constraint ranges) as hex. */
export function ipAddressText(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return Buffer.from(bytes).toString('hex');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 §4.2.2: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

/** `otherName`: `type-id OID, value [0] EXPLICIT ANY`; a string value as text, anything else as `#` and its DER in hex. */
function otherNameText(der: Uint8Array, name: Tlv): string {
  const [typeId, wrapper] = childrenOf(der, name);
  const oid = typeId?.tag === TAG.OID ? oidToString(der, typeId.contentStart, typeId.end) ?? '?' : '?';
  const inner = wrapper ? childrenOf(der, wrapper)[0] : undefined;
  const text = inner ? decodeString(der, inner) : undefined;
  return `otherName:${oid}=${text ?? (inner ? `#${hexOf(der, inner.start, inner.end)}` : '')}`;
}

function otherKindText(der: Uint8Array, name: Tlv): string | undefined {
  switch (name.tag) {
    case OTHER_NAME_TAG.otherName: return otherNameText(der, name);
    case OTHER_NAME_TAG.directoryName: return `dirName:${distinguishedName(der, childrenOf(der, name)[0]).rfc4514}`;
    case OTHER_NAME_TAG.registeredID: return `registeredID:${oidToString(der, name.contentStart, name.end) ?? '?'}`;
    case OTHER_NAME_TAG.x400Address: return `x400Address:#${hexOf(der, name.contentStart, name.end)}`;
    case OTHER_NAME_TAG.ediPartyName: return `ediPartyName:#${hexOf(der, name.contentStart, name.end)}`;
    default: return undefined;
  }
}

/** Adds one GeneralName to `into`. */
export function addGeneralName(der: Uint8Array, name: Tlv, into: GeneralNameLists): void {
  const value = der.subarray(name.contentStart, name.end);
  switch (name.tag) {
    case GENERAL_NAME_TAG.dNSName: into.dns.push(Buffer.from(value).toString('latin1')); break;
    case GENERAL_NAME_TAG.rfc822Name: into.email.push(Buffer.from(value).toString('latin1')); break;
    case GENERAL_NAME_TAG.uniformResourceIdentifier: into.uri.push(Buffer.from(value).toString('latin1')); break;
    case GENERAL_NAME_TAG.iPAddress: into.ip.push(ipAddressText(value)); break;
    default: {
      const text = otherKindText(der, name);
      if (text !== undefined) (into.other ??= []).push(text);
    }
  }
}

/** Every GeneralName of a GeneralNames SEQUENCE, up to MAX_GENERAL_NAMES. */
export function addGeneralNames(der: Uint8Array, names: Tlv, into: GeneralNameLists): void {
  const list = childrenOf(der, names);
  for (let i = 0; i < list.length && i < MAX_GENERAL_NAMES; i++) addGeneralName(der, list[i], into);
}
