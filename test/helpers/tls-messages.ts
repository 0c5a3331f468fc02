/**
 * Builds TLS/SSLv2 wire bytes for tests (RFC 8446, RFC 5246, draft-hickman-netscape-ssl-00 layouts), test
 * certificates with the openssl CLI, and a fake net/ Flow to drive a TlsTracker.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Direction, Flow } from '../../src/net/types';
import { TlsTracker } from '../../src/tls/tls-tracker';
import type { Handshake } from '../../src/tls/types';

export function u8(v: number): Buffer {
  return Buffer.from([v & 0xff]);
}

export function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v & 0xffff);
  return b;
}

export function u24(v: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(v, 0, 3);
  return b;
}

/** A vector with a 1-, 2- or 3-byte length prefix. */
export function vec(lengthBytes: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const len = lengthBytes === 1 ? u8(body.length) : lengthBytes === 2 ? u16(body.length) : u24(body.length);
  return Buffer.concat([len, body]);
}

export function u16s(values: number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

export const CT = { CCS: 20, ALERT: 21, HANDSHAKE: 22, APP_DATA: 23 } as const;
export const HS = { CLIENT_HELLO: 1, SERVER_HELLO: 2, CERTIFICATE: 11, SERVER_KEY_EXCHANGE: 12, CERTIFICATE_REQUEST: 13, SERVER_HELLO_DONE: 14, CLIENT_KEY_EXCHANGE: 16, FINISHED: 20 } as const;

export function record(type: number, version: number, fragment: Buffer): Buffer {
  return Buffer.concat([u8(type), u16(version), u16(fragment.length), fragment]);
}

/** `payload` of one content type cut into records of at most `maxFragment` bytes. */
export function records(type: number, version: number, payload: Buffer, maxFragment = 16384): Buffer {
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += maxFragment) {
    out.push(record(type, version, payload.subarray(off, off + maxFragment)));
  }
  return Buffer.concat(out);
}

export function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u24(body.length), body]);
}

export function extension(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(data.length), data]);
}

export interface ClientHelloSpec {
  version?: number;
  ciphers?: number[];
  sni?: string;
  alpn?: string[];
  supportedVersions?: number[];
  groups?: number[];
  pointFormats?: number[];
  sigAlgs?: number[];
  /** Extra raw extensions appended after the ones above (already encoded with `extension`). */
  extra?: Buffer[];
  /** Omit the extension block entirely (SSL 3.0 style). */
  noExtensions?: boolean;
}

export function clientHelloBody(spec: ClientHelloSpec = {}): Buffer {
  const exts: Buffer[] = [];
  if (spec.sni !== undefined) {
    exts.push(extension(0, vec(2, u8(0), vec(2, Buffer.from(spec.sni, 'latin1')))));
  }
  if (spec.groups) exts.push(extension(10, vec(2, u16s(spec.groups))));
  if (spec.pointFormats) exts.push(extension(11, vec(1, Buffer.from(spec.pointFormats))));
  if (spec.sigAlgs) exts.push(extension(13, vec(2, u16s(spec.sigAlgs))));
  if (spec.alpn) exts.push(extension(16, vec(2, ...spec.alpn.map((p) => vec(1, Buffer.from(p))))));
  if (spec.supportedVersions) exts.push(extension(43, vec(1, u16s(spec.supportedVersions))));
  exts.push(...(spec.extra ?? []));
  const parts = [
    u16(spec.version ?? 0x0303), Buffer.alloc(32, 0x11), vec(1, Buffer.alloc(32, 0x22)),
    vec(2, u16s(spec.ciphers ?? [0xc02f, 0x1301, 0x002f])), vec(1, u8(0)),
  ];
  if (!spec.noExtensions) parts.push(vec(2, ...exts));
  return Buffer.concat(parts);
}

/** RFC 8446 §4.1.3 HelloRetryRequest random. */
export const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface ServerHelloSpec {
  version?: number;
  cipher?: number;
  /** supported_versions selected_version (TLS 1.3). */
  selectedVersion?: number;
  alpn?: string;
  hrr?: boolean;
  noExtensions?: boolean;
}

export function serverHelloBody(spec: ServerHelloSpec = {}): Buffer {
  const exts: Buffer[] = [];
  if (spec.alpn) exts.push(extension(16, vec(2, vec(1, Buffer.from(spec.alpn)))));
  if (spec.selectedVersion !== undefined) exts.push(extension(43, u16(spec.selectedVersion)));
  const parts = [
    u16(spec.version ?? 0x0303), spec.hrr ? HRR_RANDOM : Buffer.alloc(32, 0x33), vec(1, Buffer.alloc(32, 0x22)),
    u16(spec.cipher ?? 0xc02f), u8(0),
  ];
  if (!spec.noExtensions) parts.push(vec(2, ...exts));
  return Buffer.concat(parts);
}

/** RFC 5246 §7.4.2 Certificate, or RFC 8446 §4.4.2 with `tls13` (empty context, no entry extensions). */
export function certificateBody(ders: Buffer[], tls13 = false): Buffer {
  const entries = ders.map((d) => (tls13 ? Buffer.concat([vec(3, d), vec(2)]) : vec(3, d)));
  return tls13 ? Buffer.concat([vec(1), vec(3, ...entries)]) : vec(3, ...entries);
}

export function ccs(version = 0x0303): Buffer {
  return record(CT.CCS, version, u8(1));
}

export function alert(version = 0x0303, level = 2, description = 40): Buffer {
  return record(CT.ALERT, version, Buffer.from([level, description]));
}

/** An opaque record standing for encrypted bytes (an encrypted Finished or application data). */
export function opaque(type: number, version = 0x0303, length = 40): Buffer {
  return record(type, version, Buffer.alloc(length, 0xee));
}

function sslv2Record(msg: Buffer): Buffer {
  return Buffer.concat([u16(0x8000 | msg.length), msg]);
}

/** SSLv2 CLIENT-HELLO with 3-byte cipher specs (version 0x0301 makes it an SSLv2-compatible TLS hello). */
export function sslv2ClientHello(version: number, specs: number[], challenge = Buffer.alloc(16, 0x44)): Buffer {
  const specBytes = Buffer.concat(specs.map(u24));
  return sslv2Record(Buffer.concat([
    u8(1), u16(version), u16(specBytes.length), u16(0), u16(challenge.length), specBytes, challenge,
  ]));
}

/** SSLv2 SERVER-HELLO carrying `cert`. */
export function sslv2ServerHello(cert: Buffer, specs: number[], connectionId = Buffer.alloc(16, 0x55)): Buffer {
  const specBytes = Buffer.concat(specs.map(u24));
  return sslv2Record(Buffer.concat([
    u8(4), u8(0), u8(1), u16(0x0002), u16(cert.length), u16(specBytes.length), u16(connectionId.length),
    cert, specBytes, connectionId,
  ]));
}

const certCache = new Map<string, Buffer>();

/** A self-signed RSA certificate (DER) made by the openssl CLI, with fixed-size padding in the subject via `ou`. */
export function makeCert(cn: string, ou = ''): Buffer {
  const key = `${cn}/${ou}`;
  const hit = certCache.get(key);
  if (hit) return hit;
  const dir = mkdtempSync(join(tmpdir(), 'certhound-tls-'));
  try {
    const out = join(dir, 'c.der');
    const subj = ou ? `/CN=${cn}/OU=${ou}` : `/CN=${cn}`;
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', subj, '-days', '1',
      '-keyout', join(dir, 'k.pem'), '-outform', 'DER', '-out', out], { stdio: 'ignore' });
    const der = readFileSync(out);
    certCache.set(key, der);
    return der;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const CLIENT = { ip: '10.0.0.1', port: 51000 } as const;
export const SERVER = { ip: '10.0.0.2', port: 443 } as const;

let nextFlowId = 1;

/** A net/ Flow as the flow table would hand it over. */
export function fakeFlow(client: { ip: string; port: number } = CLIENT, server: { ip: string; port: number } = SERVER): Flow {
  return {
    id: nextFlowId++, transport: 'tcp', client, server, start: { sec: 1700000000, nsec: 0 }, startFrame: 1, lastFrame: 1, app: undefined,
  };
}

/** One step of a test conversation: bytes of one direction, or a gap of `gap` lost bytes. */
export type Step = { dir: Direction; data: Buffer } | { dir: Direction; gap: number };

export interface TrackerRun {
  handshakes: Handshake[];
  released: number;
  tracker: TlsTracker;
  flow: Flow;
}

/**
 * Feeds `steps` to a fresh TlsTracker in segments of at most `segment` bytes, stopping once the flow is
 * released (as net/ would), then ends the flow.
 */
export function runTracker(steps: Step[], opts: { segment?: number; flow?: Flow; end?: boolean } = {}): TrackerRun {
  const handshakes: Handshake[] = [];
  let released = 0;
  const flow = opts.flow ?? fakeFlow();
  const tracker = new TlsTracker('test.pcap', (h) => handshakes.push(h), () => { released++; });
  const seg = opts.segment ?? 1460;
  const ts = { sec: 1700000000, nsec: 0 };
  outer: for (const step of steps) {
    if ('gap' in step) {
      tracker.onStreamGap(flow, step.dir, step.gap);
      continue;
    }
    for (let off = 0; off < step.data.length; off += seg) {
      if (released > 0) break outer;
      tracker.onStreamData(flow, step.dir, step.data.subarray(off, off + seg), ts, 1);
    }
  }
  if (opts.end !== false) tracker.onFlowEnd(flow, released > 0 ? 'released' : 'fin');
  return { handshakes, released, tracker, flow };
}
