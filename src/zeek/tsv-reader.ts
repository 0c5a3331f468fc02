/**
 * Zeek ASCII (TSV) logs, driven by their header: `#separator` (with `\xNN` escapes), `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types`; `#open`/`#close` and unknown `#` lines are
 * skipped. A new header mid-file (concatenated logs) replaces the old one. A data line is not split: the offsets of
 * its separators are found once, and only the columns asked for (by precomputed index) are cut out and converted.
 */
import { AnomalyCounter } from './anomaly-counter';
import type { ZeekAnomalySink, ZeekFields, ZeekHeader, ZeekRecord, ZeekValue } from './types';
import type { Timestamp } from '../capture/types';
import { ZeekRow, type ItemVisitor } from './zeek-row';
import { asBool, asNumber, asStrings, asText, asTimestamp, unescapeZeek } from './values';

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

/** Nanoseconds per unit of the last digit of a fraction with 1…6 digits. */
const NSEC_SCALE = [0, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3];

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
  /** @internal The line. */ lineText = '';
  /** @internal Offset where each column starts; one more entry holds the line's length plus the separator's. */
  starts = new Int32Array(64);

  /** @internal Finds the columns of `text`; false when their number is not the header's (the count is in `columns`). */
  locate(compiled: Compiled, text: string): boolean {
    const sep = compiled.header.separator;
    const want = compiled.kinds.length;
    if (this.starts.length <= want) this.starts = new Int32Array(want + 1);
    const starts = this.starts;
    let n = 0;
    let at = 0;
    for (;;) {
      if (n < want) starts[n] = at;
      n++;
      const next = text.indexOf(sep, at);
      if (next === -1) break;
      at = next + sep.length;
    }
    this.columns = n;
    if (n !== want) return false;
    starts[n] = text.length + sep.length;
    this.compiled = compiled;
    this.lineText = text;
    this.escaped = text.indexOf('\\x') !== -1;
    return true;
  }

  /** Whether the line holds a `\xNN` escape anywhere (most lines hold none: then no value needs unescaping). */
  private escaped = false;

  /** @internal Columns found on the last line given to `locate`. */
  columns = 0;

  get header(): ZeekHeader {
    return this.compiled.header;
  }

  get(name: string): ZeekValue | undefined {
    const i = this.compiled.index.get(name);
    return i === undefined ? undefined : this.at(i);
  }

  /** Column indexes of the selected names (-1: absent). */
  private selectedIndex: Int32Array = new Int32Array(0);

  override select(names: readonly string[]): void {
    const compiled = this.compiled;
    let idx = compiled.picks.get(names);
    if (!idx) {
      idx = Int32Array.from(names, (n) => compiled.index.get(n) ?? -1);
      compiled.picks.set(names, idx);
    }
    this.selected = names;
    this.selectedIndex = idx;
  }

  // The typed readers: a fast path for the common text of each type, else the generic value and values.ts.

  override isSet(k: number): boolean {
    const i = this.selectedIndex[k];
    return i >= 0 && !this.is(i, this.compiled.header.unsetField);
  }

  override text(k: number): string | undefined {
    const i = this.selectedIndex[k];
    if (i < 0) return undefined;
    if (this.compiled.kinds[i] !== Kind.String) return asText(this.at(i));
    const { unsetField, emptyField } = this.compiled.header;
    if (this.is(i, unsetField) || this.is(i, emptyField)) return undefined;
    const start = this.starts[i];
    const end = this.end(i);
    if (start === end) return undefined;
    const text = this.lineText.substring(start, end);
    return this.escaped ? unescapeZeek(text) : text;
  }

  override number(k: number): number | undefined {
    const i = this.selectedIndex[k];
    if (i < 0) return undefined;
    const start = this.starts[i];
    const end = this.end(i);
    const text = this.lineText;
    // Ports and counts: up to 15 digits, read in place.
    if (end > start && end - start <= 15) {
      let n = 0;
      let at = start;
      for (; at < end; at++) {
        const c = text.charCodeAt(at) - 0x30;
        if (c < 0 || c > 9) break;
        n = n * 10 + c;
      }
      if (at === end) return n;
    }
    return asNumber(this.at(i));
  }

  override flag(k: number): boolean | undefined {
    const i = this.selectedIndex[k];
    if (i < 0) return undefined;
    const start = this.starts[i];
    if (this.end(i) === start + 1 && this.compiled.kinds[i] !== Kind.Number) {
      const c = this.lineText.charCodeAt(start);
      if (c === 0x54 /* T */) return true;
      if (c === 0x46 /* F */) return false;
    }
    return asBool(this.at(i));
  }

  override time(k: number): Timestamp | undefined {
    const i = this.selectedIndex[k];
    if (i < 0) return undefined;
    // Zeek's `%.6f` epoch seconds, read exactly (the generic path gives the same for up to 6 decimals).
    const start = this.starts[i];
    const end = this.end(i);
    const text = this.lineText;
    let sec = 0;
    let at = start;
    for (; at < end && at - start < 11; at++) {
      const c = text.charCodeAt(at) - 0x30;
      if (c < 0 || c > 9) break;
      sec = sec * 10 + c;
    }
    if (at > start && at < end && text.charCodeAt(at) === 0x2e /* . */ && end - at - 1 >= 1 && end - at - 1 <= 6 && sec < 1e11) {
      let frac = 0;
      for (let d = at + 1; d < end; d++) {
        const c = text.charCodeAt(d) - 0x30;
        if (c < 0 || c > 9) return asTimestamp(this.at(i));
        frac = frac * 10 + c;
      }
      return { sec, nsec: frac * NSEC_SCALE[end - at - 1] };
    }
    return asTimestamp(this.at(i));
  }

  override eachItem(k: number, visit: ItemVisitor): void {
    const i = this.selectedIndex[k];
    if (i < 0) return;
    const { unsetField, emptyField, setSeparator } = this.compiled.header;
    const start = this.starts[i];
    const end = this.end(i);
    const line = this.lineText;
    if (this.compiled.kinds[i] !== Kind.StringList || setSeparator === '' || this.escaped) {
      for (const item of asStrings(this.at(i))) visit(item, 0, item.length);
      return;
    }
    if (this.is(i, unsetField) || this.is(i, emptyField)) return;
    for (let at = start; at <= end;) {
      let stop = line.indexOf(setSeparator, at);
      if (stop === -1 || stop > end) stop = end;
      if (stop > at) visit(line, at, stop);
      at = stop + setSeparator.length;
    }
  }

  /** End of column i (exclusive). */
  private end(i: number): number {
    return this.starts[i + 1] - this.compiled.header.separator.length;
  }

  /** Whether column i is exactly `value`, compared in place. */
  private is(i: number, value: string): boolean {
    const start = this.starts[i];
    if (this.end(i) - start !== value.length) return false;
    for (let k = 0; k < value.length; k++) if (this.lineText.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
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
    const { unsetField, emptyField, setSeparator, separator } = this.compiled.header;
    const raw = this.lineText.substring(this.starts[i], this.starts[i + 1] - separator.length);
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
    if (!this.row.locate(compiled, text)) {
      this.anomalies.report('malformed-line', this.line, `expected ${compiled.kinds.length} columns, found ${this.row.columns}`);
      return null;
    }
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
