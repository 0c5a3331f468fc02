/**
 * `certhound scan <zeek log folder>` with a baseline sweeps incrementally: the next run gives only the lines Zeek
 * wrote since, with the certificates of x509 lines read in the earlier run; `--no-update` reads everything and
 * moves nothing; `--since`/`--until` bound the sweep. Logs: /work/shared/corpus/zeek-logs/zeek-tls1.2.pcap.*.log
 * (Zeek btest baselines, masked ts replaced here).
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndjson, runCli } from '../helpers/run-cli';
import { unmask } from '../helpers/zeek-logs';

const corpus = (name: string): string => readFileSync(join(__dirname, '../../../shared/corpus/zeek-logs', name), 'utf8');
const T0 = 1700000000;

function setup(): { logs: string; baseline: string; sslLine: (uid: string, ts: number) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-cli-sweep-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'x509.log'), unmask(corpus('zeek-tls1.2.pcap.x509.log'), T0));
  const ssl = unmask(corpus('zeek-tls1.2.pcap.ssl.log'), T0);
  writeFileSync(join(logs, 'ssl.log'), ssl.replace(/#close.*\n/, ''));
  const data = ssl.split('\n').find((l) => l && !l.startsWith('#')) as string;
  const sslLine = (uid: string, ts: number): string => data.replace(/^[^\t]+\t[^\t]+/, `${ts}.000000\t${uid}`) + '\n';
  return { logs, baseline: join(dir, 'baseline'), sslLine };
}

const connections = (stdout: string): Array<Record<string, any>> => ndjson(stdout).filter((d) => d.event.dataset === 'certhound.tls');

describe('scan over a Zeek log folder with a baseline', () => {
  test('the second run gives only the new line, with its certificates; the third gives nothing', () => {
    const { logs, baseline, sslLine } = setup();
    const first = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--fail-on', 'critical', logs]);
    expect(first.status).toBe(0);
    expect(connections(first.stdout)).toHaveLength(1);
    appendFileSync(join(logs, 'ssl.log'), sslLine('Cnew', T0 + 60));
    const second = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--fail-on', 'critical', '--stats', logs]);
    const docs = connections(second.stdout);
    expect(docs).toHaveLength(1);
    expect(docs[0]['@timestamp']).toBe(new Date((T0 + 60) * 1000).toISOString().replace('.000Z', '.000000000Z'));
    expect(docs[0].tls.server.subject).toMatch(/^CN=\*\.taleo\.net,/); // its x509 line was read by the first run
    const third = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--fail-on', 'critical', logs]);
    expect(ndjson(third.stdout)).toEqual([]);
  });

  test('--no-update reads every line and leaves the cursors where they were', () => {
    const { logs, baseline, sslLine } = setup();
    runCli(['scan', '--baseline', baseline, '--format', 'ndjson', logs]);
    appendFileSync(join(logs, 'ssl.log'), sslLine('Cnew', T0 + 60));
    expect(connections(runCli(['scan', '--baseline', baseline, '--no-update', '--format', 'ndjson', logs]).stdout)).toHaveLength(2);
    expect(connections(runCli(['scan', '--baseline', baseline, '--format', 'ndjson', logs]).stdout)).toHaveLength(1);
  });

  test('--since and --until bound the sweep; what lies past --until comes with the next run', () => {
    const { logs, baseline, sslLine } = setup();
    appendFileSync(join(logs, 'ssl.log'), sslLine('C1', T0 + 3600) + sslLine('C2', T0 + 7200));
    const since = new Date((T0 + 1800) * 1000).toISOString();
    const bounded = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--since', since, '--until', String(T0 + 5400), logs]);
    expect(connections(bounded.stdout).map((d) => d['@timestamp'].slice(0, 19))).toEqual([new Date((T0 + 3600) * 1000).toISOString().slice(0, 19)]);
    const next = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', logs]);
    expect(connections(next.stdout).map((d) => d['@timestamp'].slice(0, 19))).toEqual([new Date((T0 + 7200) * 1000).toISOString().slice(0, 19)]);
  });

  test('a time that is no time is refused', () => {
    const { logs } = setup();
    const r = runCli(['scan', '--no-baseline', '--until', 'soon', logs]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--until soon: not a time');
  });

  test("issue 15: Zeek's own test logs (all with the same header) give every handshake with a baseline, as without one", () => {
    const dir = join(__dirname, '../../../shared/corpus/zeek-logs');
    const handshakes = (r: { stderr: string }): number => Number(/^handshakes\s+(\d+)$/m.exec(r.stderr)?.[1]);
    const baseline = join(mkdtempSync(join(tmpdir(), 'certhound-cli-sweep-')), 'baseline');
    const without = runCli(['scan', '--no-baseline', '--format', 'ndjson', '--stats', dir]);
    const withStore = runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--stats', dir]);
    expect(handshakes(without)).toBe(35);
    expect(handshakes(withStore)).toBe(35);
    expect(withStore.stderr).not.toMatch(/expected \d+ columns/); // no file resumed in the middle of another's lines
    expect(handshakes(runCli(['scan', '--baseline', baseline, '--format', 'ndjson', '--stats', dir]))).toBe(0);
  });
});
