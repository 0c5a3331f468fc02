/** Buffered line output to a stream, honouring back-pressure; a closed pipe (`| head`) ends output quietly. */
import type { Writable } from 'node:stream';

const FLUSH_BYTES = 64 * 1024;

export class LineWriter {
  private pending: string[] = [];
  private pendingBytes = 0;
  private closed = false;
  private draining: Promise<void> | undefined;

  constructor(private readonly out: Writable) {
    // A reader that went away (EPIPE) or any other write failure ends the output; throwing from this listener
    // would surface as a stack trace.
    out.on('error', () => {
      this.closed = true;
    });
  }

  /** True once the reader went away; callers may stop producing. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues a line; `flush` (awaited between input chunks) writes the queue out. */
  line(text: string): void {
    if (this.closed) return;
    this.pending.push(text);
    this.pendingBytes += text.length + 1;
  }

  /** True when enough is queued that the producer should await `flush`. */
  get wantsFlush(): boolean {
    return this.pendingBytes >= FLUSH_BYTES;
  }

  async flush(): Promise<void> {
    if (this.closed || this.pending.length === 0) return;
    // Each line encoded straight into one chunk: joining them first copied the output once more.
    const chunk = Buffer.allocUnsafe(this.pendingBytes * 3);
    let at = 0;
    for (const text of this.pending) {
      at += chunk.write(text, at);
      chunk[at++] = 0x0a;
    }
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.out.write(chunk.subarray(0, at))) await this.drained();
  }

  /**
   * The stream's next drain (or error), one wait shared by every flush that meets back-pressure: a producer that
   * flushes without awaiting (scan writes findings as they come) would otherwise add two listeners a chunk, and
   * Node's MaxListenersExceededWarning would break certhound's one-line stderr.
   */
  private drained(): Promise<void> {
    this.draining ??= new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('error', done);
        this.draining = undefined;
        resolve();
      };
      this.out.once('drain', done);
      this.out.once('error', done);
    });
    return this.draining;
  }
}
