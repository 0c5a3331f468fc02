/**
 * Zeek ASCII (TSV) logs, driven by their header: `#separator` (with `\xNN` escapes), `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types`; `#open`/`#close` and unknown `#` lines are
 * skipped. A new header mid-file (concatenated logs) replaces the old one. Data lines are split once on the
 * separator and mapped by precomputed column index; no per-field regex.
 */
import { AnomalyCounter } from './anomaly-counter';
import type { ZeekAnomalySink, ZeekFields, ZeekHeader, ZeekRecord, ZeekValue } from './types';
import { ZeekRow } from './zeek-row';
import { unescapeZeek } from './values';

const enum Kind { String, Number, Bool, StringList, NumberList, BoolList }

export interface TsvReaderOptions {
  /** File name for anomaly reports. */
  file: string;
  onAnomaly?: ZeekAnomalySink;
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

/** A header with its column index, built once per header. */
interface Compiled {
  readonly header: ZeekHeader;
  readonly index: ReadonlyMap<string, number>;
  readonly kinds: readonly Kind[];
  /** Column indexes (-1: absent) of each name list given to `pick`, keyed by the list itself. */
  readonly picks: Map<readonly string[], Int32Array>;
}

function compile(header: ZeekHeader): Compiled {
  const index = new Map<string, number>();
  header.fields.forEach((name, i) => index.set(name, i));
  return { header, index, kinds: header.fields.map((_, i) => kindOf(header.types[i])), picks: new Map() };
}

/** The current line of a TSV file, read by column name; reused for every line (valid until the next push). */
export class TsvRow extends ZeekRow {
  /** @internal */ compiled!: Compiled;
  /** @internal */ parts: string[] = [];

  get header(): ZeekHeader {
    return this.compiled.header;
  }

  get(name: string): ZeekValue | undefined {
    const i = this.compiled.index.get(name);
    return i === undefined ? undefined : this.at(i);
  }

  override pick(names: readonly string[], out: Array<ZeekValue | undefined>): void {
    const compiled = this.compiled;
    let idx = compiled.picks.get(names);
    if (!idx) {
      idx = Int32Array.from(names, (n) => compiled.index.get(n) ?? -1);
      compiled.picks.set(names, idx);
    }
    for (let k = 0; k < idx.length; k++) out[k] = idx[k] < 0 ? undefined : this.at(idx[k]);
  }

  toFields(): ZeekFields {
    const fields: ZeekFields = {};
    const names = this.compiled.header.fields;
    for (let i = 0; i < names.length; i++) {
      const v = this.at(i);
      if (v !== undefined && names[i] !== '__proto__') fields[names[i]] = v; // that name would set the prototype
    }
    return fields;
  }

  private at(i: number): ZeekValue | undefined {
    const raw = this.parts[i];
    const { unsetField, emptyField, setSeparator } = this.compiled.header;
    if (raw === unsetField) return undefined;
    const kind = this.compiled.kinds[i];
    if (kind >= Kind.StringList) {
      if (raw === emptyField) return [];
      const items = raw.split(setSeparator);
      const list: ZeekValue[] = new Array(items.length);
      for (let k = 0; k < items.length; k++) list[k] = scalar(kind, items[k]);
      return list;
    }
    if (raw === emptyField && kind === Kind.String) return '';
    return scalar(kind, raw);
  }
}

/** Line-at-a-time TSV parser (synchronous core of `readZeekTsv`, usable directly on the hot path). */
export class TsvParser {
  /** Number of the last line pushed. */
  line: number;
  readonly anomalies: AnomalyCounter;
  private compiled: Compiled | undefined;
  private readonly row = new TsvRow();
  private draft = { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined as string | undefined };

  constructor(opts: TsvReaderOptions) {
    this.anomalies = new AnomalyCounter(opts.file, opts.onAnomaly);
    this.line = opts.lineOffset ?? 0;
    if (opts.header) this.compiled = compile(opts.header);
  }

  /** Header in force; keep it with the line number to resume a file later. */
  get header(): ZeekHeader | undefined {
    return this.compiled?.header;
  }

  /** Feeds the next line; returns its record, or null for header, blank and malformed lines. */
  push(text: string): ZeekRecord | null {
    const row = this.pushRow(text);
    return row ? { line: this.line, fields: row.toFields(), header: row.header } : null;
  }

  /** Like `push`, without building a record: the returned row is reused by the next call. */
  pushRow(text: string): TsvRow | null {
    this.line++;
    if (text.length === 0) return null;
    if (text.charCodeAt(0) === 0x23 /* # */) {
      this.directive(text);
      return null;
    }
    const compiled = this.compiled;
    if (!compiled) {
      this.anomalies.report('malformed-line', this.line, 'data line before any #fields header');
      return null;
    }
    const parts = text.split(compiled.header.separator);
    if (parts.length !== compiled.kinds.length) {
      this.anomalies.report('malformed-line', this.line, `expected ${compiled.kinds.length} columns, found ${parts.length}`);
      return null;
    }
    this.row.compiled = compiled;
    this.row.parts = parts;
    return this.row;
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
    const current = this.compiled?.header;
    switch (parts[0]) {
      case '#set_separator': this.draft.setSeparator = headerValue(values[0] ?? ','); break;
      case '#empty_field': this.draft.emptyField = headerValue(values[0] ?? ''); break;
      case '#unset_field': this.draft.unsetField = headerValue(values[0] ?? ''); break;
      case '#path': this.draft.path = values[0]; break;
      case '#fields':
        if (values.length === 0) this.anomalies.report('bad-header', this.line, '#fields names no column');
        else this.compiled = compile({ ...this.draft, fields: values, types: [] });
        break;
      case '#types':
        if (!current) this.anomalies.report('bad-header', this.line, '#types before #fields');
        else if (values.length !== current.fields.length) this.anomalies.report('bad-header', this.line, `#types has ${values.length} entries for ${current.fields.length} fields`);
        else this.compiled = compile({ ...current, types: values });
        break;
      default: break; // #open, #close, comments
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
