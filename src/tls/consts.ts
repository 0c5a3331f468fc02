/** Code tables and caps of the tls stage. Unknown codes print as `unknown-0x1234`. */
import type { CarrierProtocol } from './types';

/** RFC 5246 §6.2.1 / RFC 6520 content types. */
export const CONTENT_TYPE = {
  CHANGE_CIPHER_SPEC: 20,
  ALERT: 21,
  HANDSHAKE: 22,
  APPLICATION_DATA: 23,
  HEARTBEAT: 24,
} as const;

/** RFC 8446 §4 / RFC 5246 §7.4 handshake message types that certhound reads. */
export const HANDSHAKE_TYPE = {
  CLIENT_HELLO: 1,
  SERVER_HELLO: 2,
  /** RFC 6347 §4.2.1: DTLS server's stateless cookie exchange before the second ClientHello. */
  HELLO_VERIFY_REQUEST: 3,
  NEW_SESSION_TICKET: 4,
  /** draft-ietf-tls-tls13 up to -21 had a HelloRetryRequest message of its own. */
  HELLO_RETRY_REQUEST_DRAFT: 6,
  CERTIFICATE: 11,
  SERVER_KEY_EXCHANGE: 12,
  CERTIFICATE_REQUEST: 13,
  SERVER_HELLO_DONE: 14,
  FINISHED: 20,
} as const;

/** IANA TLS ExtensionType values that the hello parsers decode. */
export const EXTENSION_TYPE = {
  SERVER_NAME: 0,
  SUPPORTED_GROUPS: 10,
  EC_POINT_FORMATS: 11,
  SIGNATURE_ALGORITHMS: 13,
  ALPN: 16,
  SUPPORTED_VERSIONS: 43,
} as const;

/** SSLv2 message types (draft-hickman-netscape-ssl-00 §A). */
export const SSLV2_MSG = { CLIENT_HELLO: 1, SERVER_HELLO: 4 } as const;
export const SSLV2_VERSION = 0x0002;
export const SSLV2_CERT_TYPE_X509 = 1;

/** RFC 5246 §6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes. */
export const MAX_RECORD_LENGTH = 16384 + 2048;
/**
 * Handshake-message bytes read per direction; beyond it: anomaly `handshake-too-large` (the `oversized` count of
 * `--stats`). TLS's own limit on one message is its 24-bit length (16 MiB, RFC 8446 §4); this lets one message of
 * that size through with the rest of its flight. What is held meanwhile is bounded by MAX_TLS_HELD_BYTES.
 */
export const MAX_HANDSHAKE_BYTES = 17 * 1024 * 1024;
/**
 * Bytes the tls stage holds between packets over all flows (half-received records and handshake messages,
 * preambles). A record is at most 18 KiB, so a flood of half-sent hellos holds this much, not that times the flows;
 * past it the direction that asks for more is given up with anomaly `memory-cap`. Room for one 16 MiB
 * Certificate message beside a thousand ordinary half-read handshakes.
 */
export const MAX_TLS_HELD_BYTES = 32 * 1024 * 1024;
/**
 * Certificates taken from one Certificate message. Real servers send chains of a few, misconfigured ones whole CA
 * bundles of a few dozen; each entry becomes a certificate to parse, judge and remember, so past this the rest are
 * counted (anomaly `too-many-certificates`) and dropped.
 */
export const MAX_CERTIFICATES_PER_MESSAGE = 100;
/** How far into a direction the start of TLS is looked for (STARTTLS and proxy preambles are short). */
export const PREAMBLE_SCAN_BYTES = 16 * 1024;
/** Preamble bytes kept per direction to name the carrier protocol. */
export const PREAMBLE_KEEP_BYTES = 4096;
/** How far past a gap or damaged record the next valid record header is looked for. */
export const RESYNC_SCAN_BYTES = 64 * 1024;
/** Gaps or damaged records survived per direction; past it the direction is given up (bounds work and recursion). */
export const MAX_RESYNCS = 8;
/**
 * Well-known server ports (IANA) of protocols that upgrade to TLS in-band. They name the carrier only when a
 * preamble was seen and its content was not recognised; content always wins.
 */
export const STARTTLS_PORTS: ReadonlyMap<number, CarrierProtocol> = new Map<number, CarrierProtocol>([
  [21, 'starttls-ftp'], [25, 'starttls-smtp'], [110, 'starttls-pop3'], [119, 'starttls-nntp'], [143, 'starttls-imap'],
  [389, 'starttls-ldap'], [587, 'starttls-smtp'], [3306, 'starttls-mysql'], [5222, 'starttls-xmpp'],
  [5269, 'starttls-xmpp'], [5432, 'starttls-postgres'], [6667, 'starttls-irc'],
]);
/** A ClientHello/ServerHello spanning records is believed up to this declared length when TLS is looked for. */
export const MAX_HELLO_LENGTH = 128 * 1024;

/** DTLS record and hello versions (RFC 6347 §4.1, RFC 9147 §5.3) and OpenSSL's pre-RFC DTLS1_BAD_VER. */
export const DTLS_VERSION = { V1_0: 0xfeff, V1_2: 0xfefd, V1_3: 0xfefc, OPENSSL_PRE: 0x0100 } as const;

/** True for a DTLS version: 0xfeff, 0xfefd, 0xfefc (DTLS 1.3 `supported_versions`) or 0x0100. */
export function isDtlsVersion(v: number): boolean {
  return v === DTLS_VERSION.V1_0 || v === DTLS_VERSION.V1_2 || v === DTLS_VERSION.V1_3 || v === DTLS_VERSION.OPENSSL_PRE;
}

/** Datagrams of a UDP flow looked at for a DTLS hello (WebRTC sends STUN first); past it the flow is released. */
export const MAX_DTLS_DATAGRAMS_BEFORE_HELLO = 64;
/** Handshake messages being reassembled at once per direction; more: anomaly `handshake-too-large`. */
export const MAX_DTLS_PENDING_MESSAGES = 16;
/** Disjoint received byte ranges kept per message being reassembled; more: anomaly `bad-handshake-length`. */
export const MAX_DTLS_FRAGMENT_RANGES = 64;
/** Distinct handshake messages (message_seq, type) per direction remembered for dropping retransmissions. */
export const MAX_DTLS_MESSAGES = 64;

/** RFC 8446 §4.1.3: the ServerHello.random of a HelloRetryRequest, SHA-256("HelloRetryRequest"). */
export const HELLO_RETRY_REQUEST_RANDOM = Buffer.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

const VERSION_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0002, 'SSLv2'],
  [0x0300, 'SSLv3'],
  [0x0301, 'TLSv1.0'],
  [0x0302, 'TLSv1.1'],
  [0x0303, 'TLSv1.2'],
  [0x0304, 'TLSv1.3'],
  [0x0100, 'DTLSv1.0-OpenSSL-pre'],
  [0xfeff, 'DTLSv1.0'],
  [0xfefd, 'DTLSv1.2'],
  [0xfefc, 'DTLSv1.3'],
  [0xfb17, 'TLSv1.3-fb23'],
  [0xfb1a, 'TLSv1.3-fb26'],
]);

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/** Wireshark-style protocol version name; TLS 1.3 drafts (0x7fNN) as `TLSv1.3-draftNN`. */
export function versionName(v: number): string {
  const known = VERSION_NAMES.get(v);
  if (known) return known;
  if ((v & 0xff00) === 0x7f00) return `TLSv1.3-draft${v & 0xff}`;
  if (TLS13_EXPERIMENT_VERSIONS.includes(v)) return `TLSv1.3-experiment${v & 0xff}`;
  return `unknown-0x${hex4(v)}`;
}

/** JA4.md "TLS and DTLS Version" table; anything else is `00`. */
const JA4_VERSION_CODES: ReadonlyMap<number, string> = new Map([
  [0x0304, '13'], [0x0303, '12'], [0x0302, '11'], [0x0301, '10'], [0x0300, 's3'], [0x0002, 's2'],
  [0xfeff, 'd1'], [0xfefd, 'd2'], [0xfefc, 'd3'],
]);

/** Two-character JA4 version code (`13`, `d2`, `s3` …), `00` for anything else. */
export function ja4VersionCode(version: number): string {
  return JA4_VERSION_CODES.get(version) ?? '00';
}

/**
 * Google's TLS 1.3 experiment versions (BoringSSL's TLS1_3_EXPERIMENT*_VERSION, shipped by Chrome 63–65 in
 * 2017–2018 while middleboxes broke the drafts): TLS 1.3 with draft-like messages.
 */
export const TLS13_EXPERIMENT_VERSIONS: readonly number[] = [0x7e01, 0x7e02, 0x7e03];

/** A pre-RFC TLS 1.3 version that a ServerHello's version field itself carried: IETF draft (0x7fNN) or Google experiment. */
export function isTls13Prerelease(v: number): boolean {
  return (v & 0xff00) === 0x7f00 || TLS13_EXPERIMENT_VERSIONS.includes(v);
}

/** True for TLS 1.3 in any form: final, IETF drafts (0x7fNN), Google experiments, Facebook drafts, DTLS 1.3. */
export function isTls13(v: number | undefined): boolean {
  if (v === undefined) return false;
  return v === 0x0304 || isTls13Prerelease(v) || v === 0xfb17 || v === 0xfb1a || v === 0xfefc;
}

/** RFC 8701 GREASE values: 0x?a?a with both bytes equal. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && (v >> 8) === (v & 0xff);
}

const CIPHER_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0000, 'TLS_NULL_WITH_NULL_NULL'],
  [0x0001, 'TLS_RSA_WITH_NULL_MD5'],
  [0x0002, 'TLS_RSA_WITH_NULL_SHA'],
  [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5'],
  [0x0004, 'TLS_RSA_WITH_RC4_128_MD5'],
  [0x0005, 'TLS_RSA_WITH_RC4_128_SHA'],
  [0x0009, 'TLS_RSA_WITH_DES_CBC_SHA'],
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x0013, 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA'],
  [0x0015, 'TLS_DHE_RSA_WITH_DES_CBC_SHA'],
  [0x0016, 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'],
  [0x0032, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA'],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA'],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA'],
  [0x0038, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA'],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA'],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256'],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256'],
  [0x0041, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256'],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256'],
  [0x0084, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x008c, 'TLS_PSK_WITH_AES_128_CBC_SHA'],
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256'],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384'],
  [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'],
  [0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'],
  [0x00ff, 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV'],
  [0x1301, 'TLS_AES_128_GCM_SHA256'],
  [0x1302, 'TLS_AES_256_GCM_SHA384'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256'],
  [0x1304, 'TLS_AES_128_CCM_SHA256'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256'],
  [0x5600, 'TLS_FALLBACK_SCSV'],
  [0xc007, 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA'],
  [0xc008, 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA'],
  [0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA'],
  [0xc011, 'TLS_ECDHE_RSA_WITH_RC4_128_SHA'],
  [0xc012, 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'],
  [0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256'],
  [0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384'],
  [0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256'],
  [0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384'],
  [0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  [0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
  [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
  [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
  [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
  [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
  [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
  // SSLv2 CIPHER-SPECs are 3 bytes (draft-hickman-netscape-ssl-00 §C.4).
  [0x010080, 'SSL_CK_RC4_128_WITH_MD5'],
  [0x020080, 'SSL_CK_RC4_128_EXPORT40_WITH_MD5'],
  [0x030080, 'SSL_CK_RC2_128_CBC_WITH_MD5'],
  [0x040080, 'SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5'],
  [0x050080, 'SSL_CK_IDEA_128_CBC_WITH_MD5'],
  [0x060040, 'SSL_CK_DES_64_CBC_WITH_MD5'],
  [0x0700c0, 'SSL_CK_DES_192_EDE3_CBC_WITH_MD5'],
]);

/** IANA cipher suite name for common suites (and SSLv2 3-byte specs), else `unknown-0x1234`. */
export function cipherName(code: number): string {
  const known = CIPHER_NAMES.get(code);
  if (known) return known;
  if (isGrease(code)) return `GREASE-0x${hex4(code)}`;
  return `unknown-0x${code > 0xffff ? code.toString(16).padStart(6, '0') : hex4(code)}`;
}
