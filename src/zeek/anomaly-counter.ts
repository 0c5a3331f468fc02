/** Per-file anomaly reporting: the first few of each kind one by one (with line numbers), the rest summed up. */
import { MAX_REPORTS_PER_KIND } from './consts';
import type { ZeekAnomalyKind, ZeekAnomalySink } from './types';

export class AnomalyCounter {
  private readonly counts = new Map<ZeekAnomalyKind, number>();

  constructor(readonly file: string, private readonly sink: ZeekAnomalySink | undefined) {}

  report(kind: ZeekAnomalyKind, line: number | undefined, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= MAX_REPORTS_PER_KIND && this.sink) {
      this.sink(line === undefined ? { kind, file: this.file, message } : { kind, file: this.file, line, message });
    }
  }

  /** A problem that ends the reading of this file. */
  fatal(kind: ZeekAnomalyKind, line: number | undefined, message: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.sink?.({ kind, file: this.file, ...(line === undefined ? {} : { line }), message, fatal: true });
  }

  count(kind: ZeekAnomalyKind): number {
    return this.counts.get(kind) ?? 0;
  }

  /** Reports how many of each kind went unreported; call once when the file is done. */
  flush(): void {
    for (const [kind, n] of this.counts) {
      if (n > MAX_REPORTS_PER_KIND && this.sink) {
        this.sink({ kind, file: this.file, message: `${n} lines in all with ${kind} (the first ${MAX_REPORTS_PER_KIND} reported one by one)`, count: n });
      }
    }
  }
}
