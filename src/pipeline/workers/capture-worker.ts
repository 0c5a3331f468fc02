/**
 * A capture worker thread: reads captures through net and tls (`captureHandshakes`, as a scan on one thread does)
 * and posts each handshake and problem to the main thread with its place in one thread's order, a batch per
 * chunk read, with how far it has read. It waits when the main thread holds MAX_UNTAKEN of its records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CaptureFormatError, InputError, openInput, type CaptureInput } from '../../capture';
import { FlowShare } from '../../net/flow-share';
import { BlobFacts } from '../blob-facts';
import { captureHandshakes, inWindow, type CaptureProgress } from '../capture-handshakes';
import { loadRenderer } from '../connection-renderer';
import type { InputProblem } from '../extract';
import { addCaptureStats, emptyStats } from '../extract-stats';
import type { Delivery, FromWorker, ToWorker, WorkerSetup } from './messages';
import { END, WATERMARK_END, type Placed } from './ordered-merge';
import { HandshakeEncoder } from './wire';
import { PresentedLinks } from '../../x509/presented-links';

/** Records posted and not yet taken by the main thread before this worker waits. */
export const MAX_UNTAKEN = 8192;

const setup = workerData as WorkerSetup;
const port = parentPort as NonNullable<typeof parentPort>;
const encoder = new HandshakeEncoder();
const render = setup.renderConnection && loadRenderer(setup.renderConnection);
const facts = new BlobFacts();
// The costliest part of judging a chain, made here beside the packets while the main thread judges and writes.
const links = setup.checkLinks ? new PresentedLinks() : undefined;
let untaken = 0;
let resume: (() => void) | undefined;
let nextFile: ((index: number | null) => void) | undefined;

port.on('message', (m: ToWorker) => {
  if (m.kind === 'credit') {
    untaken -= m.records;
    if (untaken < MAX_UNTAKEN && resume) {
      const go = resume;
      resume = undefined;
      go();
    }
  } else {
    nextFile?.(m.index);
    nextFile = undefined;
  }
});

function post(m: FromWorker): void {
  port.postMessage(m);
}

class CaptureReader {
  private records: Placed<Delivery>[] = [];
  private lines = '';
  private seq = 0;
  private readonly progress: CaptureProgress = { frame: 0 };
  /** This worker speaks for the capture as a whole: its problems, progress and counts of packets. */
  private readonly speaks: boolean;

  constructor(private readonly index: number, private readonly share: FlowShare | undefined) {
    this.speaks = share === undefined || share.index === 0;
  }

  private problem(p: InputProblem): void {
    if (this.speaks) this.records.push({ position: [this.index, END, END, this.seq++], value: { problem: p } });
  }

  /** Posts what was made since the last post; waits while the main thread holds too many untaken records. */
  private async flush(frame: number): Promise<void> {
    const records = this.records;
    const lines = this.lines;
    this.records = [];
    this.lines = '';
    untaken += records.length;
    post({ kind: 'records', records: JSON.stringify(records), lines, watermark: [this.index, frame], signatures: links?.takeMade() ?? [] });
    if (untaken >= MAX_UNTAKEN) await new Promise<void>((go) => (resume = go));
  }

  private async *paced(input: CaptureInput): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      if (this.speaks) post({ kind: 'progress', file: input.file, bytes: input.rawBytes });
      yield chunk;
      // the chunk's packets are all processed: every later record comes from a later frame
      await this.flush(Math.min(this.progress.frame, END));
    }
  }

  async read(file: string): Promise<void> {
    const warn = (w: { message: string; offset: number }) => this.problem({ file, message: w.message, offset: w.offset, fatal: false });
    try {
      const run = await captureHandshakes(file, this.paced(openInput(file, { onWarning: warn })), (h, flow, frame) => {
        if (!inWindow(h, setup)) return;
        links?.check(h.serverChain.certs);
        links?.check(h.clientChain.certs);
        const position = [this.index, Math.min(frame, END), flow.lastFrame, this.seq++] as const;
        if (!render) return void this.records.push({ position, value: { handshake: encoder.encode(h) } });
        this.lines += `${render(h, facts.factsOf)}\n`;
        this.records.push({ position, value: { handshake: encoder.encode(h), rendered: true } });
      }, setup, this.share, this.progress);
      const stats = emptyStats();
      stats.captures = 1;
      addCaptureStats(stats, run.net, run.tracker, run.summary);
      post({ kind: 'counted', stats });
      for (const a of run.summary.anomalies) this.problem({ file, message: a.message, offset: a.offset, fatal: false });
    } catch (err) {
      if (!(err instanceof CaptureFormatError || err instanceof InputError)) throw err;
      this.problem({ file, message: err.message, fatal: true });
    }
    await this.flush(END);
  }
}

function askForFile(): Promise<number | null> {
  return new Promise((got) => {
    nextFile = got;
    post({ kind: 'next' });
  });
}

async function main(): Promise<void> {
  if (setup.mode === 'flows') {
    // one worker follows every flow: no hash to make per packet
    const share = setup.workers > 1 ? new FlowShare(setup.worker, setup.workers) : undefined;
    for (let i = 0; i < setup.files.length; i++) await new CaptureReader(i, share).read(setup.files[i]);
  } else {
    for (let i = await askForFile(); i !== null; i = await askForFile()) await new CaptureReader(i, undefined).read(setup.files[i]);
  }
  post({ kind: 'records', records: '[]', lines: '', watermark: WATERMARK_END, signatures: [] });
  post({ kind: 'done' });
}

void main();
