/**
 * Zeek ASCII (TSV) logs, driven by their header: `#separator` (with `\xNN` escapes), `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types`; `#open`/`#close` and unknown `#` lines are
 * skipped. A new header mid-file (concatenated logs) replaces the old one. Data lines are split once on the
 * separator and mapped by precomputed column index; no per-field regex.
 */
import { AnomalyCounter } from './anomaly-counter';
import type { ZeekAnomalySink, ZeekFields, ZeekHeader, ZeekRecord, ZeekValue } from './types';
import { unescapeZeek } from './values';

const enum Kind { String, Number, Bool, StringList, NumberList, BoolList }

interface Column {
  readonly name: string;
  readonly index: number;
  readonly kind: Kind;
}

export interface TsvReaderOptions {
  /** File name for anomaly reports. */
  file: string;
  onAnomaly?: ZeekAnomalySink;
  /** Only these columns are materialised (the hot path needs a few of many), fixed or chosen per header. Default: all. */
  columns?: readonly string[] | ((header: ZeekHeader) => readonly string[] | undefined);
  /** Header in force when resuming in the middle of a file (from `TsvParser.header` of an earlier run). */
  header?: ZeekHeader;
  /** Line number of the line before the first one given (when resuming). */
  lineOffset?: number;
}

function kindOf(type: string | undefined): Kind {
  if (type === undefined) return Kind.String;
  const bracket = type.indexOf('[');
  if (bracket !== -1) {
    const inner = kindOf(type.slice(bracket + 1, -1));
    return inner === Kind.Number ? Kind.NumberList : inner === Kind.Bool ? Kind.BoolList : Kind.StringList;
  }
  switch (type) {
    case 'count': case 'int': case 'port': case 'double': case 'time': case 'interval':
      return Kind.Number;
    case 'bool':
      return Kind.Bool;
    default:
      return Kind.String;
  }
}

function scalar(kind: Kind, raw: string): ZeekValue {
  if (kind === Kind.Number || kind === Kind.NumberList) {
    const n = Number(raw);
    return raw !== '' && !Number.isNaN(n) ? n : raw; // a masked or damaged number stays text
  }
  if (kind === Kind.Bool || kind === Kind.BoolList) return raw === 'T' ? true : raw === 'F' ? false : raw;
  return unescapeZeek(raw);
}

/** Separator values are written with `\xNN` escapes (`#separator \x09`). */
function headerValue(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Line-at-a-time TSV parser (synchronous core of `readZeekTsv`, usable directly on the hot path). */
export class TsvParser {
  /** Header in force; keep it with the line number to resume a file later. */
  header: ZeekHeader | undefined;
  /** Number of the last line pushed. */
  line: number;
  readonly anomalies: AnomalyCounter;
  private columns: Column[] = [];
  private draft = { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined as string | undefined };
  private readonly columnsOption: TsvReaderOptions['columns'];

  constructor(opts: TsvReaderOptions) {
    this.anomalies = new AnomalyCounter(opts.file, opts.onAnomaly);
    this.columnsOption = opts.columns;
    this.line = opts.lineOffset ?? 0;
    if (opts.header) this.install(opts.header);
  }

  /** Feeds the next line; returns its record, or null for header, blank and malformed lines. */
  push(text: string): ZeekRecord | null {
    this.line++;
    if (text.length === 0) return null;
    if (text.charCodeAt(0) === 0x23 /* # */) {
      this.directive(text);
      return null;
    }
    const header = this.header;
    if (!header) {
      this.anomalies.report('malformed-line', this.line, 'data line before any #fields header');
      return null;
    }
    const parts = text.split(header.separator);
    if (parts.length !== header.fields.length) {
      this.anomalies.report('malformed-line', this.line, `expected ${header.fields.length} columns, found ${parts.length}`);
      return null;
    }
    const fields: ZeekFields = {};
    const { unsetField, emptyField, setSeparator } = header;
    for (const col of this.columns) {
      const raw = parts[col.index];
      if (raw === unsetField) continue;
      if (col.kind >= Kind.StringList) {
        if (raw === emptyField) {
          fields[col.name] = [];
        } else {
          const items = raw.split(setSeparator);
          const list: ZeekValue[] = new Array(items.length);
          for (let i = 0; i < items.length; i++) list[i] = scalar(col.kind, items[i]);
          fields[col.name] = list;
        }
      } else if (raw === emptyField && col.kind === Kind.String) {
        fields[col.name] = '';
      } else {
        fields[col.name] = scalar(col.kind, raw);
      }
    }
    return { line: this.line, fields, header };
  }

  private directive(text: string): void {
    if (text.startsWith('#separator')) {
      const value = text.slice('#separator'.length).trim();
      if (value === '') {
        this.anomalies.report('bad-header', this.line, '#separator without a value');
        return;
      }
      this.draft = { separator: headerValue(value), setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined };
      return;
    }
    const parts = text.split(this.draft.separator);
    const values = parts.slice(1);
    switch (parts[0]) {
      case '#set_separator': this.draft.setSeparator = headerValue(values[0] ?? ','); break;
      case '#empty_field': this.draft.emptyField = headerValue(values[0] ?? ''); break;
      case '#unset_field': this.draft.unsetField = headerValue(values[0] ?? ''); break;
      case '#path': this.draft.path = values[0]; break;
      case '#fields':
        if (values.length === 0) this.anomalies.report('bad-header', this.line, '#fields names no column');
        else this.install({ ...this.draft, fields: values, types: [] });
        break;
      case '#types':
        if (!this.header) this.anomalies.report('bad-header', this.line, '#types before #fields');
        else if (values.length !== this.header.fields.length) this.anomalies.report('bad-header', this.line, `#types has ${values.length} entries for ${this.header.fields.length} fields`);
        else this.install({ ...this.header, types: values });
        break;
      default: break; // #open, #close, comments
    }
  }

  private install(header: ZeekHeader): void {
    this.header = header;
    this.columns = [];
    const option = this.columnsOption;
    const list = typeof option === 'function' ? option(header) : option;
    const wanted = list ? new Set(list) : undefined;
    for (let i = 0; i < header.fields.length; i++) {
      const name = header.fields[i];
      if (wanted && !wanted.has(name)) continue;
      this.columns.push({ name, index: i, kind: kindOf(header.types[i]) });
    }
  }
}

/** Streams the data lines of a TSV log as records. Anomalies go to `opts.onAnomaly`; it never throws on content. */
export async function* readZeekTsv(lines: AsyncIterable<string>, opts: TsvReaderOptions): AsyncGenerator<ZeekRecord> {
  const parser = new TsvParser(opts);
  for await (const text of lines) {
    const rec = parser.push(text);
    if (rec) yield rec;
  }
  parser.anomalies.flush();
}
