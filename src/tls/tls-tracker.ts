import type { Timestamp } from '../capture/types';
import type { Direction, Flow, FlowEndReason, StreamConsumer } from '../net/types';
import { FlowContext, FlowTls } from './flow-tls';
import { addFingerprints } from './fingerprints';
import { MAX_DTLS_DATAGRAMS_BEFORE_HELLO, MAX_TLS_HELD_BYTES } from './consts';
import { DtlsFlow, looksLikeCapwapDtls, looksLikeDtls } from './dtls';
import { HandshakeAssembler } from './handshake-assembler';
import { HeldBytes } from './held-bytes';
import { looksLikeOpenVpnDatagram } from './openvpn';
import type { Handshake, TlsStats } from './types';

export interface TlsTrackerOptions {
  /** Keep each certificate's DER in `CertBlob.der` (x509/ needs it; a fingerprint-only run may not). */
  keepDer: boolean;
  /** Compute JA3/JA3S/JA4/JA4S on each handshake (off only to measure what they cost). */
  fingerprints: boolean;
  /** Bytes held between packets over all flows (partial records and messages, preambles). */
  maxHeldBytes: number;
}

const DEFAULT_OPTIONS: TlsTrackerOptions = { keepDer: true, fingerprints: true, maxHeldBytes: MAX_TLS_HELD_BYTES };

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
    /** Each handshake, with the flow it came from. */
    private readonly emit: (h: Handshake, flow: Flow) => void,
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
    st.streamData(dir, data);
    this.check(flow, st);
  }

  onStreamGap(flow: Flow, dir: Direction, bytes: number): void {
    const st = this.stateOf(flow);
    if (st.over) return;
    st.streamGap(dir, bytes);
    this.check(flow, st);
  }

  onDatagram(flow: Flow, dir: Direction, data: Buffer, _ts: Timestamp, _frame: number): void {
    const app = flow.app;
    if (app instanceof DtlsFlow || app instanceof FlowTls) {
      if (app.over) return;
      app.datagram(dir, data);
      this.check(flow, app);
      return;
    }
    const before = typeof app === 'number' ? app : 0;
    let st: FlowState;
    // OpenVPN first: its structure is checked whole, while DTLS 1.3's unified header (001xxxxx) also fits its opcodes.
    if (looksLikeOpenVpnDatagram(data)) {
      st = FlowTls.overOpenVpn(this.newAssembler(flow), this.held);
    } else if (looksLikeDtls(data) || looksLikeCapwapDtls(data)) {
      st = new DtlsFlow(this.newAssembler(flow), this.held, before, !looksLikeDtls(data));
    } else {
      flow.app = before + 1;
      if (before + 1 >= MAX_DTLS_DATAGRAMS_BEFORE_HELLO) this.release(flow);
      return;
    }
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
    this.emitHandshake(st, flow);
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
      this.emitHandshake(st, flow);
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

  private emitHandshake(st: FlowState, flow: Flow): void {
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
    this.emit(h, flow);
  }
}
