/** src/detect/README.md lists every registered detector with its class, group, default severity and weight. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DETECTORS } from '../../src/detect/registry';

describe('detector table in src/detect/README.md', () => {
  const rows = fs.readFileSync(path.join(__dirname, '../../src/detect/README.md'), 'utf8').split('\n')
    .map((line) => /^\| `([a-z0-9-]+)` \| (\w+) \| (\w+) \| (\w+) \| (\d+) \|/.exec(line)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1], class: m[2], group: m[3], severity: m[4], weight: Number(m[5]) }));

  it('matches the registry, in order', () => {
    expect(rows).toEqual(DETECTORS.map((d) => ({ id: d.id, class: d.class, group: d.group, severity: d.severity, weight: d.weight })));
  });

  it('uses unique kebab-case ids', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
