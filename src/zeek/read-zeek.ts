/**
 * A sweep over Zeek logs: every x509 file first (so the fingerprint index is full), then the ssl files, each
 * ssl line joined to the certificates it names. Zeek writes x509.log lines around the same time as the ssl.log
 * line, and rotated folders list `ssl.*` before `x509.*`, hence the two passes; ssl lines that still arrive first
 * (stdin, mixed JSON streams, more than MAX_DEFERRED_FILES ssl files) wait in the joiner for their x509 lines,
 * at most MAX_PENDING_SSL of them.
 */
import { MAX_DEFERRED_FILES } from './consts';
import { ZeekJoiner } from './join';
import { LogFileReader, type RoutedRecord, type ZeekFileState } from './log-file-reader';
import type { ZeekAnomalySink, ZeekHandshake, ZeekLoneCertificate } from './types';
import type { LogInput } from '../logs/types';

export type ZeekLogInput = LogInput<ZeekFileState>;

export interface ReadZeekOptions {
  /** A joiner to reuse across calls (its x509 index persists, and its time window applies); default: a new one. */
  joiner?: ZeekJoiner;
  /** Time window (epoch seconds) of a new joiner: see ZeekJoinerOptions. */
  since?: number;
  until?: number;
  /** Each file's state once it is read through: store it with openLines' cursor for the next incremental sweep. */
  onFileDone?: (name: string, state: ZeekFileState) => void;
  /** Certificates x509 lines described that no ssl line named (a lone x509.log): judged on their own. */
  onLone?: (certs: ZeekLoneCertificate[]) => void;
  /** Aborted: the file being read stops after the batch in hand (its state says where), the rest are not begun. */
  signal?: AbortSignal;
}

interface Deferred {
  reader: LogFileReader;
  first: RoutedRecord;
}

/** Per-sweep tallies, reported once at the end instead of once per line. */
class Tally {
  unknownCerts = 0;
  readonly masked = new Map<string, number>();
  readonly ignored = new Set<LogFileReader>();

  /** ssl lines naming certificates by file id only (Zeek < 4.1) that no x509 line described. */
  unknownByFuid = 0;

  count(h: ZeekHandshake): ZeekHandshake {
    if (h.logAnomalies.length > 0) {
      if (h.logAnomalies.includes('unknown-certificate')) {
        this.unknownCerts++;
        if (h.serverChain.certs.some((c) => !c.facts && c.fuid)) this.unknownByFuid++;
      }
      if (h.logAnomalies.includes('masked-timestamp')) this.masked.set(h.source.file, (this.masked.get(h.source.file) ?? 0) + 1);
    }
    return h;
  }

  report(files: readonly ZeekLogInput[], sink: ZeekAnomalySink | undefined): void {
    if (!sink) return;
    for (const [file, n] of this.masked) {
      sink({ kind: 'masked-timestamp', file, message: `${n} ssl lines have no usable ts (masked as in btest baselines?): ts 0 used`, count: n });
    }
    if (this.unknownCerts > 0) {
      sink({
        kind: 'unknown-certificate',
        file: files.length === 1 ? files[0].name : `${files.length} files`,
        message: `${this.unknownCerts} ssl lines name certificates no x509 line described (their references are kept, facts are not)`
          + (this.unknownByFuid > 0 ? `; ${this.unknownByFuid} name them by file id only (Zeek < 4.1), which only the x509.log of the same hours resolves` : ''),
        count: this.unknownCerts,
      });
    }
  }
}

/** Routes one record; returns the handshake of an ssl line when it is complete. */
function route(rec: RoutedRecord, reader: LogFileReader, joiner: ZeekJoiner, tally: Tally, sink: ZeekAnomalySink | undefined): ZeekHandshake | null {
  const source = { file: reader.file, line: rec.line };
  if (rec.path === 'ssl') return joiner.addSsl(rec.row, source);
  if (rec.path === 'x509') {
    joiner.addX509(rec.row, source);
  } else {
    if (!tally.ignored.has(reader)) {
      tally.ignored.add(reader);
      sink?.({ kind: 'ignored-log', file: reader.file, line: rec.line, message: `not an ssl or x509 log (path ${rec.path ?? 'unknown'}): its lines are skipped` });
    }
    // A TSV file is one log (conn.log beside ssl.log in a Zeek folder): not read further. JSON lines may mix logs.
    if (reader.format === 'tsv') reader.stopped = true;
  }
  return null;
}

/** Reads ssl.log/x509.log files (TSV or JSON, any order) and yields one handshake per ssl line. Never throws on content. */
export async function* readZeekLogs(
  files: ZeekLogInput[],
  onAnomaly?: ZeekAnomalySink,
  opts: ReadZeekOptions = {},
): AsyncGenerator<ZeekHandshake> {
  for await (const batch of readZeekBatches(files, onAnomaly, opts)) yield* batch;
}

/** The same handshakes, in one array per batch of lines read (the fast path: no await per handshake). */
export async function* readZeekBatches(
  files: ZeekLogInput[],
  onAnomaly?: ZeekAnomalySink,
  opts: ReadZeekOptions = {},
): AsyncGenerator<ZeekHandshake[]> {
  const joiner = opts.joiner ?? new ZeekJoiner({ onAnomaly, since: opts.since, until: opts.until });
  const tally = new Tally();
  const deferred: Deferred[] = [];
  let next = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    // Pick the next file to read through: any file but an ssl one (held back, up to MAX_DEFERRED_FILES, so
    // that x509 files come first), then the held-back ssl files.
    let item: { reader: LogFileReader; first: RoutedRecord | undefined } | undefined;
    if (next < files.length) {
      const file = files[next++];
      const reader = new LogFileReader(file.name, file, onAnomaly, file.resume);
      const first = await reader.next();
      if (first?.path === 'ssl' && deferred.length < MAX_DEFERRED_FILES) {
        deferred.push({ reader, first });
        continue;
      }
      item = { reader, first };
    } else {
      item = deferred.shift();
      if (!item) break;
    }
    // The hot loop: one await and one yield per batch of lines.
    const { reader } = item;
    let out: ZeekHandshake[] = [];
    let records = 0;
    let lastTime: number | undefined;
    let held = false;
    let stopped = false;
    for (let rec: RoutedRecord | null | undefined = item.first; ;) {
      if (rec) {
        records++;
        const h = route(rec, reader, joiner, tally, onAnomaly);
        if (h) {
          if (lastTime === undefined || h.ts.sec > lastTime) lastTime = h.ts.sec;
          out.push(tally.count(h));
        } else if (joiner.pastUntil) {
          // the file stops before this line: the next sweep starts with it
          joiner.pastUntil = false;
          held = true;
          break;
        }
        if (joiner.hasReady()) for (const r of joiner.takeReady()) out.push(tally.count(r));
      }
      if (reader.stopped) break;
      const text = reader.take();
      if (text === undefined) {
        if (out.length > 0) {
          yield out;
          out = [];
        }
        if (opts.onLone && joiner.hasLone()) opts.onLone(joiner.takeLone());
        if (opts.signal?.aborted) {
          stopped = true;
          break;
        }
        if (!(await reader.fill())) break;
        rec = null;
        continue;
      }
      rec = reader.feed(text);
    }
    if (out.length > 0) yield out;
    await reader.close();
    if (records === 0 && (reader.anomalies?.count('malformed-line') ?? 0) > 0) {
      onAnomaly?.({ kind: 'nothing-usable', file: reader.file, message: 'none of its lines could be read as a Zeek record: nothing read from it' });
    }
    const state = reader.state();
    if (held) {
      state.line--;
      state.held = true;
    }
    if (stopped) state.stopped = true;
    if (lastTime !== undefined) state.lastTime = lastTime;
    opts.onFileDone?.(reader.file, state);
  }
  for (const d of deferred) await d.reader.close(); // left unread by a stop: their cursors stay where they were
  const rest = joiner.finish();
  for (const h of rest) tally.count(h);
  if (rest.length > 0) yield rest;
  if (joiner.hasLone()) {
    const lone = joiner.takeLone();
    if (opts.onLone) opts.onLone(lone);
  }
  tally.report(files, onAnomaly);
}

async function* noLines(): AsyncGenerator<readonly string[]> {}

/**
 * One followed file's lines, pushed as they are appended (`scan --follow`), through a joiner shared with the other
 * followed files: the same routing as readZeekBatches, a line at a time.
 */
export class ZeekLineSink {
  private readonly reader: LogFileReader;
  private readonly tally = new Tally();

  constructor(readonly file: string, private readonly joiner: ZeekJoiner, private readonly onAnomaly: ZeekAnomalySink | undefined, resume?: ZeekFileState) {
    this.reader = new LogFileReader(file, { batches: noLines() }, onAnomaly, resume);
  }

  /** Routes `lines`; the handshakes they complete (and those waiting lines completed) go to `out`. */
  push(lines: readonly string[], out: ZeekHandshake[]): void {
    for (const text of lines) {
      const rec = this.reader.feed(text);
      if (rec) {
        const h = route(rec, this.reader, this.joiner, this.tally, this.onAnomaly);
        if (h) out.push(this.tally.count(h));
      }
      if (this.joiner.hasReady()) for (const r of this.joiner.takeReady()) out.push(this.tally.count(r));
    }
  }

  /** Where the file stands (a cursor's reader state). */
  state(): ZeekFileState {
    return this.reader.state();
  }

  /** The file is done (rotated away, or the run stops): its tallies are said. */
  async close(): Promise<void> {
    await this.reader.close();
    this.tally.report([{ name: this.file }], this.onAnomaly);
  }
}
