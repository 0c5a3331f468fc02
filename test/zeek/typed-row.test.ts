/**
 * A TSV row's typed readers convert a column's text in place; they must answer exactly what values.ts gives for
 * the same column read as a value (the JSON path and every caller before the fast path). Each case is one column
 * of a header, read both ways.
 */
import { TsvParser } from '../../src/zeek';
import { FieldsRow, type ItemVisitor, type ZeekRow } from '../../src/zeek/zeek-row';

/** One data line under a header of the given separators, types and fields. */
function row(opts: { sep?: string; set?: string; empty?: string; unset?: string }, fields: string[], types: string[], values: string[]): ZeekRow {
  const sep = opts.sep ?? '\t';
  const hex = `\\x${sep.charCodeAt(0).toString(16).padStart(2, '0')}`;
  const parser = new TsvParser({ file: 't.log' });
  for (const line of [`#separator ${hex}`, `#set_separator${sep}${opts.set ?? ','}`, `#empty_field${sep}${opts.empty ?? '(empty)'}`,
    `#unset_field${sep}${opts.unset ?? '-'}`, '#path\tssl'.replace('\t', sep), ['#fields', ...fields].join(sep), ['#types', ...types].join(sep)]) {
    expect(parser.pushRow(line)).toBeNull();
  }
  const r = parser.pushRow(values.join(sep));
  if (!r) throw new Error('data line not read');
  return r;
}

function items(r: ZeekRow, k: number): string[] {
  const out: string[] = [];
  const visit: ItemVisitor = (text, start, end) => out.push(text.slice(start, end));
  r.eachItem(k, visit);
  return out;
}

/** Every typed reading of every column, as the row gives it. */
function readAll(r: ZeekRow, names: readonly string[]): unknown[] {
  r.select(names);
  return names.map((_, k) => ({ isSet: r.isSet(k), text: r.text(k), number: r.number(k), flag: r.flag(k), time: r.time(k), items: items(r, k) }));
}

/** The same readings through the generic path: the row's values in a plain record. */
function readGeneric(r: ZeekRow, names: readonly string[]): unknown[] {
  return readAll(new FieldsRow(r.toFields()), names);
}

const CASES: Array<{ name: string; type: string; values: string[] }> = [
  { name: 'time', type: 'time', values: ['1764000000.030000', '1764000000.123456', '1764000000', '1764000000.5', '1764000000.1234567', 'XXXXXXXXXX.XXXXXX', '-', '(empty)', '-1.5', '1764000000000.25', '123456789012.5'] },
  { name: 'port', type: 'port', values: ['443', '0', '65535', '-', '(empty)', '4x3', '', '1234567890123456789', '1e3', '007'] },
  { name: 'count', type: 'count', values: ['2048', '-', '18446744073709551615'] },
  { name: 'text', type: 'string', values: ['host1.example', '-', '(empty)', '', 'a\\x09b', '\\x2d', 'T', 'F', '443', 'caf\\xc3\\xa9', 'x\\y'] },
  { name: 'flag', type: 'bool', values: ['T', 'F', '-', 'true', 'X', '(empty)'] },
  { name: 'untyped', type: '', values: ['T', '12', 'a,b', '-', '(empty)'] },
  { name: 'list', type: 'vector[string]', values: ['aa,bb', 'aa', '(empty)', '-', 'a\\x2cb,c', ',x,,y,', 'caf\\xc3\\xa9,z'] },
  { name: 'counts', type: 'vector[count]', values: ['1,2,3', '(empty)', '-'] },
  { name: 'bools', type: 'set[bool]', values: ['T,F', '-'] },
];

describe('typed readers of a TSV row', () => {
  for (const c of CASES) {
    test(`${c.name} (${c.type || 'no #types entry'}) reads as values.ts reads its value`, () => {
      for (const value of c.values) {
        const types = c.type ? ['string', c.type] : [];
        const r = row({}, ['uid', c.name], types, ['C1', value]);
        const names = [c.name, 'absent', 'uid'];
        expect({ value, got: readAll(r, names) }).toEqual({ value, got: readGeneric(r, names) });
      }
    });
  }

  test('separators of other characters, a multi-character set separator and other markers', () => {
    const r = row({ sep: '|', set: ';;', empty: 'EMPTY', unset: 'NULL' }, ['a', 'b', 'c', 'd', 'e'], ['port', 'vector[string]', 'string', 'vector[string]', 'time'],
      ['443', 'x;;y;;z', 'NULL', 'EMPTY', '1700000000.25']);
    const names = ['a', 'b', 'c', 'd', 'e'];
    expect(readAll(r, names)).toEqual(readGeneric(r, names));
    r.select(names);
    expect(items(r, 1)).toEqual(['x', 'y', 'z']);
    expect(r.time(4)).toEqual({ sec: 1700000000, nsec: 250_000_000 });
  });

  test('the in-place fast paths give what they should, not only what the generic path gives', () => {
    const r = row({}, ['ts', 'p', 'fps'], ['time', 'port', 'vector[string]'], ['1764000000.030000', '8443', 'ab,cd\\x2cef,gh']);
    r.select(['ts', 'p', 'fps']);
    expect(r.time(0)).toEqual({ sec: 1764000000, nsec: 30_000_000 });
    expect(r.number(1)).toBe(8443);
    expect(items(r, 2)).toEqual(['ab', 'cd,ef', 'gh']);
  });

  test('a time is read from its text exactly, where a double would lose the microseconds', () => {
    const r = row({}, ['ts'], ['time'], ['99999999999.000001']);
    r.select(['ts']);
    expect(r.time(0)).toEqual({ sec: 99999999999, nsec: 1000 });
  });
});
