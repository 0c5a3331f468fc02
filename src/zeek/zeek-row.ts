/**
 * Read access to one log line by column name. The TSV hot path hands out one reused row per file (valid only
 * until the next line) so an ssl line is read straight from its split parts, by precomputed column index,
 * without building a record first; JSON lines (and callers holding a plain record) wrap their fields.
 */
import type { ZeekFields, ZeekValue } from './types';

export abstract class ZeekRow {
  /** The value of a column; undefined when unset or absent. */
  abstract get(name: string): ZeekValue | undefined;
  /** Whether the column exists and is set. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  /** A plain record of every set column (an own copy, safe to keep). */
  abstract toFields(): ZeekFields;

  /**
   * Values of the named columns into `out` (same order; undefined when unset or absent). `names` should be one
   * constant array: a TSV row resolves it to column indexes once per header.
   */
  pick(names: readonly string[], out: Array<ZeekValue | undefined>): void {
    for (let k = 0; k < names.length; k++) out[k] = this.get(names[k]);
  }
}

export class FieldsRow extends ZeekRow {
  constructor(private readonly fields: ZeekFields) {
    super();
  }

  get(name: string): ZeekValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
  }

  toFields(): ZeekFields {
    return this.fields;
  }
}

/** A row from a plain record or a row as it is. */
export function rowOf(rec: ZeekFields | ZeekRow): ZeekRow {
  return rec instanceof ZeekRow ? rec : new FieldsRow(rec);
}
