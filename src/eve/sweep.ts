/**
 * Incremental sweeps over EVE logs, with the cursors Zeek logs use (src/logs/): each file resumes where the last
 * sweep left it, found again by inode or, for the gzip archive of a rotated eve.json, by content. Saved with
 * `commit` once the sightings read are recorded.
 */
import { LogSweep, type SweepCounters } from '../logs/log-sweep';
import type { CursorKeeper } from '../logs/types';
import { EveLineSink, readEveBatches, type EveFileState } from './read-eve';
import type { EveAnomalySink, EveHandshake } from './types';

export interface EveSweepHooks {
  onAnomaly?: EveAnomalySink;
  onProblem?: (file: string, message: string) => void;
  signal?: AbortSignal;
  /** How far into a file (as on disk) reading is, after each chunk. */
  onRead?: (file: string, fileBytes: number) => void;
}

export class EveSweep {
  private readonly files: LogSweep<EveFileState>;

  /** `follow`: the files will be read on as they grow (`scan --follow`). */
  constructor(private readonly keeper: CursorKeeper | undefined, private readonly window: { since?: number; until?: number } = {}, follow = false) {
    this.files = new LogSweep(keeper, follow);
  }

  /** The file reader under the sweep (where each file ended; followed files' new ends). */
  get logs(): LogSweep<EveFileState> {
    return this.files;
  }

  /** A followed file's lines, from where the sweep left it. */
  lineSink(name: string, state: EveFileState | undefined, onAnomaly?: EveAnomalySink): EveLineSink {
    return new EveLineSink(name, onAnomaly, this.window, state);
  }

  get counters(): SweepCounters {
    return this.files.counters;
  }

  async *readBatches(names: string[], hooks: EveSweepHooks = {}): AsyncGenerator<EveHandshake[]> {
    for await (const pass of this.files.passes(names, hooks.onProblem, hooks.onRead)) {
      const inputs = pass.files.map((f) => ({ name: f.name, batches: f.batches, ...(f.resume ? { resume: f.resume } : {}) }));
      yield* readEveBatches(inputs, hooks.onAnomaly, {
        ...this.window,
        signal: hooks.signal,
        onFileDone: (name, stop) => pass.done(name, { line: stop.line, state: { line: stop.line }, lastTime: stop.lastTime, held: stop.held || stop.stopped }),
      });
      if (hooks.signal?.aborted) break;
    }
  }

  /** Saves the cursors (after the sightings they led to are recorded). */
  async commit(): Promise<void> {
    if (!this.keeper) return;
    await this.keeper.save(await this.files.toSave());
  }
}
