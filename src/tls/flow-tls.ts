/** The tls stage's state of one TCP flow (or OpenVPN over UDP): a reader per direction, behind OpenVPN's framing when the flow is OpenVPN. */
import type { Timestamp } from '../capture/types';
import type { Direction, Endpoint, Flow, Transport } from '../net/types';
import { DirectionReader } from './direction-reader';
import type { AssemblerContext, HandshakeAssembler } from './handshake-assembler';
import type { HeldBytes } from './held-bytes';
import { looksLikeOpenVpnStream } from './openvpn';
import { OpenVpnChannel } from './openvpn-channel';
import { classifyPreamble } from './preamble';
import type { CarrierProtocol, SourceRef } from './types';

const EMPTY = Buffer.alloc(0);

/** Per-flow state, kept in `flow.app`. A direction's reader is made when its first TLS byte comes. */
export class FlowTls {
  private readonly readers: [DirectionReader | null, DirectionReader | null] = [null, null];
  /** Set when the flow is OpenVPN: its control channel hands the readers their TLS bytes. */
  private openvpn: OpenVpnChannel | null = null;
  /** Emitted or given up: later data of the flow is ignored. */
  over = false;

  constructor(readonly asm: HandshakeAssembler, private readonly held: HeldBytes) {}

  /** A flow found to be OpenVPN from its first datagram. */
  static overOpenVpn(asm: HandshakeAssembler, held: HeldBytes): FlowTls {
    const st = new FlowTls(asm, held);
    st.openvpn = st.channel();
    return st;
  }

  /** Bytes of a TCP direction. The flow's very first bytes tell whether it is OpenVPN. */
  streamData(dir: Direction, data: Buffer): void {
    if (this.openvpn === null && this.readers[0] === null && this.readers[1] === null && looksLikeOpenVpnStream(data)) {
      this.openvpn = this.channel();
    }
    if (this.openvpn !== null) this.openvpn.stream(dir, data);
    else this.reader(dir).feed(data);
  }

  streamGap(dir: Direction, bytes: number): void {
    if (this.openvpn !== null) this.openvpn.gap(dir);
    else this.reader(dir).gap(bytes);
  }

  /** One datagram of an OpenVPN-over-UDP flow. */
  datagram(dir: Direction, data: Buffer): void {
    this.openvpn?.datagram(dir, data);
  }

  free(): void {
    this.openvpn?.free();
    this.readers[0]?.free();
    this.readers[1]?.free();
  }

  get gaveUp(): boolean {
    return (this.openvpn?.encrypted ?? false) || (this.readers[0]?.gaveUp ?? false) || (this.readers[1]?.gaveUp ?? false);
  }

  get holdsPartial(): boolean {
    return (this.openvpn?.holdsPartial ?? false) || (this.readers[0]?.holdsPartial ?? false) || (this.readers[1]?.holdsPartial ?? false);
  }

  carrier(serverPort: number): CarrierProtocol {
    if (this.openvpn !== null) return 'openvpn';
    const clientDir = this.asm.clientDirection;
    const preamble = (dir: Direction): Buffer => this.readers[dir]?.preamble ?? EMPTY;
    return classifyPreamble(preamble(clientDir), preamble(clientDir === 0 ? 1 : 0), serverPort);
  }

  private reader(dir: Direction): DirectionReader {
    return (this.readers[dir] ??= new DirectionReader(dir, this.asm, this.held));
  }

  private channel(): OpenVpnChannel {
    return new OpenVpnChannel(this.asm, this.held, {
      tls: (dir, bytes) => this.reader(dir).feed(bytes),
      lost: (dir) => this.reader(dir).gap(1),
    });
  }
}

/**
 * What an assembler is told of its flow, read from the flow only when the handshake is built: a flood of flows
 * that never get that far never pays for endpoint text.
 */
export class FlowContext implements AssemblerContext {
  constructor(private readonly file: string, private readonly flow: Flow, readonly keepDer: boolean) {}

  get source(): SourceRef {
    return { file: this.file, frame: this.flow.startFrame };
  }

  get ts(): Timestamp {
    return this.flow.start;
  }

  get transport(): Transport {
    return this.flow.transport;
  }

  get endpoints(): readonly [Endpoint, Endpoint] {
    return [this.flow.client, this.flow.server];
  }
}
