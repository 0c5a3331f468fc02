import type { Timestamp } from '../capture/types';
import type { Direction, Endpoint, Transport } from '../net/types';
import { certBlob } from './cert-blob';
import { parseCertificateList } from './certificate';
import { parseClientHello } from './client-hello';
import { HANDSHAKE_TYPE, MAX_CERTIFICATES_PER_MESSAGE, isTls13 } from './consts';
import { parseServerHello } from './server-hello';
import type {
  CarrierProtocol, CertBlob, Chain, ClientHello, Handshake, ServerHello, SourceRef, TlsAnomalyKind,
} from './types';

/**
 * What the assembler needs to know of the connection; nothing of TCP, so a DTLS front end can use it too. All but
 * `keepDer` are read only when the handshake is built.
 */
export interface AssemblerContext {
  readonly source: SourceRef;
  readonly ts: Timestamp;
  readonly transport: Transport;
  /** Sender of direction 0 and of direction 1. */
  readonly endpoints: readonly [Endpoint, Endpoint];
  /** Keep each certificate's DER (`CertBlob.der`); digests are always computed. */
  readonly keepDer: boolean;
}

/** Anomalies kept per handshake (each is also counted by the tracker); the rest are dropped. */
const MAX_ANOMALIES = 16;

interface SeenCertificate {
  certs: CertBlob[];
}

function other(dir: Direction): Direction {
  return dir === 0 ? 1 : 0;
}

/**
 * Builds one Handshake from the handshake messages and ChangeCipherSpec/alert events of both directions.
 * Roles come from the messages: the ClientHello sender is the TLS client; a Certificate from the ServerHello
 * sender is the server chain, from the other side the client chain.
 */
export class HandshakeAssembler {
  readonly anomalies: TlsAnomalyKind[] = [];
  private clientDir?: Direction;
  private serverHelloDir?: Direction;
  private clientHello?: ClientHello;
  private serverHello?: ServerHello;
  private helloRetryRequest = false;
  private readonly certificates: [SeenCertificate | undefined, SeenCertificate | undefined] = [undefined, undefined];
  private readonly changeCipherSpecSeen: [boolean, boolean] = [false, false];
  private readonly serverHelloDoneSeen: [boolean, boolean] = [false, false];
  private certificateRequested = false;
  private alertSeen = false;
  private helloSeen = false;

  constructor(private readonly ctx: AssemblerContext) {}

  /** A ClientHello or ServerHello (TLS or SSLv2) was seen: there is a handshake to report. */
  get sawHello(): boolean {
    return this.helloSeen;
  }

  /** Nothing more will be visible: both ChangeCipherSpecs, a TLS 1.3 ServerHello, an SSLv2 SERVER-HELLO or an alert. */
  get finished(): boolean {
    return this.alertSeen || this.completed;
  }

  /** After a HelloRetryRequest, TLS 1.3 middlebox-compatibility ChangeCipherSpecs precede plaintext hellos. */
  get parsesPastChangeCipherSpec(): boolean {
    return this.helloRetryRequest && !this.finished;
  }

  private get version(): number | undefined {
    return this.serverHello ? this.serverHello.selectedVersion ?? this.serverHello.legacyVersion : undefined;
  }

  private get completed(): boolean {
    const sh = this.serverHello;
    if (sh && !sh.helloRetryRequest && (sh.sslv2 || isTls13(this.version))) return true;
    // After a HelloRetryRequest both sides' ChangeCipherSpecs are TLS 1.3 compatibility records, not the end.
    if (this.helloRetryRequest) return false;
    return this.changeCipherSpecSeen[0] && this.changeCipherSpecSeen[1];
  }

  anomaly(kind: TlsAnomalyKind): void {
    if (this.anomalies.length < MAX_ANOMALIES) this.anomalies.push(kind);
  }

  /** One complete handshake message (`body` without its header; a view valid during the call). */
  handshakeMessage(dir: Direction, msgType: number, body: Buffer, recordVersion: number): void {
    if (msgType === HANDSHAKE_TYPE.CLIENT_HELLO || msgType === HANDSHAKE_TYPE.SERVER_HELLO) this.helloSeen = true;
    switch (msgType) {
      case HANDSHAKE_TYPE.CLIENT_HELLO: return this.onClientHello(dir, body, recordVersion);
      case HANDSHAKE_TYPE.SERVER_HELLO: return this.onServerHello(dir, body, recordVersion);
      case HANDSHAKE_TYPE.HELLO_RETRY_REQUEST_DRAFT:
        this.helloRetryRequest = true;
        this.serverHelloDir ??= dir;
        return;
      case HANDSHAKE_TYPE.CERTIFICATE: return this.onCertificate(dir, body);
      case HANDSHAKE_TYPE.CERTIFICATE_REQUEST:
        this.certificateRequested = true;
        return;
      case HANDSHAKE_TYPE.SERVER_HELLO_DONE:
        this.serverHelloDoneSeen[dir] = true;
        return;
      default:
        return;
    }
  }

  changeCipherSpec(dir: Direction): void {
    this.changeCipherSpecSeen[dir] = true;
  }

  /** A plaintext fatal alert or close_notify ends what can be seen of the handshake. */
  alert(): void {
    this.alertSeen = true;
  }

  /** An SSLv2 CLIENT-HELLO, already parsed. */
  sslv2ClientHello(dir: Direction, hello: ClientHello): void {
    this.helloSeen = true;
    if (this.clientHello) return;
    this.clientHello = hello;
    this.clientDir = dir;
  }

  /** An SSLv2 SERVER-HELLO and the certificate it carries (empty when the session was resumed). */
  sslv2ServerHello(dir: Direction, hello: ServerHello, certificate: Buffer): void {
    this.helloSeen = true;
    this.serverHello = hello;
    this.serverHelloDir = dir;
    if (certificate.length > 0) this.certificates[dir] = { certs: [certBlob(certificate, this.ctx.keepDer)] };
  }

  private onClientHello(dir: Direction, body: Buffer, recordVersion: number): void {
    // The second ClientHello after a HelloRetryRequest is not kept: fingerprints use the first.
    if (this.clientDir !== undefined) return;
    this.clientDir = dir;
    const parsed = parseClientHello(body, recordVersion);
    if (parsed.ok) this.clientHello = parsed.value;
    else this.anomaly('malformed-client-hello');
  }

  private onServerHello(dir: Direction, body: Buffer, recordVersion: number): void {
    if (this.serverHello && !this.serverHello.helloRetryRequest) return;
    this.serverHelloDir = dir;
    const parsed = parseServerHello(body, recordVersion);
    if (!parsed.ok) {
      this.anomaly('malformed-server-hello');
      return;
    }
    this.serverHello = parsed.value;
    if (parsed.value.helloRetryRequest) this.helloRetryRequest = true;
  }

  private onCertificate(dir: Direction, body: Buffer): void {
    if (this.certificates[dir]) return;
    const parsed = parseCertificateList(body, isTls13(this.version), MAX_CERTIFICATES_PER_MESSAGE);
    if (!parsed.ok) {
      this.anomaly('malformed-certificate');
      return;
    }
    if (parsed.value.truncated) this.anomaly('malformed-certificate');
    if (parsed.value.tooMany) this.anomaly('too-many-certificates');
    this.certificates[dir] = { certs: parsed.value.certs.map((der) => certBlob(der, this.ctx.keepDer)) };
  }

  /** The direction the TLS client sends in (the ClientHello sender, or the side opposite the ServerHello). */
  get clientDirection(): Direction {
    return other(this.serverDir);
  }

  private get serverDir(): Direction {
    if (this.serverHelloDir !== undefined) return this.serverHelloDir;
    if (this.clientDir !== undefined) return other(this.clientDir);
    return 1;
  }

  private chainOf(dir: Direction, tls13: boolean): Chain {
    const seen = this.certificates[dir];
    if (seen) return { status: seen.certs.length > 0 ? 'present' : 'empty', certs: seen.certs };
    return { status: tls13 ? 'encrypted' : 'absent', certs: [] };
  }

  /** The Handshake as seen so far. */
  build(protocol: CarrierProtocol): Handshake {
    const serverDir = this.serverDir;
    const clientDir = other(serverDir);
    const version = this.version;
    const sh = this.serverHello;
    const tls13 = sh !== undefined && !sh.helloRetryRequest && isTls13(version);
    const serverChain = this.chainOf(serverDir, tls13);
    const resumed = sh !== undefined && !sh.sslv2 && !isTls13(version) && this.changeCipherSpecSeen[serverDir]
      && this.certificates[serverDir] === undefined && !this.serverHelloDoneSeen[serverDir];
    const handshake: Handshake = {
      source: this.ctx.source,
      ts: this.ctx.ts,
      client: this.ctx.endpoints[clientDir],
      server: this.ctx.endpoints[serverDir],
      transport: this.ctx.transport,
      protocol,
      version,
      cipherSuite: sh?.cipherSuite,
      serverName: this.clientHello?.serverName,
      alpn: sh?.alpn,
      clientHello: this.clientHello,
      serverHello: sh,
      serverChain,
      clientChain: this.chainOf(clientDir, tls13),
      certificateRequested: this.certificateRequested,
      completed: this.completed,
      resumed,
      anomalies: this.anomalies,
    };
    if (this.helloRetryRequest) handshake.helloRetryRequest = true;
    return handshake;
  }
}
