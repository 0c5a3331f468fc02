/** src/detect/README.md lists every entry of baselines/reference/c2-defaults.json with its tools, kind and severity. */
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('tool table in src/detect/README.md', () => {
  const data = JSON.parse(fs.readFileSync(path.join(__dirname, '../../baselines/reference/c2-defaults.json'), 'utf8')) as {
    tools: Array<{ id: string; tools: string[]; kind: string; severity: string; sources: unknown[] }>;
  };
  const rows = fs.readFileSync(path.join(__dirname, '../../src/detect/README.md'), 'utf8').split('\n')
    .map((line) => /^\| `([a-z0-9-]+)` \| ([^|]+) \| (\w+) \| [^|]* \| (\w+) \(/.exec(line)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], tools: m[2].trim().split(', '), kind: m[3], severity: m[4] }));

  it('has one row per entry, in the data order', () => {
    expect(rows).toEqual(data.tools.map((t) => ({ id: t.id, tools: t.tools, kind: t.kind, severity: t.severity })));
  });

  it('every entry cites at least one source and has a unique id', () => {
    expect(new Set(data.tools.map((t) => t.id)).size).toBe(data.tools.length);
    for (const t of data.tools) expect({ id: t.id, sources: t.sources.length > 0 }).toEqual({ id: t.id, sources: true });
  });
});
