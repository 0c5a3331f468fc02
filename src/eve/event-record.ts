/**
 * One EVE event → an `EveHandshake`: a `tls` event (Suricata 7 output-json-tls.c), or an `alert` with tls
 * metadata (the same object). A `tls` event's src/dest are the flow's (client → server); an alert's follow its
 * packet, so its `flow` object (Suricata 7) or `direction` gives the client. The server chain comes from `chain`
 * (base64 DER, leaf first) when the sensor logs it, else the leaf's fields make facts (tls-facts.ts); the client's
 * from `client.chain` or `client`. `flow_id` rides on the handshake (`flowId`), as its digits.
 */
import { isIPv6 } from 'node:net';
import type { Timestamp } from '../capture/types';
import { ipv6Text } from '../net/ip-text';
import type { Endpoint } from '../net/types';
import { MAX_CERT_BASE64 } from '../logs/consts';
import { certBlob } from '../tls/cert-blob';
import type { ChainStatus, Fingerprint, SourceRef } from '../tls/types';
import { eveLeafFacts } from './tls-facts';
import type { EveCertBlob, EveEvent, EveHandshake, EveTls } from './types';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Suricata's version names (app-layer-ssl.c SSLVersionToString) → wire versions; drafts are 0x7f00 | N. */
const VERSIONS: Readonly<Record<string, number>> = {
  SSLv2: 0x0002, SSLv3: 0x0300, TLSv1: 0x0301, 'TLS 1.1': 0x0302, 'TLS 1.2': 0x0303, 'TLS 1.3': 0x0304,
  'DTLS 1.0': 0xfeff, 'DTLS 1.2': 0xfefd, 'DTLS 1.3': 0xfefc,
};

export function versionCode(name: string): number | undefined {
  if (Object.prototype.hasOwnProperty.call(VERSIONS, name)) return VERSIONS[name];
  const draft = /^TLS 1\.3 draft-(\d+)$/.exec(name);
  return draft ? 0x7f00 | (Number(draft[1]) & 0xff) : undefined;
}

const TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/;

/** EVE's `timestamp` (`2017-11-30T20:05:18.463052+0000`) → seconds and nanoseconds, exactly. */
export function eveTime(v: unknown): Timestamp | undefined {
  const m = typeof v === 'string' ? TIME.exec(v) : null;
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(ms)) return undefined;
  let sec = ms / 1000;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    sec -= (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60);
  }
  const nsec = m[7] ? Number(m[7].padEnd(9, '0')) : 0;
  return { sec, nsec };
}

/**
 * Suricata prints IPv6 addresses in full (`2a03:b0c0:0002:00d0:0000:0000:0bd3:4001`); certhound writes them as the
 * capture path does (RFC 5952: lower case, zeros compressed). Text that is no address stays as it is.
 */
export function addressText(ip: string): string {
  if (!ip.includes(':') || !isIPv6(ip)) return ip;
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  let words = groups(head);
  let back = groups(tail);
  const v4 = (back.length > 0 ? back : words).at(-1) ?? '';
  const embedded = v4.includes('.') ? v4.split('.').map(Number) : undefined;
  if (embedded) {
    const pair = [((embedded[0] << 8) | embedded[1]).toString(16), ((embedded[2] << 8) | embedded[3]).toString(16)];
    if (back.length > 0) back = [...back.slice(0, -1), ...pair];
    else words = [...words.slice(0, -1), ...pair];
  }
  const all = tail === undefined ? words : [...words, ...Array<string>(8 - words.length - back.length).fill('0'), ...back];
  const bytes = Buffer.alloc(16);
  all.forEach((w, i) => bytes.writeUInt16BE(parseInt(w, 16), i * 2));
  return ipv6Text(bytes, 0);
}

function endpoint(ip: unknown, port: unknown): Endpoint | undefined {
  return typeof ip === 'string' && ip !== '' && typeof port === 'number' && Number.isInteger(port) ? { ip: addressText(ip), port } : undefined;
}

function fingerprint(v: { hash?: unknown; string?: unknown } | undefined): Fingerprint | undefined {
  return v && typeof v.hash === 'string' && v.hash !== '' ? { value: v.hash, raw: typeof v.string === 'string' ? v.string : '' } : undefined;
}

/** The DER certificates of a `chain` array; entries that are no base64 DER go to `onBad`. */
function chainBlobs(chain: unknown[], onBad: (index: number) => void): EveCertBlob[] {
  const out: EveCertBlob[] = [];
  chain.forEach((entry, i) => {
    const der = typeof entry === 'string' && entry.length <= MAX_CERT_BASE64 && BASE64.test(entry) ? Buffer.from(entry, 'base64') : undefined;
    if (!der || der.length === 0 || der[0] !== 0x30) {
      onBad(i);
      return;
    }
    out.push({ ...certBlob(der, false), der });
  });
  return out;
}

/** One side's certificates: its DER chain, else the leaf its fields describe. */
function sideCerts(t: EveTls | undefined, onBad: (index: number) => void): EveCertBlob[] {
  if (!t) return [];
  if (Array.isArray(t.chain) && t.chain.length > 0) return chainBlobs(t.chain, onBad);
  if (typeof t.certificate === 'string') return chainBlobs([t.certificate], onBad);
  const facts = eveLeafFacts(t);
  return facts ? [{ sha256: facts.sha256, sha1: facts.sha1, facts }] : [];
}

function status(certs: number, version: number | undefined): ChainStatus {
  if (certs > 0) return 'present';
  return version === 0x0304 || version === 0xfefc || (version !== undefined && (version & 0xff00) === 0x7f00) ? 'encrypted' : 'absent';
}

/** The client and server of an event: a `tls` event's src → dest; an alert's flow, or its packet turned by `direction`. */
function ends(ev: EveEvent, alert: boolean): { client: Endpoint; server: Endpoint } | undefined {
  if (alert && ev.flow && typeof ev.flow === 'object') {
    const client = endpoint(ev.flow.src_ip, ev.flow.src_port);
    const server = endpoint(ev.flow.dest_ip, ev.flow.dest_port);
    if (client && server) return { client, server };
  }
  const src = endpoint(ev.src_ip, ev.src_port);
  const dest = endpoint(ev.dest_ip, ev.dest_port);
  if (!src || !dest) return undefined;
  return alert && ev.direction === 'to_client' ? { client: dest, server: src } : { client: src, server: dest };
}

/**
 * The handshake an event tells of, or undefined when it tells of none (another event type, an alert without tls)
 * or names no connection (`malformed` is then set).
 */
export function eveHandshake(ev: EveEvent, source: SourceRef, flowId: string | undefined, onBadCert: (index: number) => void): EveHandshake | 'malformed' | undefined {
  const type = ev.event_type;
  if (type !== 'tls' && type !== 'alert') return undefined;
  const t = ev.tls;
  if (!t || typeof t !== 'object') return undefined;
  const where = ends(ev, type === 'alert');
  if (!where) return 'malformed';
  const versionName = typeof t.version === 'string' ? t.version : undefined;
  const version = versionName === undefined ? undefined : versionCode(versionName);
  const dtls = ev.proto === 'UDP' || (versionName?.startsWith('DTLS') ?? false);
  const server = sideCerts(t, onBadCert);
  const client = sideCerts(t.client && typeof t.client === 'object' ? t.client : undefined, onBadCert);
  const h: EveHandshake = {
    source,
    ts: eveTime(ev.timestamp) ?? { sec: 0, nsec: 0 },
    client: where.client,
    server: where.server,
    transport: dtls ? 'udp' : 'tcp',
    protocol: dtls ? 'dtls' : 'tls',
    serverChain: { status: status(server.length, version), certs: server },
    clientChain: { status: status(client.length, version), certs: client },
    certificateRequested: client.length > 0,
    completed: version !== undefined,
    resumed: t.session_resumed === true,
    anomalies: [],
    eventType: type,
  };
  if (flowId !== undefined) h.flowId = flowId;
  if (version !== undefined) h.version = version;
  if (versionName) h.versionName = versionName;
  if (typeof t.sni === 'string' && t.sni !== '') h.serverName = t.sni;
  const ja3 = fingerprint(t.ja3);
  if (ja3) h.ja3 = ja3;
  const ja3s = fingerprint(t.ja3s);
  if (ja3s) h.ja3s = ja3s;
  if (typeof t.ja4 === 'string' && t.ja4 !== '') h.ja4 = { value: t.ja4, raw: '' };
  return h;
}
