/** Tables and caps of the host stage. */

/** Longest line handed to a reader; longer lines are skipped (JSON, auditd) or scanned in pieces (XML). */
export const MAX_LINE_CHARS = 1 << 20;
/** Longest single XML event or multi-line JSON document; beyond it the event is dropped as an anomaly. */
export const MAX_EVENT_CHARS = 1 << 20;
/**
 * Elements an XML event may nest. A Windows event nests four deep (Event, EventData, Data, and a RenderingInfo's
 * children); one nested deeper is not an event but an attack on the parser's stack, and is skipped unparsed.
 */
export const MAX_EVENT_DEPTH = 32;
/** auditd events kept open while waiting for their EOE; the oldest is flushed beyond this. */
export const MAX_PENDING_AUDIT_EVENTS = 256;
/** Records of one auditd event; more are dropped as an anomaly. */
export const MAX_AUDIT_RECORDS_PER_EVENT = 64;
/** Base64 characters of a PowerShell -EncodedCommand that are decoded. */
export const MAX_ENCODED_COMMAND_CHARS = 64 * 1024;

/**
 * Tool families by executable file name (lower case, `.exe` dropped). Only the file name counts, so an
 * uninstaller under `OpenSSL-Win64\` is no tool. Versioned OpenSSL names are matched by OPENSSL_FILE_NAME.
 */
export const TOOL_BY_FILE_NAME: Readonly<Record<string, string>> = {
  openssl: 'openssl',
  makecert: 'makecert',
  pvk2pfx: 'pvk2pfx',
  certmgr: 'certmgr',
  certutil: 'certutil',
  powershell: 'powershell',
  pwsh: 'powershell',
  powershell_ise: 'powershell',
  keytool: 'keytool',
  security: 'security',
  'update-ca-certificates': 'update-ca-certificates',
  'update-ca-trust': 'update-ca-trust',
  trust: 'trust',
  certctl: 'certctl',
  mkcert: 'mkcert',
};

/** `openssl`, `openssl3`, `openssl11`, `openssl-1.1`, `openssl1.1.1w`. */
export const OPENSSL_FILE_NAME = /^openssl[\d._-]*[a-z]?$/;

/** Windows certificate stores that make whatever lands in them trusted as a root. */
export const ROOT_STORES: ReadonlySet<string> = new Set(['root', 'authroot']);

/** Stores whose content is trusted for something, ranked: a command naming several is judged by the highest. */
export const STORE_RANK: Readonly<Record<string, number>> = {
  root: 6,
  authroot: 6,
  ca: 4,
  trustedpublisher: 4,
  trustedpeople: 4,
  my: 2,
  disallowed: 1,
};

/** File name endings that mark a key, certificate, request or container. */
export const CERT_FILE_SUFFIX = /\.(pfx|p12|cer|crt|pem|key|der|csr|req|pvk|spc|p7b|p7c|jks|keystore|crl)$/i;

/** Named curves → key size in bits. */
export const CURVE_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256,
  secp256r1: 256,
  'p-256': 256,
  nistp256: 256,
  secp384r1: 384,
  'p-384': 384,
  nistp384: 384,
  secp521r1: 521,
  'p-521': 521,
  nistp521: 521,
  secp256k1: 256,
};

/** Thumbprint: SHA-1 in hex. */
export const THUMBPRINT = /^[0-9a-f]{40}$/i;
