import { ByteReader } from './byte-reader';
import { parsedError, parsedOk, type Parsed } from './parsed';

/** A Certificate message's certificates as views into the message body, in the order sent. */
export interface CertificateList {
  /** TLS 1.3 certificate_request_context (empty for a server's chain). */
  context?: Buffer;
  certs: Buffer[];
  /** The list was cut or an entry overran it: `certs` holds the complete entries before the damage. */
  truncated: boolean;
  /** More entries followed the first `maxCerts`; they were not taken. */
  tooMany: boolean;
}

/**
 * RFC 5246 §7.4.2 Certificate (`certificate_list<0..2^24-1>` of `ASN.1Cert<1..2^24-1>`), or with `tls13`
 * RFC 8446 §4.4.2 (`certificate_request_context<0..255>` then CertificateEntry with per-entry extensions).
 * At most `maxCerts` entries are taken.
 */
export function parseCertificateList(body: Buffer, tls13: boolean, maxCerts = Infinity): Parsed<CertificateList> {
  const r = new ByteReader(body);
  const context = tls13 ? r.vector(1) : undefined;
  const declared = r.u24();
  if (r.overrun) return parsedError('truncated', r.pos);
  const listEnd = Math.min(r.pos + declared, body.length);
  const list = new ByteReader(body, r.pos, listEnd);
  const certs: Buffer[] = [];
  let truncated = r.pos + declared > body.length;
  let tooMany = false;
  while (list.remaining > 0) {
    if (certs.length >= maxCerts) {
      tooMany = true;
      break;
    }
    const der = list.vector(3);
    if (tls13) list.vector(2);
    if (list.overrun) {
      truncated = true;
      break;
    }
    if (der.length === 0) return parsedError('bad-length', list.pos);
    certs.push(der);
  }
  return parsedOk({ context, certs, truncated, tooMany }, listEnd);
}
