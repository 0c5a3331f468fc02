/**
 * One Zeek log file as a stream of routed records: finds the format from the first line (TSV header or JSON
 * object), tags each record with its log path (ssl, x509, …) and checks the columns a path needs whenever a TSV
 * header starts. A missing required column ends the file with a fatal anomaly naming it.
 */
import type { AnomalyCounter } from './anomaly-counter';
import { JsonParser } from './json-reader';
import { pathOfKeys, pathOfRecord } from './sniff';
import { SSL_REQUIRED } from './ssl-record';
import { TsvParser } from './tsv-reader';
import type { ZeekAnomalySink, ZeekHeader, ZeekLogFormat } from './types';
import { FieldsRow, type ZeekRow } from './zeek-row';

/** One line, its log path and its values. A TSV row is reused: read it before asking for the next line. */
export interface RoutedRecord {
  line: number;
  row: ZeekRow;
  path: string | undefined;
}

function tsvPath(header: ZeekHeader): string | undefined {
  if (header.path) return header.path;
  const set = new Set(header.fields);
  return pathOfKeys((k) => set.has(k));
}

/** Why a header cannot be used for its path, or undefined when it can. */
function missingColumns(path: string | undefined, header: ZeekHeader): string | undefined {
  const has = new Set(header.fields);
  if (path === 'x509' && !has.has('fingerprint') && !has.has('id')) {
    return "x509 log has no 'fingerprint' column (nor the older 'id'): its certificates cannot be joined to ssl.log";
  }
  if (path === 'ssl') {
    const absent = SSL_REQUIRED.filter((c) => !has.has(c));
    if (absent.length > 0) return `ssl log lacks required column(s) ${absent.join(', ')}`;
  }
  return undefined;
}

/** A file's lines: one by one, or (faster) in batches as openLines reads them. */
export interface LineSource {
  lines?: AsyncIterable<string>;
  batches?: AsyncIterable<readonly string[]>;
}

async function* oneByOne(lines: AsyncIterable<string>): AsyncGenerator<readonly string[]> {
  for await (const line of lines) yield [line];
}

async function* empty(): AsyncGenerator<string> {}

/** Where an earlier run stopped in this file: the TSV header in force and the last line number read. */
export interface ZeekFileState {
  format?: ZeekLogFormat;
  header?: ZeekHeader;
  line: number;
  /** Latest `ts` (epoch seconds) of the ssl lines this read gave. */
  lastTime?: number;
  /** Reading stopped before the last line given (it is at or after `until`): resume before it. */
  held?: boolean;
  /** Reading was stopped (an interrupt) before the end of the file. */
  stopped?: boolean;
}

export class LogFileReader {
  format: ZeekLogFormat | undefined;
  /** Set once the file cannot be read further (unknown format, missing column). */
  stopped = false;
  private readonly batches: AsyncIterator<readonly string[]>;
  private batch: readonly string[] = [];
  private at = 0;
  private tsv: TsvParser | undefined;
  private json: JsonParser | undefined;
  private lastHeader: ZeekHeader | undefined;
  private headerPath: string | undefined;

  /** Lines before the format was known (blank ones), or the line a resumed run starts after. */
  private lineOffset = 0;

  /** `resume`: the state an earlier run ended with, when `lines` continue from there (see openLines' cursor). */
  constructor(readonly file: string, lines: LineSource, private readonly sink: ZeekAnomalySink | undefined, resume?: ZeekFileState) {
    this.batches = (lines.batches ?? oneByOne(lines.lines ?? empty()))[Symbol.asyncIterator]();
    if (resume) {
      this.lineOffset = resume.line;
      if (resume.header) {
        this.format = 'tsv';
        this.tsv = new TsvParser({ file, onAnomaly: sink, header: resume.header, lineOffset: resume.line });
      } else if (resume.format === 'json') {
        this.format = 'json';
        this.json = new JsonParser({ file, onAnomaly: sink, lineOffset: resume.line });
      }
    }
  }

  /** Where this file stands: keep it with openLines' cursor to resume the file in a later sweep. */
  state(): ZeekFileState {
    const line = this.tsv?.line ?? this.json?.line ?? this.lineOffset;
    return { ...(this.format ? { format: this.format } : {}), ...(this.tsv?.header ? { header: this.tsv.header } : {}), line };
  }

  get anomalies(): AnomalyCounter | undefined {
    return this.tsv?.anomalies ?? this.json?.anomalies;
  }

  /** The next record, or undefined at the end of the file (or once stopped). */
  async next(): Promise<RoutedRecord | undefined> {
    while (!this.stopped) {
      const text = this.take();
      if (text === undefined) {
        if (!(await this.fill())) return undefined;
        continue;
      }
      const rec = this.feed(text);
      if (rec) return rec;
    }
    return undefined;
  }

  /** The next line already read, if any (synchronous: the hot loop's step). */
  take(): string | undefined {
    return this.at < this.batch.length ? this.batch[this.at++] : undefined;
  }

  /** Reads the next batch of lines; false at the end of the file. */
  async fill(): Promise<boolean> {
    for (;;) {
      const step = await this.batches.next();
      if (step.done) return false;
      this.batch = step.value;
      this.at = 0;
      if (this.batch.length > 0) return true;
    }
  }

  /** Synchronous step: one line in, its record out (null for headers, blanks, damage, or once stopped). */
  feed(text: string): RoutedRecord | null {
    if (this.stopped) return null;
    if (this.tsv) {
      const row = this.tsv.pushRow(text);
      if (!row) return null;
      if (row.header !== this.lastHeader && !this.onHeader(row.header, this.tsv.line)) return null;
      return { line: this.tsv.line, row, path: this.headerPath };
    }
    if (!this.json && !this.start(text)) return null;
    if (this.tsv) return this.feed(text);
    const rec = this.json?.push(text);
    return rec ? { line: rec.line, row: new FieldsRow(rec.fields), path: pathOfRecord(rec.fields) } : null;
  }

  /** Stops reading: the caller is done with this file (or it cannot go on). */
  async close(): Promise<void> {
    this.stopped = true;
    this.anomalies?.flush();
    await this.batches.return?.();
  }

  /** Picks the format from the first non-blank line; false while only blank lines came. */
  private start(text: string): boolean {
    const c = text.trimStart().charAt(0);
    if (c === '') {
      this.lineOffset++;
      return false;
    }
    const lineOffset = this.lineOffset;
    if (c === '#') {
      this.format = 'tsv';
      this.tsv = new TsvParser({ file: this.file, onAnomaly: this.sink, lineOffset });
    } else if (c === '{') {
      this.format = 'json';
      this.json = new JsonParser({ file: this.file, onAnomaly: this.sink, lineOffset });
    } else {
      this.stopped = true;
      this.sink?.({ kind: 'unknown-format', file: this.file, line: lineOffset + 1, message: 'neither a Zeek TSV header nor a JSON object', fatal: true });
    }
    return true;
  }

  private onHeader(header: ZeekHeader, line: number): boolean {
    this.lastHeader = header;
    this.headerPath = tsvPath(header);
    const problem = missingColumns(this.headerPath, header);
    if (!problem) return true;
    this.tsv?.anomalies.fatal('missing-column', line, `${this.file}: ${problem}`);
    this.stopped = true;
    return false;
  }
}
