/**
 * One capture through net and tls: its handshakes as they complete, each with the flow it came from and the frame
 * whose processing completed it (`Infinity` for those the end of input flushes), and what the stages counted. The
 * one place a capture is run, by a scan on its own thread and by each capture worker.
 */
import { readCapture } from '../capture';
import type { CaptureSummary } from '../capture/types';
import { FlowTable } from '../net';
import type { FlowShare } from '../net/flow-share';
import type { Flow, NetStats } from '../net/types';
import { TlsTracker } from '../tls';
import type { Handshake } from '../tls/types';

export interface CaptureRun {
  readonly summary: CaptureSummary;
  readonly net: NetStats;
  readonly tracker: TlsTracker;
}

export type OnCaptureHandshake = (h: Handshake, flow: Flow, frame: number) => void;

/** How far a capture has been read: the frame at hand (`Infinity` once the end of input flushes the flows). */
export interface CaptureProgress {
  frame: number;
}

/**
 * `share`: follow only this worker's flows (every packet is still read and counted). `progress` is kept current
 * for a caller that says how far it has read.
 */
export async function captureHandshakes(
  file: string, chunks: AsyncIterable<Buffer>, onHandshake: OnCaptureHandshake, opts: { fingerprints?: boolean },
  share?: FlowShare, progress: CaptureProgress = { frame: 0 },
): Promise<CaptureRun> {
  let table: FlowTable | undefined;
  const tracker = new TlsTracker(file, (h, flow) => onHandshake(h, flow, progress.frame), (flow: Flow) => table?.release(flow), { fingerprints: opts.fingerprints ?? true });
  table = new FlowTable(tracker, {}, share);
  const flowTable = table;
  const summary = await readCapture(file, chunks, (pkt) => {
    progress.frame = pkt.frame;
    flowTable.onPacket(pkt);
  });
  progress.frame = Infinity;
  flowTable.finish();
  return { summary, net: flowTable.stats, tracker };
}

/** Whether a handshake falls inside `--since`/`--until` (epoch seconds). */
export function inWindow(h: Handshake, window: { since?: number; until?: number }): boolean {
  if (window.since === undefined && window.until === undefined) return true;
  const t = h.ts.sec + h.ts.nsec / 1e9;
  return !(window.since !== undefined && t < window.since) && !(window.until !== undefined && t >= window.until);
}
