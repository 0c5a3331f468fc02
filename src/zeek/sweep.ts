/**
 * Incremental sweeps over Zeek log folders. Each file resumes from its cursor (src/logs/cursor-book.ts: by inode,
 * else by content for the gzip archive of a rotated file), so a line read once is not read again, whatever the
 * file is called now, and two files never share a cursor however alike they start. x509.log names a certificate
 * once a day, so the x509 lines a sweep read are carried to later sweeps for the ssl lines that name them then.
 * Cursors and carried lines are saved once the sweep's sightings are recorded (`commit`).
 */
import { LogSweep, type SweepCounters } from '../logs/log-sweep';
import type { CursorKeeper, CursorSave, LogCursor } from '../logs/types';
import { CARRY_X509_SECONDS, MAX_CARRIED_X509 } from './consts';
import { ZeekJoiner } from './join';
import type { ZeekFileState } from './log-file-reader';
import { readZeekBatches, ZeekLineSink, type ZeekLogInput } from './read-zeek';
import type { ZeekAnomalySink, ZeekFields, ZeekHandshake, ZeekLoneCertificate } from './types';

/** How far one Zeek log file was read. */
export type ZeekCursor = LogCursor<ZeekFileState>;

/** An x509.log line kept for later sweeps. */
export interface CarriedX509 {
  sha256: string;
  /** Its `ts` (epoch seconds; 0 when masked). */
  time: number;
  fields: ZeekFields;
}

export interface ZeekSweepSave extends CursorSave {
  carry: CarriedX509[];
  dropCarried: string[];
}

/** Where Zeek sweeps keep their cursors and carried x509 lines (the baseline: src/baseline/cursors.ts). */
export interface ZeekCursorKeeper extends CursorKeeper {
  carried(): AsyncIterable<CarriedX509>;
  save(s: ZeekSweepSave): Promise<void>;
}

export interface SweepWindow {
  /** Epoch seconds: ssl lines stamped earlier are left out. */
  since?: number;
  /** Epoch seconds: each file stops at its first ssl line stamped this or later; the next sweep starts there. */
  until?: number;
}

export interface SweepHooks {
  onAnomaly?: ZeekAnomalySink;
  /** A file that cannot be read, or whose cursor no longer fits (it is read from its start). */
  onProblem?: (file: string, message: string) => void;
  /** x509 lines no ssl line named (a lone x509.log). */
  onLone?: (certs: ZeekLoneCertificate[]) => void;
  /** Aborted: each file stops at the batch it is in, its cursor there. */
  signal?: AbortSignal;
  /** How far into a file (as on disk) reading is, after each chunk. */
  onRead?: (file: string, fileBytes: number) => void;
}

export type { SweepCounters };

export class ZeekSweep {
  private joiner: ZeekJoiner | undefined;
  private readonly files: LogSweep<ZeekFileState>;
  private readonly carry = new Map<string, CarriedX509>();
  private readonly carriedBefore = new Map<string, number>();
  private loading = false;

  /** `follow`: the files will be read on as they grow (`scan --follow`). */
  constructor(private readonly keeper: ZeekCursorKeeper | undefined, private readonly window: SweepWindow = {}, follow = false) {
    this.files = new LogSweep(keeper, follow);
  }

  /** The file reader under the sweep (where each file ended; followed files' new ends). */
  get logs(): LogSweep<ZeekFileState> {
    return this.files;
  }

  /** A followed file's lines, from where the sweep left it (`state`), joined with the other followed files'. */
  async lineSink(name: string, state: ZeekFileState | undefined, onAnomaly?: ZeekAnomalySink): Promise<ZeekLineSink> {
    return new ZeekLineSink(name, await this.ensureJoiner(onAnomaly), onAnomaly, state);
  }

  /**
   * One poll of a followed read: ssl lines that waited `rounds` polls for their x509 lines go out as they are, x509
   * lines no ssl line named in that time become lone certificates. `final`: everything still waiting goes out.
   */
  followStep(rounds: number, final: boolean): { handshakes: ZeekHandshake[]; lone: ZeekLoneCertificate[] } {
    const joiner = this.joiner;
    if (!joiner) return { handshakes: [], lone: [] };
    let handshakes: ZeekHandshake[];
    if (final) handshakes = joiner.finish();
    else {
      joiner.tick(rounds);
      handshakes = joiner.takeReady();
    }
    return { handshakes, lone: joiner.takeLone() };
  }

  get counters(): SweepCounters {
    return this.files.counters;
  }

  /** Reads the files (names of plain or gzip logs) from their cursors; handshakes of every new ssl line. */
  async *read(names: string[], hooks: SweepHooks = {}): AsyncGenerator<ZeekHandshake> {
    for await (const batch of this.readBatches(names, hooks)) yield* batch;
  }

  /** The same, one array of handshakes per batch of lines read. */
  async *readBatches(names: string[], hooks: SweepHooks = {}): AsyncGenerator<ZeekHandshake[]> {
    const { onAnomaly, onProblem, onLone, signal } = hooks;
    const joiner = await this.ensureJoiner(onAnomaly);
    for await (const pass of this.files.passes(names, onProblem, hooks.onRead)) {
      const inputs: ZeekLogInput[] = pass.files.map((f) => ({ name: f.name, batches: f.batches, ...(f.resume ? { resume: f.resume } : {}) }));
      const onFileDone = (name: string, state: ZeekFileState): void => {
        const { held, stopped, lastTime, ...kept } = state;
        pass.done(name, { line: state.line, state: kept, lastTime, held: held || stopped });
      };
      yield* readZeekBatches(inputs, onAnomaly, { joiner, onFileDone, onLone, signal });
      if (signal?.aborted) break;
    }
  }

  /** Saves cursors and carried x509 lines (after the sightings they led to are recorded). */
  async commit(): Promise<void> {
    if (!this.keeper) return;
    let newest = 0;
    for (const t of this.carriedBefore.values()) newest = Math.max(newest, t);
    for (const c of this.carry.values()) newest = Math.max(newest, c.time);
    const cutoff = newest - CARRY_X509_SECONDS;
    const carry = [...this.carry.values()].filter((c) => c.time >= cutoff);
    const dropCarried: string[] = [];
    for (const [sha, t] of this.carriedBefore) if (t < cutoff && !this.carry.has(sha)) dropCarried.push(sha);
    await this.keeper.save({ ...(await this.files.toSave()), carry, dropCarried });
  }

  private async ensureJoiner(onAnomaly: ZeekAnomalySink | undefined): Promise<ZeekJoiner> {
    if (this.joiner) return this.joiner;
    const joiner = new ZeekJoiner({ onAnomaly, since: this.window.since, until: this.window.until, onX509: (sha, fields, ts) => this.noteX509(sha, fields, ts) });
    this.joiner = joiner;
    if (this.keeper) {
      this.loading = true;
      for await (const c of this.keeper.carried()) {
        this.carriedBefore.set(c.sha256, c.time);
        joiner.addX509(c.fields, { file: 'baseline (x509 lines of earlier sweeps)' }, true);
      }
      this.loading = false;
    }
    return joiner;
  }

  private noteX509(identity: string, fields: ZeekFields, ts: number | undefined): void {
    if (this.loading || !this.keeper) return;
    this.carry.delete(identity); // re-inserted at the young end
    this.carry.set(identity, { sha256: identity, time: ts ?? 0, fields });
    if (this.carry.size > MAX_CARRIED_X509) this.carry.delete(this.carry.keys().next().value as string);
  }
}
