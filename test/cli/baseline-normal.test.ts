/**
 * Issue 13, the baseline defines normal: captures made here (tls-capture.ts) with a corporate PKI, a service mesh
 * (private-pki.ts), a self-signed appliance certificate and Mythic's default C2 certificate (`O=Mythic C2`,
 * self-signed: MythicC2Profiles/http generateCerts, baselines/reference/c2-defaults.json mythic-http-profile).
 * - learn, then scan the same traffic: only info findings, except the one with attack evidence;
 * - a CA the baseline learned covers a new certificate it issued;
 * - scanning one capture twice gives identical findings and the same sightings (a run is named by its inputs'
 *   content), and no reused-across-runs from itself.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corporatePki, meshPki, SEEN } from '../helpers/private-pki';
import { ndjson, runCli } from '../helpers/run-cli';
import { tlsCapture, type TlsConnection } from '../helpers/tls-capture';
import { makeCert, type MadeCert } from '../helpers/x509-openssl';

type Doc = Record<string, any>;
const findings = (stdout: string): Doc[] => ndjson(stdout).filter((d) => d.event.dataset === 'certhound.finding');
const sha = (der: Buffer): string => createHash('sha256').update(der).digest('hex').toUpperCase();
const byCert = (docs: Doc[], c: MadeCert): Doc => {
  const d = docs.find((x) => x.certhound.x509.sha256 === sha(c.der));
  if (!d) throw new Error(`no finding for ${sha(c.der)}`);
  return d;
};

describe('the baseline defines normal', () => {
  let dir: string;
  let traffic: string;
  let corp: ReturnType<typeof corporatePki>;
  let appliance: MadeCert;
  let mythic: MadeCert;
  const scan = (store: string, capture: string, ...extra: string[]) =>
    runCli(['scan', '--baseline', store, '--format', 'ndjson', '--no-connections', '--min-severity', 'info', '--fail-on', 'critical', ...extra, capture]);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-normal-'));
    corp = corporatePki(dir);
    const mesh = meshPki(dir);
    appliance = makeCert(dir, {
      key: 'rsa:2048', subject: '/CN=printer-3f.corp.example', startDate: '20250101000000Z', endDate: '20350101000000Z', serial: '01',
      extensions: ['subjectAltName = DNS:printer-3f.corp.example'],
    });
    mythic = makeCert(dir, { key: 'ec:P-384', subject: '/O=Mythic C2', startDate: '20260201000000Z', endDate: '20270201000000Z', serial: '5a17', extensions: [] });
    const connections: TlsConnection[] = [
      ...corp.connections, ...mesh.connections,
      { server: '10.20.7.9', sni: 'printer-3f.corp.example', serverChain: [appliance.der], time: SEEN + 30 },
      { server: '203.0.113.50', sni: 'cdn-update.example.net', serverChain: [mythic.der], time: SEEN + 40 },
    ];
    traffic = join(dir, 'traffic.pcap');
    writeFileSync(traffic, tlsCapture(connections));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('learn, then scan the same traffic: only info findings, except the one with attack evidence', () => {
    const store = join(dir, 'learned');
    expect(runCli(['baseline', 'learn', '--baseline', store, traffic]).status).toBe(0);
    const before = findings(runCli(['scan', '--no-baseline', '--format', 'ndjson', '--no-connections', '--min-severity', 'info', '--fail-on', 'critical', traffic]).stdout);
    expect(byCert(before, appliance).certhound.severity).toBe('medium');

    const docs = findings(scan(store, traffic, '--no-update').stdout);
    expect(docs.length).toBe(before.length);
    for (const d of docs) {
      if (d.certhound.x509.sha256 === sha(mythic.der)) continue;
      expect([d.certhound.x509.sha256, d.certhound.severity, d.event.risk_score]).toEqual([d.certhound.x509.sha256, 'info', 0]);
    }
    const printer = byCert(docs, appliance).certhound;
    expect(printer.suppressed).toEqual({ reason: 'learned normal: the baseline learned it at every place it was seen', severity: 'medium', score: byCert(before, appliance).certhound.score });
    // Known is not the same as good: the C2 default stays as loud as without a baseline.
    const c2 = byCert(docs, mythic).certhound;
    expect(c2.suppressed).toBeUndefined();
    expect(c2.severity).toBe(byCert(before, mythic).certhound.severity);
    expect(c2.signals.some((s: { class: string; severity: string }) => s.class === 'attack' && s.severity === 'high')).toBe(true);
  });

  it('a certificate learned elsewhere is not normal at a new place', () => {
    const store = join(dir, 'moved');
    expect(runCli(['baseline', 'learn', '--baseline', store, traffic]).status).toBe(0);
    const moved = join(dir, 'moved.pcap');
    writeFileSync(moved, tlsCapture([{ server: '198.51.100.7', sni: 'printer-3f.corp.example', serverChain: [appliance.der], time: SEEN + 86_400 }]));
    const doc = byCert(findings(scan(store, moved, '--no-update').stdout), appliance);
    expect(doc.certhound.suppressed).toBeUndefined();
    expect(doc.certhound.severity).toBe('medium');
  });

  it('a CA the baseline learned covers a new certificate it issued (signature verified)', () => {
    const store = join(dir, 'ca-learned');
    expect(runCli(['baseline', 'learn', '--baseline', store, traffic]).status).toBe(0);
    const issuing = corp.cas[1];
    const renewed = makeCert(dir, {
      key: 'rsa:2048', subject: '/C=US/O=Example Corp/CN=intranet.corp.example', issuer: issuing, startDate: '20260220000000Z', endDate: '20270220000000Z',
      serial: '2a3b4d', extensions: ['subjectAltName = DNS:intranet.corp.example', 'extendedKeyUsage = serverAuth'],
    });
    const rogue = makeCert(dir, { key: 'rsa:2048', subject: '/CN=intranet.corp.example', startDate: '20260220000000Z', endDate: '20270220000000Z', serial: '66', extensions: ['subjectAltName = DNS:intranet.corp.example'] });
    const next = join(dir, 'renewed.pcap');
    writeFileSync(next, tlsCapture([
      { server: '10.20.0.6', sni: 'intranet.corp.example', serverChain: [renewed.der, issuing.der], time: SEEN + 7 * 86_400 },
      { server: '10.20.0.66', sni: 'intranet.corp.example', serverChain: [rogue.der], time: SEEN + 7 * 86_400 + 5 },
    ]));
    const docs = findings(scan(store, next, '--no-update').stdout);
    expect(byCert(docs, renewed).certhound.suppressed?.reason).toBe("learned normal: issued by 'CN=Example Corp Issuing CA 1,O=Example Corp,C=US', a CA the baseline learned");
    expect(byCert(docs, renewed).certhound.severity).toBe('info');
    expect(byCert(docs, rogue).certhound.suppressed).toBeUndefined();
    expect(byCert(docs, rogue).certhound.severity).not.toBe('info');
  });

  it('scanning one capture twice gives identical findings, the same sightings, and no reuse from itself', () => {
    const store = join(dir, 'twice');
    const first = scan(store, traffic);
    const second = scan(store, traffic);
    expect(second.status).toBe(first.status);
    expect(findings(second.stdout)).toEqual(findings(first.stdout));
    expect(findings(second.stdout).flatMap((d) => d.certhound.signals.map((s: { id: string }) => s.id))).not.toContain('reused-across-runs');
    const sightings = () => JSON.parse(runCli(['baseline', 'show', '-f', 'ndjson', sha(appliance.der), '--baseline', store]).stdout).sightings;
    expect(sightings()).toBe(1);
    // A copy of the capture under another name is the same input: same verdicts, no sighting counted twice.
    const copy = join(dir, 'copy-of-traffic.pcap');
    copyFileSync(traffic, copy);
    const verdicts = (docs: Doc[]) => docs.map((d) => [d.certhound.x509.sha256, d.certhound.severity, d.certhound.score, d.certhound.signals.map((x: { id: string }) => x.id)]);
    expect(verdicts(findings(scan(store, copy).stdout))).toEqual(verdicts(findings(first.stdout)));
    expect(sightings()).toBe(1);
  });
});
