/** `--help` says how to use certhound: examples and exit codes, and every line fits 80 columns. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli';

describe('certhound --help', () => {
  it.each([[[]], [['scan']], [['host']], [['hunt']], [['cert']]])('%j --help lists the exit codes in 80 columns', (cmd) => {
    const r = runCli([...cmd, '--help'], { env: { COLUMNS: '80' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*usage or input error/);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('shows examples that run', () => {
    const top = runCli(['--help']).stdout;
    expect(top).toContain('certhound scan -f suricata -o rules/ capture.pcap');
    expect(runCli(['scan', '--help']).stdout).toContain('certhound scan -f zeek-intel -o certhound.intel');
    // an example's format names are the formats scan takes
    const formats = runCli(['scan', '--help']).stdout.match(/-f (\S+)/g)?.map((m) => m.slice(3)) ?? [];
    const dir = mkdtempSync(join(tmpdir(), 'certhound-help-'));
    try {
      for (const f of formats) expect(runCli(['scan', '-f', f, '--no-baseline', '-o', join(dir, f), 'captures']).stderr).not.toMatch(/unknown format/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
