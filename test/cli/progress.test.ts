/**
 * Issue 15 item 5: on a terminal, a progress line (file i of N, percent of bytes, MB/s, ETA); never when stderr is
 * not one; `--stats` gives elapsed time and throughput; a folder walk names the files it skipped whose names say
 * capture or log. The terminal is util-linux `script`'s pseudo-terminal. Logs: /work/shared/corpus/zeek-logs
 * (Zeek btest baselines, masked ts replaced here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CERTHOUND_BIN, runCli } from '../helpers/run-cli';
import { unmask } from '../helpers/zeek-logs';

const corpus = (name: string): string => readFileSync(join(__dirname, '../../../shared/corpus/zeek-logs', name), 'utf8');
const T0 = 1700000000;

/** A folder with an x509.log, a 120 000-line ssl.log, a README, an empty ssl log and a "capture" that is text. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-progress-'));
  writeFileSync(join(dir, 'x509.log'), unmask(corpus('zeek-tls1.2.pcap.x509.log'), T0));
  const ssl = unmask(corpus('zeek-tls1.2.pcap.ssl.log'), T0).replace(/#close.*\n/, '');
  const header = ssl.split('\n').filter((l) => l.startsWith('#')).join('\n') + '\n';
  const cols = (ssl.split('\n').find((l) => l && !l.startsWith('#')) as string).split('\t');
  const rows: string[] = [];
  for (let n = 0; n < 120_000; n++) {
    cols[0] = `${T0 + n}.000000`;
    cols[1] = `C${n}`;
    rows.push(cols.join('\t'));
  }
  writeFileSync(join(dir, 'ssl.log'), header + rows.join('\n') + '\n');
  writeFileSync(join(dir, 'README.txt'), 'notes\n');
  writeFileSync(join(dir, 'ssl.2026-01-01.log'), '');
  writeFileSync(join(dir, 'traffic.pcap'), 'this is not a capture\n');
  return dir;
}

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript ? test : test.skip)('a terminal sees file i of N, percent, MB/s and ETA; a pipe sees none of it', () => {
  const dir = folder();
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CERTHOUND_BIN)} scan --no-baseline --format ndjson --no-connections ${JSON.stringify(dir)} > /dev/null`;
  const tty = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...process.env, COLUMNS: '200' }, maxBuffer: 16 << 20 });
  const shown = tty.stdout.toString();
  expect(shown).toMatch(/certhound: file \d of 5 ssl\.log {2}\d+% [\d.]+ MB of [\d.]+ MB {2}[\d.]+ MB\/s( {2}ETA \d+:\d\d)?/);
  expect(shown).toMatch(/ETA \d+:\d\d/);
  const piped = runCli(['scan', '--no-baseline', '--format', 'ndjson', dir]);
  expect(piped.stderr).not.toMatch(/MB\/s|ETA/);
});

test('--stats gives elapsed time and throughput; skipped files whose names say capture or log are named', () => {
  const dir = folder();
  const r = runCli(['scan', '--no-baseline', '--format', 'ndjson', '--no-connections', '--stats', dir]);
  const stat = (name: string): number => Number(new RegExp(`^${name}\\s+([\\d.]+)$`, 'm').exec(r.stderr)?.[1]);
  expect(stat('elapsed_s')).toBeGreaterThan(0);
  expect(stat('input_bytes')).toBeGreaterThan(10_000_000);
  // elapsed_s is printed to 1/100 s: the throughput lies between what its rounding bounds allow (± 0.05 printed).
  const mb = stat('input_bytes') / 1e6;
  expect(stat('throughput_mb_s')).toBeGreaterThanOrEqual(mb / (stat('elapsed_s') + 0.005) - 0.05);
  expect(stat('throughput_mb_s')).toBeLessThanOrEqual(mb / (stat('elapsed_s') - 0.005) + 0.05);
  expect(stat('handshakes')).toBe(120_000);
  expect(stat('skipped_files')).toBe(3);
  const said = r.stderr.split('\n').filter((l) => l.includes(': skipped'));
  expect(said).toEqual([
    `certhound: warning: ${join(dir, 'ssl.2026-01-01.log')}: empty: skipped`,
    `certhound: warning: ${join(dir, 'traffic.pcap')}: neither a capture nor a Zeek or EVE log by its content, though its name says so: skipped`,
  ]);
});
