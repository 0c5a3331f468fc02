/**
 * Issue 16 ("memory grows with distinct certificates; every finding held to the end and joined into one string"),
 * answered by issue 15's streaming: a run over 200 000 distinct certificates writes each finding as it is judged
 * and keeps only a compact remainder of each certificate past the builder's working set (and at most 100 000 of
 * those), so its peak RSS, measured in the child process that runs it, stays under 300 MB. The input is Suricata EVE as Suricata 7 writes `tls`
 * events without `chain` (shape: test/eve/read-eve.test.ts): one event per certificate, each a distinct SHA-1.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapFlags } from '../../src/cli/launch';

const root = join(__dirname, '..', '..');
const CERTIFICATES = 200_000;

function eveFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'certhound-memory-')), 'eve.json');
  const fd = openSync(path, 'w');
  let chunk: string[] = [];
  for (let n = 0; n < CERTIFICATES; n++) {
    const sha1 = n.toString(16).padStart(40, '0').match(/../g)!.join(':');
    const host = `h${n.toString(36)}.example`;
    chunk.push(JSON.stringify({
      timestamp: `2025-03-01T${String(Math.floor(n / 3600) % 24).padStart(2, '0')}:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000000+0000`,
      flow_id: 1e9 + n, event_type: 'tls', src_ip: '10.1.0.7', src_port: 1024 + (n % 60000), dest_ip: `198.18.${(n >> 8) & 255}.${n & 255}`, dest_port: 443, proto: 'TCP',
      tls: { subject: `CN=${host}`, issuerdn: `CN=${host}`, serial: sha1.slice(0, 23).toUpperCase(), fingerprint: sha1, sni: host, version: 'TLS 1.2', notbefore: '2025-02-01T00:00:00', notafter: '2035-02-01T00:00:00' },
    }));
    if (chunk.length === 10_000) {
      writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  writeSync(fd, chunk.join('\n') + '\n');
  closeSync(fd);
  return path;
}

test(`${CERTIFICATES} distinct certificates: every finding streamed, peak RSS under 300 MB`, () => {
  const eve = eveFile();
  // certhound's own launcher, plus the child's peak RSS on stderr when it ends (its own high-water mark: see
  // test/helpers/peak-rss.ts for why not resourceUsage().maxRSS)
  const script = `require('./dist/cli/v8-tuning.js').tuneV8();
    require('./dist/cli/main.js').main(['node', 'certhound'].concat(${JSON.stringify(['scan', '--no-baseline', '--format', 'ndjson', '--no-connections', '--min-severity', 'info', '--fail-on', 'critical', eve])}))
      .then((code) => { process.stderr.write('maxrss ' + /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1] + '\\n'); process.exitCode = code; });`;
  // the documents (half a gigabyte) go to a file, read back a chunk at a time
  const outPath = `${eve}.ndjson`;
  const out = openSync(outPath, 'w');
  // under the heap ceiling the launcher gives every run (src/cli/launch.ts): V8 collects before RSS balloons
  const r = spawnSync(process.execPath, [...heapFlags(), '-e', script], { cwd: root, stdio: ['ignore', out, 'pipe'], maxBuffer: 16 << 20 });
  closeSync(out);
  const stderr = r.stderr.toString();
  expect(r.status).toBe(0);
  const ids = new Set<string>();
  let findings = 0;
  const fd = openSync(outPath, 'r');
  const buf = Buffer.alloc(8 << 20);
  let carry = '';
  for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
    const lines = (carry + buf.toString('utf8', 0, n)).split('\n');
    carry = lines.pop() ?? '';
    for (const l of lines) {
      if (!l.includes('"certhound.finding"')) continue;
      findings++;
      ids.add(/"finding_id":"([0-9a-f]+)"/.exec(l)?.[1] ?? '');
    }
  }
  closeSync(fd);
  expect(findings).toBe(CERTIFICATES);
  expect(ids.size).toBe(CERTIFICATES);
  const peakBytes = Number(/^maxrss (\d+)$/m.exec(stderr)?.[1]) * 1024;
  process.stderr.write(`certhound: ${CERTIFICATES} certificates: peak RSS ${(peakBytes / 1e6).toFixed(0)} MB\n`);
  expect(peakBytes).toBeLessThan(300e6);
}, 300_000);
