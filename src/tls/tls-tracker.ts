import type { Timestamp } from '../capture/types';
import type { Direction, Flow, FlowEndReason, StreamConsumer } from '../net/types';
import { DirectionReader } from './direction-reader';
import { addFingerprints } from './fingerprints';
import { MAX_DTLS_DATAGRAMS_BEFORE_HELLO } from './consts';
import { DtlsFlow, looksLikeDtls } from './dtls';
import { HandshakeAssembler } from './handshake-assembler';
import { classifyPreamble } from './preamble';
import type { CarrierProtocol, Handshake, TlsStats } from './types';

export interface TlsTrackerOptions {
  /** Keep each certificate's DER in `CertBlob.der` (x509/ needs it; a fingerprint-only run may not). */
  keepDer: boolean;
  /** Compute JA3/JA3S/JA4/JA4S on each handshake (off only to measure what they cost). */
  fingerprints: boolean;
}

const DEFAULT_OPTIONS: TlsTrackerOptions = { keepDer: true, fingerprints: true };

/** Per-flow state, kept in `flow.app`. */
class FlowTls {
  readonly readers: [DirectionReader, DirectionReader];
  /** Emitted or given up: later data of the flow is ignored. */
  over = false;

  constructor(readonly asm: HandshakeAssembler) {
    this.readers = [new DirectionReader(0, asm), new DirectionReader(1, asm)];
  }

  get gaveUp(): boolean {
    return this.readers[0].gaveUp || this.readers[1].gaveUp;
  }

  get holdsPartial(): boolean {
    return this.readers[0].holdsPartial || this.readers[1].holdsPartial;
  }

  carrier(serverPort: number): CarrierProtocol {
    const clientDir = this.asm.clientDirection;
    return classifyPreamble(this.readers[clientDir].preamble, this.readers[clientDir === 0 ? 1 : 0].preamble, serverPort);
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

  constructor(
    private readonly file: string,
    private readonly emit: (h: Handshake) => void,
    private readonly release: (flow: Flow) => void,
    opts: Partial<TlsTrackerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_OPTIONS, ...opts };
  }

  onStreamData(flow: Flow, dir: Direction, data: Buffer, _ts: Timestamp, _frame: number): void {
    const st = this.stateOf(flow);
    if (st.over) return;
    st.readers[dir].feed(data);
    this.check(flow, st);
  }

  onStreamGap(flow: Flow, dir: Direction, bytes: number): void {
    const st = this.stateOf(flow);
    if (st.over) return;
    st.readers[dir].gap(bytes);
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
    const st = new DtlsFlow(this.newAssembler(flow), before);
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
      return;
    }
    if (st.holdsPartial) st.asm.anomaly('truncated-handshake');
    this.emitHandshake(st);
  }

  private stateOf(flow: Flow): FlowTls {
    if (flow.app instanceof FlowTls) return flow.app;
    const st = new FlowTls(this.newAssembler(flow));
    flow.app = st;
    return st;
  }

  private newAssembler(flow: Flow): HandshakeAssembler {
    return new HandshakeAssembler({
      source: { file: this.file, frame: flow.startFrame },
      ts: flow.start,
      transport: flow.transport,
      endpoints: [flow.client, flow.server],
      keepDer: this.opts.keepDer,
    });
  }

  private check(flow: Flow, st: FlowState): void {
    const asm = st.asm;
    if (asm.sawHello) {
      if (!asm.finished) return;
      st.over = true;
      this.emitHandshake(st);
      this.release(flow);
      return;
    }
    if (asm.finished || st.gaveUp) {
      st.over = true;
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
