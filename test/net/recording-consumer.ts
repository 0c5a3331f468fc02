/** A StreamConsumer that records every call, with bytes copied (the views are only valid during the call). */
import type { Packet } from '../../src/capture/types';
import type { Direction, Flow, FlowEndReason, StreamConsumer } from '../../src/net/types';

export type Event =
  | { kind: 'data'; flow: Flow; dir: Direction; data: Buffer; frame: number; sec: number }
  | { kind: 'gap'; flow: Flow; dir: Direction; bytes: number }
  | { kind: 'datagram'; flow: Flow; dir: Direction; data: Buffer; frame: number }
  | { kind: 'end'; flow: Flow; reason: FlowEndReason };

export class RecordingConsumer implements StreamConsumer {
  readonly events: Event[] = [];
  /** Called after each data event is recorded (e.g. to release the flow from inside the callback). */
  onData?: (flow: Flow, dir: Direction) => void;

  onStreamData(flow: Flow, dir: Direction, data: Buffer, ts: { sec: number }, frame: number): void {
    this.events.push({ kind: 'data', flow, dir, data: Buffer.from(data), frame, sec: ts.sec });
    this.onData?.(flow, dir);
  }
  onStreamGap(flow: Flow, dir: Direction, bytes: number): void {
    this.events.push({ kind: 'gap', flow, dir, bytes });
  }
  onDatagram(flow: Flow, dir: Direction, data: Buffer, _ts: unknown, frame: number): void {
    this.events.push({ kind: 'datagram', flow, dir, data: Buffer.from(data), frame });
  }
  onFlowEnd(flow: Flow, reason: FlowEndReason): void {
    this.events.push({ kind: 'end', flow, reason });
  }

  flows(): Flow[] {
    return [...new Set(this.events.map((e) => e.flow))];
  }
  /** All bytes of one direction of one flow (gaps left out). */
  stream(flow: Flow, dir: Direction): Buffer {
    return Buffer.concat(this.events.flatMap((e) => (e.kind === 'data' && e.flow === flow && e.dir === dir ? [e.data] : [])));
  }
  /** The direction's sequence of data strings and gap markers, e.g. ['abc', '<gap 3>', 'ghi']. */
  pieces(flow: Flow, dir: Direction): string[] {
    return this.events.flatMap((e) => {
      if (e.flow !== flow || !('dir' in e) || e.dir !== dir) return [];
      if (e.kind === 'data') return [e.data.toString('latin1')];
      if (e.kind === 'gap') return [`<gap ${e.bytes}>`];
      return [];
    });
  }
  ends(): Array<[Flow, FlowEndReason]> {
    return this.events.flatMap((e) => (e.kind === 'end' ? [[e.flow, e.reason] as [Flow, FlowEndReason]] : []));
  }
}

/** Packets for FlowTable.onPacket, one second apart from `start` unless times are given. */
export function packets(frames: Buffer[], linkType: number, opts: { start?: number; times?: number[] } = {}): Packet[] {
  const start = opts.start ?? 1_700_000_000;
  return frames.map((data, i) => ({
    frame: i + 1,
    tsSec: opts.times ? Math.floor(opts.times[i]) : start + i,
    tsNsec: 0,
    linkType,
    buf: data,
    off: 0,
    len: data.length,
    origLen: data.length,
  }));
}
