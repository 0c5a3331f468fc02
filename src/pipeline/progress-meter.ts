/**
 * How far a run is through its inputs, in bytes as they are on disk (a gzip file counts its compressed bytes), for a
 * progress line and `--stats`: which file, its place among the inputs, bytes read of all of them and their total.
 * A file resumed at a cursor counts as read up to it.
 */
import { stat } from 'node:fs/promises';

export interface RunProgress {
  file: string;
  /** 1-based place of the file among the inputs, and how many there are. */
  index: number;
  files: number;
  /** Bytes read of all inputs so far, and their total on disk (stdin's is unknown, so not in it). */
  bytes: number;
  totalBytes: number;
}

interface Entry {
  index: number;
  size: number;
  read: number;
}

export class ProgressMeter {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  /** Bytes read of all inputs. */
  bytes = 0;

  constructor(private readonly report?: (p: RunProgress) => void) {}

  /** The inputs, in the order the walk found them, with their sizes. */
  async plan(files: readonly string[]): Promise<void> {
    for (const file of files) {
      const size = file === '-' ? 0 : (await stat(file).catch(() => undefined))?.size ?? 0;
      this.entries.set(file, { index: this.entries.size + 1, size, read: 0 });
      this.totalBytes += size;
    }
  }

  /** Reading `file` is `fileBytes` into it. */
  read(file: string, fileBytes: number): void {
    const e = this.entries.get(file);
    if (!e) return;
    this.bytes += fileBytes - e.read;
    e.read = fileBytes;
    this.report?.({ file, index: e.index, files: this.entries.size, bytes: this.bytes, totalBytes: this.totalBytes });
  }
}
