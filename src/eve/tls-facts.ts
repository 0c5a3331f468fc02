/**
 * Certificate facts from an EVE `tls` object's fields, for events without `chain`: Suricata 7's
 * output-json-tls.c logs the leaf's subject and issuer (x509-parser's text: RDNs in certificate order, `, `
 * between them, ` + ` inside one), serial (`3D:1D:…`), fingerprint (SHA-1 of the DER, `b4:53:…`) and validity
 * (`2017-11-01T13:48:56`, UTC). The certificate is known by its SHA-1, labelled (x509/cert-identity.ts).
 */
import { rfc2253Name } from '../logs/name-text';
import { extensionPlaceholders, selfIssued } from '../logs/log-facts';
import { digestIdentity } from '../x509/cert-identity';
import type { DistinguishedName } from '../x509/types';
import type { EveCertFacts, EveTls } from './types';

/** What EVE's fields cannot tell (detect/unknown-facts.ts leaves the detectors reading them out). */
const UNKNOWN = [
  'sha256', 'san', 'publicKey', 'signatureAlgorithm', 'basicConstraints', 'keyUsage', 'extendedKeyUsage', 'subjectKeyId',
  'authorityKeyId', 'aia', 'policies', 'extensionOids', 'spkiSha256', 'ja4x', 'selfSignatureValid', 'version',
] as const;

/** Attribute names Suricata's x509-parser prints differently from OpenSSL's RFC 2253 short names (seen in the corpus). */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  streetAddress: 'street',
  msJurisdictionCountry: 'jurisdictionC',
  msJurisdictionStateOrProvince: 'jurisdictionST',
  msJurisdictionLocality: 'jurisdictionL',
  Email: 'emailAddress',
};

const RDN_SPLIT = /, (?=[A-Za-z][A-Za-z0-9.-]*=)/;
const AVA_SPLIT = / \+ (?=[A-Za-z][A-Za-z0-9.-]*=)/;

/** An RFC 4514 value: `,+"\<>;` escaped, and a leading `#` or space and a trailing space. */
function escapeValue(v: string): string {
  let out = v.replace(/[,+"\\<>;]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function ava(text: string): string {
  const eq = text.indexOf('=');
  if (eq <= 0) return escapeValue(text);
  const type = text.slice(0, eq);
  const name = Object.prototype.hasOwnProperty.call(ATTRIBUTE_NAMES, type) ? ATTRIBUTE_NAMES[type] : type;
  return `${name}=${escapeValue(text.slice(eq + 1))}`;
}

/** Suricata's name text (certificate order) → the RFC 2253 form (most specific first) certhound keeps. */
export function eveName(text: string): DistinguishedName {
  if (text === '') return rfc2253Name('');
  const rdns = text.split(RDN_SPLIT).map((rdn) => rdn.split(AVA_SPLIT).map(ava).join('+'));
  return rfc2253Name(rdns.reverse().join(','));
}

const HEX_PAIRS = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/;

/** `aa:bb:…` → lower-case hex without separators, or undefined. */
export function colonHex(v: unknown): string | undefined {
  return typeof v === 'string' && HEX_PAIRS.test(v) ? v.replace(/:/g, '').toLowerCase() : undefined;
}

/** Serial as OpenSSL prints it (upper-case hex, no leading zero bytes but one digit at least). */
function serialOf(v: unknown): string {
  const hex = colonHex(v)?.toUpperCase() ?? '';
  return hex.replace(/^(00)+(?=[0-9A-F])/, '');
}

/** Suricata's UTC time without zone → ISO 8601 with `Z` ('' when it is no time). */
function utc(v: unknown): string {
  if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(v)) return '';
  return Number.isFinite(Date.parse(`${v}Z`)) ? `${v}Z` : '';
}

/** Facts of the leaf an EVE `tls` object (or its `client`) describes; undefined when it names none (no fingerprint). */
export function eveLeafFacts(t: EveTls): EveCertFacts | undefined {
  const sha1 = colonHex(t.fingerprint);
  if (sha1 === undefined || sha1.length !== 40) return undefined;
  const subject = eveName(typeof t.subject === 'string' ? t.subject : '');
  const issuer = eveName(typeof t.issuerdn === 'string' ? t.issuerdn : '');
  return {
    fromLog: true,
    unknown: UNKNOWN,
    sha256: digestIdentity('sha1', sha1),
    sha1,
    subject,
    issuer,
    serial: serialOf(t.serial),
    version: 0,
    notBefore: utc(t.notbefore),
    notAfter: utc(t.notafter),
    publicKey: { type: 'unknown', algorithmOid: '' },
    signatureAlgorithm: { oid: '', name: '' },
    san: { dns: [], ip: [], email: [], uri: [] },
    ...extensionPlaceholders(),
    selfIssued: selfIssued(subject, issuer),
    parsed: true,
  };
}
