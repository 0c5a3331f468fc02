/**
 * Zeek log fixtures for tests: build TSV logs, unmask btest timestamps, and convert a TSV log into the JSON form
 * Zeek's JSON writer gives (src/threading/formatters/JSON.cc: dotted keys, arrays for vectors/sets, unset fields
 * left out, times as epoch numbers or, with `JSON::TS_ISO8601`, `%Y-%m-%dT%H:%M:%S.%06fZ` strings).
 * Written independently of src/zeek so the readers are checked against a second implementation.
 */

/** Lines of a text as the async source the readers take. */
export async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line;
}

/** A TSV log with Zeek's default header; `rows` are raw column texts. */
export function tsvLog(path: string, fields: string[], types: string[], rows: string[][]): string {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    '#open\t2024-01-01-00-00-00',
    `#fields\t${fields.join('\t')}`,
    `#types\t${types.join('\t')}`,
    ...rows.map((r) => r.join('\t')),
    '#close\t2024-01-01-01-00-00',
  ].join('\n') + '\n';
}

/** Replaces btest's masked `ts` (XXXXXXXXXX.XXXXXX) with fixed, increasing epoch times. */
export function unmask(text: string, start = 1700000000.25): string {
  let n = 0;
  return text.replace(/XXXXXXXXXX\.XXXXXX/g, () => (start + n++).toFixed(6));
}

function isoTime(epoch: number): string {
  const sec = Math.floor(epoch);
  const usec = Math.round((epoch - sec) * 1e6);
  return new Date(sec * 1000).toISOString().slice(0, 19) + '.' + String(usec).padStart(6, '0') + 'Z';
}

function jsonValue(type: string, raw: string, times: 'epoch' | 'iso'): unknown {
  const unescaped = raw.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  switch (type) {
    case 'count': case 'int': case 'port': case 'double': case 'interval': return Number(raw);
    case 'time': return times === 'iso' ? isoTime(Number(raw)) : Number(raw);
    case 'bool': return raw === 'T';
    default: return unescaped;
  }
}

/** Converts a TSV log to Zeek's JSON lines (one object per data line). */
export function tsvToJson(text: string, times: 'epoch' | 'iso' = 'epoch'): string {
  let fields: string[] = [];
  let types: string[] = [];
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#fields\t')) fields = line.split('\t').slice(1);
    else if (line.startsWith('#types\t')) types = line.split('\t').slice(1);
    if (line === '' || line.startsWith('#')) continue;
    const obj: Record<string, unknown> = {};
    line.split('\t').forEach((raw, i) => {
      if (raw === '-') return;
      const type = types[i];
      const inner = /^(?:vector|set)\[(.+)\]$/.exec(type);
      if (inner) obj[fields[i]] = raw === '(empty)' ? [] : raw.split(',').map((e) => jsonValue(inner[1], e, times));
      else obj[fields[i]] = raw === '(empty)' ? '' : jsonValue(type, raw, times);
    });
    out.push(JSON.stringify(obj));
  }
  return out.join('\n') + '\n';
}
