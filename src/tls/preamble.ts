import { CONTENT_TYPE, HANDSHAKE_TYPE, MAX_HELLO_LENGTH, MAX_RECORD_LENGTH, STARTTLS_PORTS, isTls13 } from './consts';
import { isRecordVersion } from './record';
import { SSLV2_PROBE_BYTES, looksLikeSslv2ClientHello, looksLikeSslv2ServerHello } from './sslv2';
import type { CarrierProtocol } from './types';

/** What starts TLS in a direction. */
export type TlsStartKind = 'client-hello' | 'server-hello' | 'alert' | 'sslv2-client-hello' | 'sslv2-server-hello';

export interface TlsStart {
  /** Offset in the buffer searched. */
  at: number;
  kind: TlsStartKind;
}

/** Handshake header + hello version: what tells a hello from other bytes. */
const HELLO_PROBE_BYTES = 6;
const RECORD_HEADER_BYTES = 5;
const ALERT_PROBE_BYTES = 7;
/** Smallest ServerHello body (version, random, session id length, suite, compression); a ClientHello is longer. */
const MIN_HELLO_LENGTH = 38;

type Probe = TlsStartKind | 'no' | 'need';

/** Where helloPrefix gathers (probes run one at a time, so one scratch buffer serves them all). */
const PREFIX = Buffer.alloc(HELLO_PROBE_BYTES);

/**
 * The first HELLO_PROBE_BYTES of the handshake message that starts at the record at `p`, gathered across as many
 * handshake records of one version as it takes (a peer may send records of a byte or two: RFC 5246 §6.2.1 lets
 * a message span any number of records).
 */
function helloPrefix(buf: Buffer, p: number): Buffer | 'no' | 'need' {
  const prefix = PREFIX;
  let have = 0;
  let q = p;
  let version = -1;
  while (have < HELLO_PROBE_BYTES) {
    if (buf.length - q < RECORD_HEADER_BYTES + 1) return 'need';
    if (buf[q] !== CONTENT_TYPE.HANDSHAKE) return 'no';
    const v = buf.readUInt16BE(q + 1);
    if (version < 0 ? !isRecordVersion(v) : v !== version) return 'no';
    version = v;
    const length = buf.readUInt16BE(q + 3);
    if (length === 0 || length > MAX_RECORD_LENGTH) return 'no';
    const take = Math.min(length, HELLO_PROBE_BYTES - have, buf.length - q - RECORD_HEADER_BYTES);
    buf.copy(prefix, have, q + RECORD_HEADER_BYTES, q + RECORD_HEADER_BYTES + take);
    have += take;
    if (take < length && have < HELLO_PROBE_BYTES) return 'need';
    q += RECORD_HEADER_BYTES + length;
  }
  return prefix;
}

function probeHandshake(buf: Buffer, p: number): Probe {
  const prefix = helloPrefix(buf, p);
  if (typeof prefix === 'string') return prefix;
  const type = prefix[0];
  const length = prefix.readUIntBE(1, 3);
  if (length < MIN_HELLO_LENGTH || length > MAX_HELLO_LENGTH) return 'no';
  const helloVersion = prefix.readUInt16BE(4);
  if (type === HANDSHAKE_TYPE.CLIENT_HELLO) return isRecordVersion(helloVersion) ? 'client-hello' : 'no';
  if (type === HANDSHAKE_TYPE.SERVER_HELLO) {
    return isRecordVersion(helloVersion) || isTls13(helloVersion) ? 'server-hello' : 'no';
  }
  return 'no';
}

/** Only at the very start of a direction: a plaintext alert (a server refusing the hello) or an SSLv2 hello. */
function probeStreamStart(buf: Buffer, p: number): Probe {
  const b = buf[p];
  if (b === CONTENT_TYPE.ALERT) {
    if (buf.length - p < ALERT_PROBE_BYTES) return 'need';
    const ok = isRecordVersion(buf.readUInt16BE(p + 1)) && buf.readUInt16BE(p + 3) === 2
      && (buf[p + 5] === 1 || buf[p + 5] === 2);
    return ok ? 'alert' : 'no';
  }
  if ((b & 0x80) !== 0) {
    if (looksLikeSslv2ClientHello(buf, p)) return 'sslv2-client-hello';
    if (buf.length - p < SSLV2_PROBE_BYTES) return 'need';
    return looksLikeSslv2ServerHello(buf, p) ? 'sslv2-server-hello' : 'no';
  }
  return 'no';
}

/**
 * Looks for the first strictly valid TLS hello record (or, at the stream start, an SSLv2 hello or an alert)
 * starting in `buf` between `from` and `end`. `streamStart` is true when `buf[0]` is the direction's first byte.
 * Returns the start, or `keepFrom`: bytes from there on could not be decided yet and must be searched again
 * with more data (everything before it holds no TLS start).
 */
export function findTlsStart(buf: Buffer, from: number, streamStart: boolean, end = buf.length): TlsStart | { keepFrom: number } {
  const stop = Math.min(end, buf.length);
  let p = from;
  if (streamStart && p === 0 && buf.length > 0) {
    const first = probeStreamStart(buf, 0);
    if (first === 'need') return { keepFrom: 0 };
    if (first !== 'no') return { at: 0, kind: first };
  }
  while (p < stop) {
    p = buf.indexOf(CONTENT_TYPE.HANDSHAKE, p);
    if (p < 0 || p >= stop) return { keepFrom: stop };
    const probe = probeHandshake(buf, p);
    if (probe === 'need') return { keepFrom: p };
    if (probe !== 'no') return { at: p, kind: probe };
    p++;
  }
  return { keepFrom: stop };
}

const POSTGRES_SSL_REQUEST = Buffer.from('0000000804d2162f', 'hex');
const LDAP_STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

function isSocks(client: Buffer, server: Buffer): boolean {
  // SOCKS5 (RFC 1928): version 5 greeting both ways. SOCKS4/4a: CONNECT/BIND, reply version 0 with code 90..93.
  if (client.length >= 3 && client[0] === 5 && server.length >= 2 && server[0] === 5) return true;
  return client.length >= 9 && client[0] === 4 && (client[1] === 1 || client[1] === 2)
    && server.length >= 8 && server[0] === 0 && server[1] >= 0x5a && server[1] <= 0x5d;
}

function isMysqlGreeting(server: Buffer): boolean {
  // MySQL protocol: 3-byte payload length, sequence 0, protocol version 10, NUL-terminated server version.
  return server.length >= 6 && server[3] === 0 && server[4] === 0x0a && server.indexOf(0, 5) > 5;
}

/**
 * Names the protocol that carried the plaintext before TLS in each direction, by content; when the content is
 * not recognised, by the server's well-known port (STARTTLS_PORTS), else `preamble`. `tls` when neither side
 * sent anything before TLS.
 */
export function classifyPreamble(clientText: Buffer, serverText: Buffer, serverPort?: number): CarrierProtocol {
  if (clientText.length === 0 && serverText.length === 0) return 'tls';
  if (clientText.subarray(0, 8).equals(POSTGRES_SSL_REQUEST)) return 'starttls-postgres';
  if (isMysqlGreeting(serverText)) return 'starttls-mysql';
  if (isSocks(clientText, serverText)) return 'socks';
  const client = clientText.toString('latin1');
  const server = serverText.toString('latin1');
  if (client.includes(LDAP_STARTTLS_OID)) return 'starttls-ldap';
  if (/^CONNECT \S+ HTTP\/1\.[01]\r?\n/.test(client)) return 'http-connect';
  if (/<starttls\b/.test(client) || /<proceed\b/.test(server)) return 'starttls-xmpp';
  if (/^AUTH (TLS|SSL|TLS-C|TLS-P)\r?$/im.test(client)) return 'starttls-ftp';
  if (/^STLS\r?$/im.test(client)) return 'starttls-pop3';
  const bareStarttls = /^STARTTLS\r?$/im.test(client);
  if (bareStarttls && (/^:\S+ 670 /m.test(server) || /^(NICK|CAP) /im.test(client))) return 'starttls-irc';
  if (bareStarttls && /^382 /m.test(server)) return 'starttls-nntp';
  if (/^\S+ STARTTLS\r?$/im.test(client) && /^(\* OK|\S+ OK)/im.test(server)) return 'starttls-imap';
  if (bareStarttls && (/^(EHLO|HELO) /im.test(client) || /^220[ -]/.test(server))) return 'starttls-smtp';
  return (serverPort !== undefined ? STARTTLS_PORTS.get(serverPort) : undefined) ?? 'preamble';
}
