/**
 * Issue 18, "a terminal that fits": at 80 columns no line of `scan`, `host` or `hunt` output is wider than 80 (the
 * corpus, the sample capture and the host corpus), findings come first and sorted by severity then score, connection
 * rows only when asked, colour by severity only when wanted (NO_COLOR / FORCE_COLOR), the command line of a host
 * detection never shrinks to nothing, and a hostile name cannot reach the terminal as control sequences.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cseRecord } from '../helpers/hunt-fixtures';
import { runCli } from '../helpers/run-cli';
import { CORPUS_DIR } from '../helpers/corpus';
import { colourWanted } from '../../src/output/colour';
import { renderTable } from '../../src/output/table';
import { displayWidth, terminalSafe, wrap } from '../../src/output/terminal-text';

const SGR = /\x1b\[[0-9;]*m/g;

function widest(text: string): number {
  return Math.max(...text.replace(SGR, '').split('\n').map(displayWidth));
}

describe('terminal output', () => {
  const env = { COLUMNS: '80', NO_COLOR: '', FORCE_COLOR: '' };

  it('scan, with connections, fits 80 columns; findings come first, sorted by severity then score', () => {
    const r = runCli(['scan', '--no-baseline', '-f', 'table', '--connections', '--fail-on', 'critical', join(CORPUS_DIR, 'pcap'), join(CORPUS_DIR, 'zeek-logs'), 'captures'], { env });
    expect(r.stdout.split('\n')[0]).toMatch(/^FINDINGS \(\d+ at or above low\)$/);
    expect(r.stdout.indexOf('CONNECTIONS (')).toBeGreaterThan(r.stdout.indexOf('FINDINGS'));
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const heads = [...r.stdout.matchAll(/^(CRITICAL|HIGH|MEDIUM|LOW|INFO) +(\d+)/gm)].map((m) => [['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].indexOf(m[1]), Number(m[2])]);
    expect(heads.length).toBeGreaterThan(50);
    for (let i = 1; i < heads.length; i++) {
      expect(heads[i][0] < heads[i - 1][0] || (heads[i][0] === heads[i - 1][0] && heads[i][1] <= heads[i - 1][1])).toBe(true);
    }
    // the header's "seen N× on …" is wrapped, never cut
    expect(r.stdout).toMatch(/seen 1× on\s+127\.0\.0\.1:8443/);
    expect(r.stdout).not.toMatch(SGR);
  }, 60000);

  it('shows connection rows only when asked', () => {
    const r = runCli(['scan', '--no-baseline', '-f', 'table', 'captures'], { env });
    expect(r.stdout).not.toContain('CONNECTIONS');
  });

  it('host and hunt fit 80 columns, and the command line is shown whole', () => {
    const host = runCli(['host', '-f', 'table', join(CORPUS_DIR, 'host')], { env });
    expect(widest(host.stdout)).toBeLessThanOrEqual(80);
    const cells = host.stdout.split('\n').slice(1).map((l) => l.slice(22, 58)).join(' ').replace(/\s+/g, '');
    expect(cells).toContain('certutil-addstore-froot'.replace(/-/g, '-'));
    expect(cells).toContain('C:\\Users\\ADMINI~1\\AppData\\Local\\Temp\\cert.cer');
    const dir = mkdtempSync(join(tmpdir(), 'certhound-terminal-'));
    try {
      const events = join(dir, 'events.jsonl');
      writeFileSync(events, `${JSON.stringify(cseRecord({
        time: '2026-11-27T22:40:00Z', host: 'teamserver-with-a-rather-long-host-name.corp.example', ip: '127.0.0.1', image: '/usr/bin/keytool',
        commandLine: 'keytool -keystore ./cobaltstrike.store -storepass 123456 -keypass 123456 -genkey -keyalg RSA -alias cobaltstrike -dname "CN=Major Cobalt Strike, OU=AdvancedPenTesting, O=cobaltstrike, L=Somewhere, ST=Cyberspace, C=Earth"',
      }))}\n`);
      const hunt = runCli(['hunt', '--no-baseline', '-f', 'table', '--net', 'captures', '--host', events], { env });
      expect(hunt.stdout).toMatch(/^INCIDENTS \([1-9]\d* /);
      expect(hunt.stdout).toContain('keystore');
      expect(widest(hunt.stdout)).toBeLessThanOrEqual(80);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const cert = runCli(['cert', '-f', 'table', '--at', '2024-01-01T00:00:00Z', join(CORPUS_DIR, 'genuine-cas', 'amazon_rsa_2048_m02.pem')], { env });
    expect(cert.stdout).toContain('subject');
    expect(widest(cert.stdout)).toBeLessThanOrEqual(80);
  });

  it('colours by severity when FORCE_COLOR says so, never with NO_COLOR alone or into a pipe', () => {
    const forced = runCli(['scan', '--no-baseline', '-f', 'table', 'captures'], { env: { ...env, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[1;31mHIGH\x1b[0m');
    expect(widest(forced.stdout)).toBeLessThanOrEqual(80);
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted(false, {})).toBe(false);
    expect(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted(true, { TERM: 'dumb' })).toBe(false);
  });

  it('shrinks the least useful column first, then leaves columns out, and wraps what wraps', () => {
    const rows = [{ a: 'x'.repeat(30), b: 'y'.repeat(30), c: 'word '.repeat(20) }];
    const table = renderTable(rows, [
      { header: 'A', value: (r) => r.a, priority: 1, min: 10 },
      { header: 'B', value: (r) => r.b, priority: 3, min: 10 },
      { header: 'C', value: (r) => r.c, priority: 2, wrap: true, min: 16 },
    ], 60);
    const lines = table.trimEnd().split('\n');
    expect(widest(table)).toBeLessThanOrEqual(60);
    expect(lines[1]).toMatch(/^x{9}… {2}y{30} {2}word/);
    expect(lines.slice(1).join(' ').match(/word/g)).toHaveLength(20);
    const narrow = renderTable(rows, [
      { header: 'A', value: (r) => r.a, priority: 1, min: 20 },
      { header: 'B', value: (r) => r.b, priority: 3, min: 20 },
    ], 30);
    expect(narrow.split('\n')[0]).toBe('B');
  });

  it('makes control characters, escape sequences and bidi overrides visible', () => {
    expect(terminalSafe('evil\x1b]0;pwned\x07\u202etxt.exe')).toBe('evil\\x1b]0;pwned\\x07\\u{202e}txt.exe');
    expect(wrap('東京 東京 東京', 6)).toEqual(['東京', '東京', '東京']);
    expect(displayWidth('東京')).toBe(4);
  });
});
