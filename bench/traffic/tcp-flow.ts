/**
 * One TCP connection as a sensor beside the clients sees it: three-way handshake, each side's bytes in MSS-sized
 * segments sent a window at a time, delayed ACKs (every second segment), then FIN both ways or a RST. On an
 * impaired path some segments are seen twice (lost past the sensor and sent again) and some arrive late (lost
 * before it: the retransmission comes after later segments), so the reader must reorder and drop duplicates.
 */
import { tcpFrame, TCP, type TcpHeader, type Wire } from './frames';
import type { Random } from './random';

/** A packet and when the sensor saw it (µs since the epoch). */
export interface Timed {
  t: number;
  frame: Buffer;
}

export interface Step {
  readonly from: 'client' | 'server';
  /** The bytes this side sends, in order (views are fine; a piece may repeat). */
  readonly pieces: readonly Buffer[];
  /** Time before the first byte (think time, server time), µs. */
  readonly pause: number;
}

export interface TcpFlowSpec {
  readonly wire: Wire;
  readonly start: number;
  /** Round trip past the sensor (client side ≈ 0), µs. */
  readonly rtt: number;
  readonly steps: readonly Step[];
  readonly close: 'fin' | 'rst';
  readonly timestamps: boolean;
  /** Share of data segments seen twice, and of segments seen late. */
  readonly duplicate: number;
  readonly late: number;
  readonly clientIsn: number;
  readonly serverIsn: number;
}

/** Segments per congestion window before the sender waits a round trip. */
const WINDOW_SEGMENTS = 40;
/** Wire time of a full segment at the path's bottleneck (100 Mbit/s), µs. */
const SEGMENT_GAP = 120;
/** The client's own answer time (it sits next to the sensor), µs. */
const LOCAL = 25;

/** Reads a step's pieces as consecutive segments of at most `mss` bytes. */
class PieceReader {
  private piece = 0;
  private off = 0;
  constructor(private readonly pieces: readonly Buffer[]) {}

  next(mss: number): Buffer | undefined {
    while (this.piece < this.pieces.length && this.off >= this.pieces[this.piece].length) {
      this.piece++;
      this.off = 0;
    }
    if (this.piece >= this.pieces.length) return undefined;
    const p = this.pieces[this.piece];
    if (p.length - this.off >= mss || this.piece === this.pieces.length - 1) {
      const out = p.subarray(this.off, Math.min(p.length, this.off + mss));
      this.off += out.length;
      return out;
    }
    const parts: Buffer[] = [];
    let left = mss;
    while (left > 0 && this.piece < this.pieces.length) {
      const q = this.pieces[this.piece];
      const take = q.subarray(this.off, this.off + left);
      parts.push(take);
      left -= take.length;
      this.off += take.length;
      if (this.off >= q.length) {
        this.piece++;
        this.off = 0;
      }
    }
    return Buffer.concat(parts);
  }
}

export function* tcpFlow(spec: TcpFlowSpec, rng: Random): Generator<Timed> {
  const { wire, rtt } = spec;
  const v6 = wire.client.ip.length === 16;
  const mss = (v6 ? 1440 : 1460) - (spec.timestamps ? 12 : 0);
  let cseq = spec.clientIsn >>> 0;
  let sseq = spec.serverIsn >>> 0;
  let ipId = rng.int(0, 0xffff);
  const tsBase = rng.int(1, 1 << 30);
  const ts = (t: number): number => (tsBase + Math.floor(t / 1000)) >>> 0;
  const header = (fromClient: boolean, flags: number, t: number, syn: boolean, ack: number | undefined): TcpHeader => ({
    seq: fromClient ? cseq : sseq, ack: ack ?? (fromClient ? sseq : cseq), flags, syn,
    ...(spec.timestamps ? { tsval: ts(t), tsecr: ts(t - rtt) } : {}),
  });
  /** A segment of one side at `t`; `ack` overrides what it acknowledges (a duplicate ACK below a hole). */
  const frame = (fromClient: boolean, flags: number, t: number, payload?: Buffer, syn = false, ack?: number): Timed =>
    ({ t, frame: tcpFrame(wire, fromClient, header(fromClient, flags, t, syn, ack), payload, ipId++) });

  let t = spec.start;
  yield frame(true, TCP.SYN, t, undefined, true);
  cseq = (cseq + 1) >>> 0;
  t += rtt;
  yield frame(false, TCP.SYN | TCP.ACK, t, undefined, true);
  sseq = (sseq + 1) >>> 0;
  t += LOCAL;
  yield frame(true, TCP.ACK, t);

  for (const step of spec.steps) {
    const fromClient = step.from === 'client';
    // The client's bytes pass the sensor at once; the server's one way later, and its ACKs come back a round trip later.
    t += step.pause + (fromClient ? LOCAL : rtt / 2);
    const reader = new PieceReader(step.pieces);
    let done = false;
    while (!done) {
      const window: Timed[] = [];
      const windowStart = t;
      // Server segments lost before the sensor, retransmitted later: the client's ACKs stop at the first of them.
      const late: Array<{ seq: number; at: number }> = [];
      for (let i = 0; i < WINDOW_SEGMENTS; i++) {
        const data = reader.next(mss);
        if (!data) {
          done = true;
          break;
        }
        const seq = fromClient ? cseq : sseq;
        const sent = frame(fromClient, TCP.ACK | TCP.PSH, t, data);
        if (fromClient) cseq = (cseq + data.length) >>> 0;
        else sseq = (sseq + data.length) >>> 0;
        if (!fromClient && rng.chance(spec.late)) {
          sent.t += rtt / 2 + SEGMENT_GAP * 3;
          late.push({ seq, at: sent.t });
        }
        window.push(sent);
        if (rng.chance(spec.duplicate)) window.push({ t: t + rtt + SEGMENT_GAP, frame: sent.frame });
        if (i % 2 === 1) {
          const at = t + (fromClient ? rtt : LOCAL);
          window.push(frame(!fromClient, TCP.ACK, at, undefined, false, late.find((l) => l.at > at)?.seq));
        }
        t += Math.max(8, Math.round((SEGMENT_GAP * data.length) / 1460));
      }
      window.sort((a, b) => a.t - b.t);
      yield* window;
      if (!done) t = Math.max(t, windowStart + rtt);
      else t = Math.max(t, window.length > 0 ? window[window.length - 1].t : t);
    }
  }

  t += rng.int(0, 3) === 0 ? rng.int(1, 30) * 1_000_000 : rng.int(1, 200) * 1000; // idle keep-alive before the close
  if (spec.close === 'rst') {
    yield frame(false, TCP.RST | TCP.ACK, t);
    return;
  }
  yield frame(true, TCP.FIN | TCP.ACK, t);
  cseq = (cseq + 1) >>> 0;
  t += rtt;
  yield frame(false, TCP.FIN | TCP.ACK, t);
  sseq = (sseq + 1) >>> 0;
  yield frame(true, TCP.ACK, t + LOCAL);
}
