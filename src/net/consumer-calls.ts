/**
 * Every call into the `StreamConsumer` goes through here. The consumer may call `FlowTable.release` from inside a
 * call: the released flow's `onFlowEnd` then follows right after the outermost call returns, never nested in it.
 */
import type { FlowDispatch, FlowRecord } from './flow-record';
import type { Direction, FlowEndReason, StreamConsumer } from './types';

export class ConsumerCalls implements FlowDispatch {
  private depth = 0;
  private readonly deferredEnds: FlowRecord[] = [];

  constructor(private readonly consumer: StreamConsumer) {}

  deliverData(flow: FlowRecord, dir: Direction, data: Buffer, tsSec: number, tsNsec: number, frame: number): void {
    this.depth++;
    try {
      this.consumer.onStreamData(flow, dir, data, { sec: tsSec, nsec: tsNsec }, frame);
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.deferredEnds.length > 0) this.runDeferredEnds();
  }

  deliverGap(flow: FlowRecord, dir: Direction, bytes: number): void {
    this.depth++;
    try {
      this.consumer.onStreamGap(flow, dir, bytes);
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.deferredEnds.length > 0) this.runDeferredEnds();
  }

  datagram(flow: FlowRecord, dir: Direction, data: Buffer, tsSec: number, tsNsec: number, frame: number): void {
    this.depth++;
    try {
      this.consumer.onDatagram(flow, dir, data, { sec: tsSec, nsec: tsNsec }, frame);
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.deferredEnds.length > 0) this.runDeferredEnds();
  }

  flowEnd(flow: FlowRecord, reason: FlowEndReason): void {
    this.depth++;
    try {
      this.consumer.onFlowEnd(flow, reason);
    } finally {
      this.depth--;
    }
    if (this.depth === 0 && this.deferredEnds.length > 0) this.runDeferredEnds();
  }

  /** The consumer released `flow`: its end is told now, or after the call in progress. */
  released(flow: FlowRecord): void {
    if (this.depth > 0) this.deferredEnds.push(flow);
    else this.flowEnd(flow, 'released');
  }

  private runDeferredEnds(): void {
    while (this.deferredEnds.length > 0) this.flowEnd(this.deferredEnds.shift() as FlowRecord, 'released');
  }
}
