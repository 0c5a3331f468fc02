/**
 * Zeek JSON logs (`LogAscii::use_json`, or the same records shipped as NDJSON): one object per line, dotted keys
 * (`id.orig_h`), arrays for vectors and sets, unset fields absent (or null), times as epoch numbers, ISO 8601 strings
 * (`JSON::TS_ISO8601`) or epoch milliseconds. Nested objects (`{"id": {"orig_h": …}}`, as some shippers write
 * them) are flattened to dotted keys so both shapes read the same.
 */
import { AnomalyCounter } from './anomaly-counter';
import type { ZeekAnomalySink, ZeekFields, ZeekRecord, ZeekValue } from './types';

export interface JsonReaderOptions {
  file: string;
  onAnomaly?: ZeekAnomalySink;
  /** Line number of the line before the first one given (when resuming). */
  lineOffset?: number;
}

/** Deepest object nesting flattened; deeper values are dropped (no Zeek log nests that far). */
const MAX_DEPTH = 4;

function plainValue(v: unknown): ZeekValue | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const out: ZeekValue[] = [];
    for (const e of v) {
      const p = plainValue(e);
      if (p !== undefined) out.push(p);
    }
    return out;
  }
  return undefined;
}

function flatten(obj: Record<string, unknown>, prefix: string, out: ZeekFields, depth: number): void {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === null || v === undefined) continue;
    const name = prefix + key;
    if (name === '__proto__') continue; // would set the record's prototype; no Zeek field has this name
    if (typeof v === 'object' && !Array.isArray(v)) {
      if (depth < MAX_DEPTH) flatten(v as Record<string, unknown>, name + '.', out, depth + 1);
      continue;
    }
    const p = plainValue(v);
    if (p !== undefined) out[name] = p;
  }
}

/**
 * Whether a parsed line is a record as it stands: no nested object, no null, no `__proto__` key, and arrays of
 * strings, numbers and booleans only (what Zeek writes). Most lines are: they are taken without a copy.
 */
function isFlat(obj: Record<string, unknown>): boolean {
  for (const key in obj) {
    const v = obj[key];
    if (typeof v === 'object') {
      if (v === null || !Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) {
        const t = typeof v[i];
        if (t !== 'string' && t !== 'number' && t !== 'boolean') return false;
      }
    }
    if (key === '__proto__') return false;
  }
  return true;
}

/** Line-at-a-time JSON parser (synchronous core of `readZeekJson`). */
export class JsonParser {
  line: number;
  readonly anomalies: AnomalyCounter;

  constructor(opts: JsonReaderOptions) {
    this.anomalies = new AnomalyCounter(opts.file, opts.onAnomaly);
    this.line = opts.lineOffset ?? 0;
  }

  push(text: string): ZeekRecord | null {
    this.line++;
    let start = 0;
    while (start < text.length && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
    if (start === text.length) return null;
    if (text.charCodeAt(start) !== 0x7b /* { */) {
      this.anomalies.report('malformed-line', this.line, 'not a JSON object');
      return null;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.anomalies.report('malformed-line', this.line, 'invalid JSON');
      return null;
    }
    const obj = parsed as Record<string, unknown>;
    if (isFlat(obj)) return { line: this.line, fields: obj as ZeekFields };
    const fields: ZeekFields = {};
    flatten(obj, '', fields, 0);
    return { line: this.line, fields };
  }
}

export async function* readZeekJson(lines: AsyncIterable<string>, opts: JsonReaderOptions): AsyncGenerator<ZeekRecord> {
  const parser = new JsonParser(opts);
  for await (const text of lines) {
    const rec = parser.push(text);
    if (rec) yield rec;
  }
  parser.anomalies.flush();
}
