/**
 * certhound baseline + scan history end to end (issue 5): two captures built here (TLS 1.2 connections from
 * tls-capture.ts; certificates made by openssl).
 *   A: 10.0.0.1:443 presents X; R on 10.0.0.5.
 *   B: 10.0.0.1:443 presents Y; R on 10.0.0.6 and 10.0.0.7.
 * Learn A, scan B: changed-certificate on Y naming X, reused-across-runs on R (3 servers), first-seen on Y only.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';
import { writePcap } from '../helpers/pcap-writer';
import { runCli, ndjson } from '../helpers/run-cli';
import { tlsFrames } from '../helpers/tls-capture';
import { makeCert } from '../helpers/x509-openssl';

interface Made {
  der: Buffer;
  sha256: string;
  sha1: string;
}

function cert(dir: string, cn: string, serial: string): Made {
  const { der } = makeCert(dir, {
    key: 'ec:P-256', subject: `/CN=${cn}`, startDate: '20260101000000Z', endDate: '20270101000000Z', serial,
    extensions: [`subjectAltName = DNS:${cn}`],
  });
  return { der, sha256: createHash('sha256').update(der).digest('hex'), sha1: createHash('sha1').update(der).digest('hex') };
}

/** One TLS 1.2 connection to `server` presenting `leaf`. */
const connection = (server: string, sni: string, leaf: Made, time: number) => tlsFrames({ server, sni, serverChain: [leaf.der], time });

const findingsOf = (stdout: string) => ndjson(stdout).filter((d) => d.event.dataset === 'certhound.finding');
function findingFor(stdout: string, c: Made): Record<string, any> {
  const doc = findingsOf(stdout).find((d) => d.tls.server.hash.sha256 === c.sha256.toUpperCase());
  if (!doc) throw new Error(`no finding for ${c.sha256}`);
  return doc;
}
const signal = (doc: Record<string, any>, id: string) => doc.certhound.signals.find((s: { id: string }) => s.id === id);

describe('certhound baseline and history signals', () => {
  let dir: string;
  let store: string;
  let x: Made;
  let y: Made;
  let r: Made;
  let captureB: string;
  const scanB = (...extra: string[]) => runCli(['scan', '--baseline', store, '--format', 'ndjson', '--min-severity', 'info', '--fail-on', 'critical', ...extra, captureB]);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-cli-baseline-'));
    store = join(dir, 'baseline');
    x = cert(dir, 'portal.example.test', '1001');
    y = cert(dir, 'portal.example.test', '1002');
    r = cert(dir, 'r.example.test', '2001');
    const t0 = Date.UTC(2026, 2, 1) / 1000;
    const t1 = Date.UTC(2026, 2, 8) / 1000;
    writeFileSync(join(dir, 'a.pcap'), writePcap([
      ...connection('10.0.0.1', 'portal.example.test', x, t0),
      ...connection('10.0.0.5', 'r.example.test', r, t0 + 10),
    ]));
    captureB = join(dir, 'b.pcap');
    writeFileSync(captureB, writePcap([
      ...connection('10.0.0.1', 'portal.example.test', y, t1),
      ...connection('10.0.0.6', 'r.example.test', r, t1 + 10),
      ...connection('10.0.0.7', 'r.example.test', r, t1 + 20),
    ]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('learns capture A, then flags what capture B changed and reused', () => {
    const learn = runCli(['baseline', 'learn', '--baseline', store, join(dir, 'a.pcap')]);
    expect(learn.stderr).toBe(`certhound: learned 2 certificates from 2 handshakes into ${store}\n`);
    expect(learn.status).toBe(0);

    const scan = scanB();
    expect(scan.stderr).toBe('');
    const yDoc = findingFor(scan.stdout, y);
    const rDoc = findingFor(scan.stdout, r);
    const changed = signal(yDoc, 'changed-certificate');
    expect(changed.evidence.previous).toEqual([x.sha256]);
    expect(changed.evidence.previousSubjects).toEqual(['CN=portal.example.test']);
    expect(changed.evidence.places).toEqual(['server 10.0.0.1:443', 'sni portal.example.test']);
    expect(changed.severity).toBe('medium');
    expect(changed.reason).toContain(x.sha256);
    const reused = signal(rDoc, 'reused-across-runs');
    expect(reused.evidence).toMatchObject({ servers: 3, threshold: 3, thisRun: 2 });
    expect([...reused.evidence.addresses].sort()).toEqual(['10.0.0.5:443', '10.0.0.6:443', '10.0.0.7:443']);
    // Two addresses in B alone stay under the in-run threshold: only history sees the reuse.
    expect(signal(rDoc, 'reused-certificate')).toBeUndefined();
    expect(signal(yDoc, 'first-seen')).toBeDefined();
    expect(signal(rDoc, 'first-seen')).toBeUndefined();
    expect(signal(yDoc, 'reused-across-runs')).toBeUndefined();
  });

  it('keeps history detectors silent with --no-baseline', () => {
    const docs = findingsOf(runCli(['scan', '--no-baseline', '--format', 'ndjson', '--min-severity', 'info', '--fail-on', 'critical', captureB]).stdout);
    expect(docs.length).toBe(2);
    const ids = docs.flatMap((d) => d.certhound.signals.map((s: { id: string }) => s.id));
    for (const id of ['first-seen', 'changed-certificate', 'reused-across-runs', 'known-bad']) expect(ids).not.toContain(id);
  });

  it('does not learn from itself: scanning B again (same content) still sees Y as first seen and a change (issue 13)', () => {
    const yDoc = findingFor(scanB('--no-update').stdout, y);
    expect(signal(yDoc, 'first-seen')).toBeDefined();
    expect(signal(yDoc, 'changed-certificate')?.evidence.previous).toEqual([x.sha256]);
    expect(signal(findingFor(scanB('--no-update').stdout, r), 'reused-across-runs')?.evidence).toMatchObject({ servers: 3, thisRun: 2 });
  });

  it('a trusted certificate drops to info, suppressed with the analyst reason, signals kept', () => {
    const before = findingFor(scanB('--no-update').stdout, r);
    expect(before.certhound.severity).not.toBe('info');
    const trust = runCli(['baseline', 'trust', r.sha256, '--reason', 'load balancer pool', '--baseline', store]);
    expect(trust.status).toBe(0);
    const after = findingFor(scanB('--no-update').stdout, r);
    expect(after.certhound.severity).toBe('info');
    expect(after.event.severity).toBe(0);
    expect(after.event.risk_score).toBe(0);
    // What it would have been is kept beside the reason.
    expect(after.certhound.suppressed).toEqual({
      reason: 'marked trusted: load balancer pool (analyst)', severity: before.certhound.severity, score: before.certhound.score,
    });
    expect(signal(after, 'reused-across-runs')).toBeDefined();
  });

  it('an SSLBL CSV naming Y by SHA-1 makes Y known-bad with the list reason', () => {
    const csv = join(dir, 'sslblacklist.csv');
    // Layout of https://sslbl.abuse.ch/blacklist/sslblacklist.csv: comment header, then Listingdate,SHA1,Listingreason.
    writeFileSync(csv, `# abuse.ch SSLBL\n# Listingdate,SHA1,Listingreason\n2026-02-14 10:11:12,${y.sha1},AsyncRAT C&C\n`);
    const imp = runCli(['baseline', 'import', '--baseline', store, csv]);
    expect(imp.stderr).toBe(`certhound: imported 1 records from ${csv}\n`);
    const scan = scanB('--no-update');
    expect(scan.status).toBe(1);
    const bad = signal(findingFor(scan.stdout, y), 'known-bad');
    expect(bad).toMatchObject({ severity: 'critical', evidence: { reason: 'AsyncRAT C&C', source: csv, markedAt: '2026-02-14T10:11:12.000Z' } });
    expect(findingFor(scan.stdout, y).certhound.severity).toBe('critical');
  });

  it('shows a certificate and a server, counts the store, and round-trips export/import', () => {
    const shown = runCli(['baseline', 'show', '-f', 'table', '--baseline', store, r.sha256]).stdout;
    const narrow = runCli(['baseline', 'show', '-f', 'table', '--baseline', store, r.sha256], { env: { COLUMNS: '80' } }).stdout;
    expect(Math.max(...narrow.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(narrow.replace(/\n {13}/g, ' ')).toContain(`sha1         ${r.sha1}`);
    expect(shown).toContain(`sha1         ${r.sha1}`);
    expect(shown).toMatch(/servers {6}3: /);
    expect(shown).toMatch(/marked       trusted: load balancer pool \(analyst, \d{4}-/);
    const place = runCli(['baseline', 'show', '-f', 'table', '--baseline', store, '10.0.0.1:443'], { env: { COLUMNS: '200' } }).stdout.trim().split('\n');
    expect(place[0]).toBe('10.0.0.1:443: 2 certificates');
    expect(place[1].split(/\s{2,}/)).toEqual(['FIRST SEEN', 'LAST SEEN', 'COUNT', 'SHA256', 'SUBJECT']);
    expect(place.slice(2).map((l) => l.split(/\s+/)[3])).toEqual([x.sha256, y.sha256]);
    const placeLines = ndjson(runCli(['baseline', 'show', '-f', 'ndjson', '--baseline', store, '10.0.0.1:443']).stdout);
    expect(placeLines.map((l) => [l.place, l.sha256])).toEqual([['10.0.0.1:443', x.sha256], ['10.0.0.1:443', y.sha256]]);
    expect(ndjson(runCli(['baseline', 'show', '-f', 'ndjson', '--baseline', store, r.sha256]).stdout)).toEqual([
      expect.objectContaining({ sha256: r.sha256, sha1: r.sha1, mark: expect.objectContaining({ kind: 'trusted', reason: 'load balancer pool' }) }),
    ]);

    const stats = runCli(['baseline', 'stats', '--baseline', store]).stdout;
    expect(stats).toMatch(/^certificates +3$/m);
    expect(stats).toMatch(/^servers +4$/m);
    expect(stats).toMatch(/^marks +2$/m);
    expect(stats).toMatch(/^runs +2$/m); // learn + the first scan; --no-update scans record nothing

    const exported = runCli(['baseline', 'export', '--baseline', store]);
    expect(exported.status).toBe(0);
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, exported.stdout);
    const copy = join(dir, 'copy');
    expect(runCli(['baseline', 'import', '--baseline', copy, file]).status).toBe(0);
    const copied = runCli(['baseline', 'stats', '--baseline', copy]).stdout;
    expect(copied.replace(/^runs.*$/m, '')).toBe(stats.replace(/^runs.*$/m, ''));
    expect(runCli(['baseline', 'show', '-f', 'table', '--baseline', copy, r.sha256]).stdout).toBe(shown);
    expect(runCli(['baseline', 'export', '--baseline', copy]).stdout).toBe(exported.stdout);
  });

  it('refuses a second writer with one line and exit 2', async () => {
    const held = await BaselineStore.open(store);
    try {
      const r2 = scanB();
      expect(r2.status).toBe(2);
      expect(r2.stderr).toBe(`certhound: baseline ${store} is in use by another process\n`);
      expect(r2.stdout).toBe('');
    } finally {
      await held.close();
    }
  });
});
