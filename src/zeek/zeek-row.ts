/**
 * Read access to one log line by column name. The TSV hot path hands out one reused row per file (valid only
 * until the next line) so an ssl line is read from its text in place, by precomputed column index, without
 * building a record first; JSON lines (and callers holding a plain record) wrap their fields.
 */
import type { Timestamp } from '../capture/types';
import type { ZeekFields, ZeekValue } from './types';
import { asBool, asNumber, asStrings, asText, asTimestamp } from './values';

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
   * Chooses the columns the typed readers below read: `k` is then a position in `names`. `names` should be one
   * constant array: a TSV row resolves it to column indexes once per header, and converts its text straight to
   * the type asked for (values.ts's rules, without making a ZeekValue first).
   */
  select(names: readonly string[]): void {
    this.selected = names;
  }

  protected selected: readonly string[] = [];

  /** Whether the column exists and is set. */
  isSet(k: number): boolean {
    return this.get(this.selected[k]) !== undefined;
  }

  /** Non-empty text (`asText`). */
  text(k: number): string | undefined {
    return asText(this.get(this.selected[k]));
  }

  number(k: number): number | undefined {
    return asNumber(this.get(this.selected[k]));
  }

  flag(k: number): boolean | undefined {
    return asBool(this.get(this.selected[k]));
  }

  time(k: number): Timestamp | undefined {
    return asTimestamp(this.get(this.selected[k]));
  }

  /**
   * Each non-empty item of a vector or set (`asStrings`) as text[start, end): a TSV row hands out its line and the
   * item's place in it, so a caller that only looks items up (fingerprints in an index) cuts no string out.
   */
  eachItem(k: number, visit: ItemVisitor): void {
    for (const item of asStrings(this.get(this.selected[k]))) visit(item, 0, item.length);
  }
}

export type ItemVisitor = (text: string, start: number, end: number) => void;

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
