import type { Timestamp } from '../capture/types';
import type { Direction, Endpoint, Flow, FlowEndReason, StreamConsumer, Transport } from '../net/types';
import { DirectionReader } from './direction-reader';
import { addFingerprints } from './fingerprints';
import { MAX_DTLS_DATAGRAMS_BEFORE_HELLO, MAX_TLS_HELD_BYTES } from './consts';
import { DtlsFlow, looksLikeDtls } from './dtls';
import { HandshakeAssembler, type AssemblerContext } from './handshake-assembler';
import { HeldBytes } from './held-bytes';
import { classifyPreamble } from './preamble';
import type { CarrierProtocol, Handshake, SourceRef, TlsStats } from './types';

export interface TlsTrackerOptions {
  /** Keep each certificate's DER in `CertBlob.der` (x509/ needs it; a fingerprint-only run may not). */
  keepDer: boolean;
  /** Compute JA3/JA3S/JA4/JA4S on each handshake (off only to measure what they cost). */
  fingerprints: boolean;
  /** Bytes held between packets over all flows (partial records and messages, preambles). */
  maxHeldBytes: number;
}

const DEFAULT_OPTIONS: TlsTrackerOptions = { keepDer: true, fingerprints: true, maxHeldBytes: MAX_TLS_HELD_BYTES };

const EMPTY = Buffer.alloc(0);

/** Per-flow state, kept in `flow.app`. A direction's reader is made when its first byte comes. */
class FlowTls {
  private readonly readers: [DirectionReader | null, DirectionReader | null] = [null, null];
  /** Emitted or given up: later data of the flow is ignored. */
  over = false;

  constructor(readonly asm: HandshakeAssembler, private readonly held: HeldBytes) {}

  reader(dir: Direction): DirectionReader {
    return (this.readers[dir] ??= new DirectionReader(dir, this.asm, this.held));
  }

  free(): void {
    this.readers[0]?.free();
    this.readers[1]?.free();
  }

  get gaveUp(): boolean {
    return (this.readers[0]?.gaveUp ?? false) || (this.readers[1]?.gaveUp ?? false);
  }

  get holdsPartial(): boolean {
    return (this.readers[0]?.holdsPartial ?? false) || (this.readers[1]?.holdsPartial ?? false);
  }

  carrier(serverPort: number): CarrierProtocol {
    const clientDir = this.asm.clientDirection;
    const preamble = (dir: Direction): Buffer => this.readers[dir]?.preamble ?? EMPTY;
    return classifyPreamble(preamble(clientDir), preamble(clientDir === 0 ? 1 : 0), serverPort);
  }
}

/**
 * What an assembler is told of its flow, read from the flow only when the handshake is built: a flood of flows
 * that never get that far never pays for endpoint text.
 */
class FlowContext implements AssemblerContext {
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

/** A stream (TLS) or datagram (DTLS) flow's state. */
type FlowState = FlowTls | DtlsFlow;

/**
 * Turns the ordered byte streams of TCP flows and the datagrams of UDP flows into Handshakes: one per TLS
 * connection or DTLS association, emitted as soon as the handshake is over (then the flow is released), or at
 * the flow's end if a hello was seen. A UDP flow keeps a datagram count in `flow.app` until DTLS shows up.
 */
export class TlsTracker implements StreamConsumer {
  readonly stats: TlsStats = {
    handshakes: 0, serverChains: 0, clientChains: 0, encrypted: 0, resumed: 0, malformed: {}, flowsWithoutTls: 0,
  };
  private readonly opts: TlsTrackerOptions;
  private readonly held: HeldBytes;

  constructor(
    private readonly file: string,
    private readonly emit: (h: Handshake) => void,
    private readonly release: (flow: Flow) => void,
    opts: Partial<TlsTrackerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_OPTIONS, ...opts };
    this.held = new HeldBytes(this.opts.maxHeldBytes);
  }

  /** Bytes held now over all flows, and how often the budget refused to hold more. */
  get heldBytes(): { used: number; refused: number } {
    return { used: this.held.used, refused: this.held.refused };
  }

  onStreamData(flow: Flow, dir: Direction, data: Buffer, _ts: Timestamp, _frame: number): void {
    const st = this.stateOf(flow);
    if (st.over) return;
    st.reader(dir).feed(data);
    this.check(flow, st);
  }

  onStreamGap(flow: Flow, dir: Direction, bytes: number): void {
    const st = this.stateOf(flow);
    if (st.over) return;
    st.reader(dir).gap(bytes);
    this.check(flow, st);
  }

  onDatagram(flow: Flow, dir: Direction, data: Buffer, _ts: Timestamp, _frame: number): void {
    const app = flow.app;
    if (app instanceof DtlsFlow) {
      if (app.over) return;
      app.datagram(dir, data);
      this.check(flow, app);
      return;
    }
    const before = typeof app === 'number' ? app : 0;
    if (!looksLikeDtls(data)) {
      flow.app = before + 1;
      if (before + 1 >= MAX_DTLS_DATAGRAMS_BEFORE_HELLO) this.release(flow);
      return;
    }
    const st = new DtlsFlow(this.newAssembler(flow), this.held, before);
    flow.app = st;
    st.datagram(dir, data);
    this.check(flow, st);
  }

  onFlowEnd(flow: Flow, _reason: FlowEndReason): void {
    const st = flow.app;
    if (!(st instanceof FlowTls || st instanceof DtlsFlow)) {
      if (flow.transport === 'tcp') this.stats.flowsWithoutTls++;
      return;
    }
    flow.app = undefined;
    if (st.over) return;
    st.over = true;
    if (!st.asm.sawHello) {
      if (flow.transport === 'tcp') this.stats.flowsWithoutTls++;
      st.free();
      return;
    }
    if (st.holdsPartial) st.asm.anomaly('truncated-handshake');
    this.emitHandshake(st);
    st.free();
  }

  /** Nothing more is read from the flow (after its handshake, if any, was emitted): what it held goes back to the budget. */
  private finish(st: FlowState): void {
    st.over = true;
    st.free();
  }

  private stateOf(flow: Flow): FlowTls {
    if (flow.app instanceof FlowTls) return flow.app;
    const st = new FlowTls(this.newAssembler(flow), this.held);
    flow.app = st;
    return st;
  }

  private newAssembler(flow: Flow): HandshakeAssembler {
    return new HandshakeAssembler(new FlowContext(this.file, flow, this.opts.keepDer));
  }

  private check(flow: Flow, st: FlowState): void {
    const asm = st.asm;
    if (asm.sawHello) {
      if (!asm.finished) return;
      st.over = true;
      this.emitHandshake(st);
      this.finish(st);
      this.release(flow);
      return;
    }
    if (asm.finished || st.gaveUp) {
      this.finish(st);
      if (flow.transport === 'tcp') this.stats.flowsWithoutTls++;
      this.release(flow);
    }
  }

  private emitHandshake(st: FlowState): void {
    const h = st.asm.build('tls');
    h.protocol = st.carrier(h.server.port);
    if (this.opts.fingerprints) addFingerprints(h);
    const s = this.stats;
    s.handshakes++;
    if (h.serverChain.status === 'present') s.serverChains++;
    if (h.clientChain.status === 'present') s.clientChains++;
    if (h.serverChain.status === 'encrypted') s.encrypted++;
    if (h.resumed) s.resumed++;
    for (const kind of h.anomalies) s.malformed[kind] = (s.malformed[kind] ?? 0) + 1;
    this.emit(h);
  }
}
