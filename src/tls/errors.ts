/** Why a tls/ parser rejected its input. A closed list: callers map each to a `TlsAnomalyKind`. */
export type TlsError =
  /** A record header names a content type outside 20..24. */
  | 'bad-content-type'
  /** A record or hello carries a version that no SSL/TLS speaks. */
  | 'bad-version'
  /** A record longer than 2^14 + 2048 bytes (RFC 5246 §6.2.3). */
  | 'record-overflow'
  /** A length field points past the end of its enclosing structure. */
  | 'bad-length'
  /** A structure ends before its mandatory fields. */
  | 'truncated'
  /** An SSLv2 record whose message is not the expected CLIENT-HELLO / SERVER-HELLO or is inconsistent. */
  | 'bad-sslv2';
