/**
 * FindingBuilder: sightings per certificate, reuse counts, caps, trust per chain, allowlists; and the two
 * whole-finding properties of the issue: a Let's Encrypt-style leaf with a valid chain and the genuine corpus CAs
 * (../shared/corpus/genuine-cas/) get no signal above low when judged at sighting time.
 */
import * as fs from 'node:fs';
import type { CertHistory } from '../../src/baseline/types';
import { DEFAULT_CONFIG, parseConfigObject } from '../../src/detect/config';
import { trustTime } from '../../src/detect/cert-helpers';
import { FindingBuilder } from '../../src/detect/finding-builder';
import { SEVERITY_RANK, type Finding, type TrustFn } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import {
  GENUINE_CAS_DIR, anchorTrust, genuineCa, leafExtensions, letsEncryptStyleChain, makeCert, rsaKey, shippedReference, sighting,
} from '../helpers/detect-certs';

const reference = shippedReference();
const noAnchors = anchorTrust([]);
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2025-08-01T00:00:00Z' };
const atMostLow = (f: Finding): boolean => SEVERITY_RANK[f.severity] <= SEVERITY_RANK.low && f.signals.every((s) => SEVERITY_RANK[s.severity] <= SEVERITY_RANK.low);

describe('reused-certificate', () => {
  const c2 = makeCert({ subject: [['CN', 'cdn-update.example']], extensions: leafExtensions(['cdn-update.example']), ...dates }).facts;

  it('one certificate on three servers is reused (threshold 3)', () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    for (const ip of ['198.51.100.1', '198.51.100.2', '203.0.113.3']) b.addSighting([c2], sighting('2025-05-10T00:00:00Z', ip, 'cdn-update.example'));
    const f = b.findings()[0];
    const s = f.signals.find((x) => x.id === 'reused-certificate')!;
    expect(s.severity).toBe('medium');
    expect(s.evidence.servers).toBe(3);
    expect(f.sightings.distinctServers).toBe(3);
    expect(f.sightings.count).toBe(3);
  });

  it('two servers, or three connections to one server, are not reuse', () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    b.addSighting([c2], sighting('2025-05-10T00:00:00Z', '198.51.100.1'));
    b.addSighting([c2], sighting('2025-05-10T00:01:00Z', '198.51.100.2'));
    for (let i = 0; i < 3; i++) b.addSighting([c2], sighting('2025-05-10T00:02:00Z', '198.51.100.2'));
    expect(b.findings()[0].signals.map((s) => s.id)).not.toContain('reused-certificate');
  });

  it('on a trusted chain reuse is only info (CDNs)', () => {
    const { intermediate, leaf, trust } = letsEncryptStyleChain();
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    for (const ip of ['198.51.100.1', '198.51.100.2', '203.0.113.3']) b.addSighting([leaf.facts, intermediate.facts], sighting('2025-03-05T00:00:00Z', ip, 'www.example.org'));
    expect(b.findings().find((f) => f.sha256 === leaf.facts.sha256)!.signals.find((s) => s.id === 'reused-certificate')?.severity).toBe('info');
  });
});

describe('reused-key', () => {
  it('fires on both certificates when one key carries two subjects', () => {
    const key = rsaKey(2048, 65537, 60);
    const a = makeCert({ subject: [['CN', 'alpha.example']], key, extensions: leafExtensions(['alpha.example']), ...dates }).facts;
    const b2 = makeCert({ subject: [['CN', 'beta.example']], key, extensions: leafExtensions(['beta.example']), ...dates }).facts;
    const other = makeCert({ subject: [['CN', 'gamma.example']], key: rsaKey(2048, 65537, 61), extensions: leafExtensions(['gamma.example']), ...dates }).facts;
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    for (const c of [a, b2, other]) b.addSighting([c], sighting('2025-05-10T00:00:00Z', '198.51.100.9'));
    const keyed = (sha: string) => b.findings().find((f) => f.sha256 === sha)!.signals.find((s) => s.id === 'reused-key');
    expect(keyed(a.sha256)?.evidence.subjects).toBe(2);
    expect(keyed(b2.sha256)?.severity).toBe('medium');
    expect(keyed(other.sha256)).toBeUndefined();
  });
});

describe('FindingBuilder bookkeeping', () => {
  const { root, intermediate, leaf, trust } = letsEncryptStyleChain();

  it('keeps at most maxSightingsPerCert sightings but counts all, with first and last seen', () => {
    const config = parseConfigObject({ maxSightingsPerCert: 5 });
    const b = new FindingBuilder(config, trust, reference);
    for (let i = 0; i < 20; i++) b.addSighting([leaf.facts, intermediate.facts], sighting(`2025-03-${String(5 + i).padStart(2, '0')}T00:00:00Z`, '198.51.100.1', 'www.example.org'));
    const f = b.findings().find((x) => x.sha256 === leaf.facts.sha256)!;
    expect(f.sightings.count).toBe(20);
    expect(new Date(f.sightings.first.sec * 1000).toISOString()).toBe('2025-03-05T00:00:00.000Z');
    expect(new Date(f.sightings.last.sec * 1000).toISOString()).toBe('2025-03-24T00:00:00.000Z');
    expect(f.roles).toEqual(['server']);
    expect(b.findings().find((x) => x.sha256 === intermediate.facts.sha256)!.position).toBe(1);
  });

  it('judges each distinct chain once, whatever the number of sightings', () => {
    let calls = 0;
    const counting: TrustFn = (chain, at) => { calls++; return trust(chain, at); };
    const b = new FindingBuilder(DEFAULT_CONFIG, counting, reference);
    for (let i = 0; i < 50; i++) b.addSighting([leaf.facts, intermediate.facts], sighting('2025-03-05T00:00:00Z', `198.51.100.${i + 1}`, 'www.example.org'));
    b.findings();
    expect(calls).toBe(2); // leaf→intermediate, and intermediate alone
  });

  it("a Let's Encrypt-style leaf with a valid chain gets no signal above low, nor does its chain", () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    b.addSighting([leaf.facts, intermediate.facts, root.facts], sighting('2025-03-04T09:00:00Z', '198.51.100.1', 'www.example.org'));
    b.addSighting([leaf.facts, intermediate.facts], sighting('2025-04-01T09:00:00Z', '198.51.100.1', 'example.org'));
    const findings = b.findings();
    expect(findings).toHaveLength(3);
    for (const f of findings) expect({ sha: f.sha256, ok: atMostLow(f), signals: f.signals.filter((s) => SEVERITY_RANK[s.severity] > 1) }).toEqual({ sha: f.sha256, ok: true, signals: [] });
    expect(findings.find((f) => f.sha256 === leaf.facts.sha256)!.trust.verdict).toBe('trusted');
  });

  it('a genuine chain seen after the leaf expired is `expired`, not also an untrusted chain (trust judged inside validity)', () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    b.addSighting([leaf.facts, intermediate.facts], sighting('2025-07-01T00:00:00Z', '198.51.100.1', 'www.example.org'));
    const f = b.findings().find((x) => x.sha256 === leaf.facts.sha256)!;
    expect(f.trust.verdict).toBe('trusted');
    expect(f.signals.map((s) => s.id)).toEqual(['expired']);
  });

  it('trustTime keeps a sighting inside the chain\'s common validity and clamps one outside it', () => {
    const chain = [leaf.facts, intermediate.facts];
    expect(trustTime(chain, new Date('2025-04-01T00:00:00Z')).toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(trustTime(chain, new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2025-05-30T11:00:00.000Z');
    expect(trustTime(chain, new Date('2024-01-01T00:00:00Z')).toISOString()).toBe('2025-03-01T11:00:00.000Z');
  });

  it('allowlisted networks silence a finding but keep its signals', () => {
    const c2 = makeCert({ subject: [['CN', 'qxvbtrwplk.example']], ...dates }).facts;
    const config = parseConfigObject({ allowlist: { serverCidrs: ['10.0.0.0/8'] } });
    const b = new FindingBuilder(config, noAnchors, reference);
    b.addSighting([c2], sighting('2025-05-10T00:00:00Z', '10.1.1.1'));
    const f = b.findings()[0];
    expect(f.suppressed?.reason).toMatch(/10\.0\.0\.0\/8/);
    expect(f.signals.map((s) => s.id)).toContain('self-signed');
    b.addSighting([c2], sighting('2025-05-11T00:00:00Z', '203.0.113.1'));
    expect(b.findings()[0].suppressed).toBeUndefined();
  });

  it('many ports of one allowlisted address do not cap the entry: the network still silences it', () => {
    const c2 = makeCert({ subject: [['CN', 'ports.example']], ...dates }).facts;
    const config = parseConfigObject({ allowlist: { serverCidrs: ['10.0.0.0/8'] } });
    const b = new FindingBuilder(config, noAnchors, reference);
    for (let port = 1000; port < 1300; port++) b.addSighting([c2], { ...sighting('2025-05-10T00:00:00Z', '10.1.1.1'), server: { ip: '10.1.1.1', port } });
    const f = b.findings()[0];
    expect(f.sightings.count).toBe(300);
    expect(f.sightings.distinctServers).toBe(1);
    expect(f.sightings.servers).toHaveLength(20);
    expect(f.suppressed?.reason).toMatch(/10\.0\.0\.0\/8/);
  });

  it('a certificate back at an earlier place after another counts its places once each', () => {
    const c2 = makeCert({ subject: [['CN', 'back.example']], ...dates }).facts;
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    for (const [ip, name] of [['198.51.100.1', 'a.example'], ['198.51.100.2', 'b.example'], ['198.51.100.1', 'a.example'], ['198.51.100.1', 'A.example'], ['198.51.100.1', 'c.example']]) {
      b.addSighting([c2], sighting('2025-05-10T00:00:00Z', ip, name));
    }
    const f = b.findings()[0];
    expect(f.sightings.distinctServers).toBe(2);
    expect(f.sightings.serverNames.sort()).toEqual(['a.example', 'b.example', 'c.example']);
    expect(f.sightings.servers.sort()).toEqual(['198.51.100.1:443', '198.51.100.2:443']);
  });

  it('repeats past the kept sightings only count and move the last time; a new chain, role, client or earlier time still registers', () => {
    let calls = 0;
    const counting: TrustFn = (chain, at) => { calls++; return trust(chain, at); };
    const b = new FindingBuilder(parseConfigObject({ maxSightingsPerCert: 2 }), counting, reference);
    const chain = [leaf.facts, intermediate.facts];
    for (let day = 10; day < 20; day++) b.addSighting(chain, sighting(`2025-03-${day}T00:00:00Z`, '198.51.100.1', 'www.example.org'));
    b.addSighting([leaf.facts], sighting('2025-03-20T00:00:00Z', '198.51.100.1', 'www.example.org'));
    b.addSighting(chain, sighting('2025-03-21T00:00:00Z', '198.51.100.1', 'www.example.org', 'client'));
    b.addSighting(chain, { ...sighting('2025-03-22T00:00:00Z', '198.51.100.1', 'www.example.org'), client: { ip: '192.0.2.99', port: 1 } });
    b.addSighting(chain, sighting('2025-03-01T00:00:00Z', '198.51.100.1', 'www.example.org'));
    const f = b.findings().find((x) => x.sha256 === leaf.facts.sha256)!;
    expect(f.sightings.count).toBe(14);
    expect(f.sightings.first).toEqual({ sec: Date.parse('2025-03-01T00:00:00Z') / 1000, nsec: 0 });
    expect(f.sightings.last).toEqual({ sec: Date.parse('2025-03-22T00:00:00Z') / 1000, nsec: 0 });
    expect(f.roles.sort()).toEqual(['client', 'server']);
    expect(f.sightings.clients.sort()).toEqual(['192.0.2.10', '192.0.2.99']);
    expect(calls).toBe(3); // leaf→intermediate, the leaf alone, and intermediate alone
  });

  it('keeps copies of what it is given: a caller may reuse its sighting objects', () => {
    const c2 = makeCert({ subject: [['CN', 'reused-objects.example']], ...dates }).facts;
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    const s = sighting('2025-05-10T00:00:00Z', '198.51.100.7', 'reused-objects.example');
    b.addSighting([c2], s);
    (s.ts as { sec: number }).sec = 0;
    (s.server as { ip: string }).ip = '0.0.0.0';
    const f = b.findings()[0];
    expect(f.sightings.first.sec).toBe(Date.parse('2025-05-10T00:00:00Z') / 1000);
    expect(f.sightings.last.sec).toBe(Date.parse('2025-05-10T00:00:00Z') / 1000);
    expect(f.sightings.servers).toEqual(['198.51.100.7:443']);
  });

  it('disabled detectors and weights come from the config', () => {
    const c2 = makeCert({ subject: [['CN', 'x.example']], ...dates }).facts;
    const config = parseConfigObject({ disabled: ['missing-san'], weights: { 'self-signed': 33 } });
    const b = new FindingBuilder(config, noAnchors, reference);
    b.addSighting([c2], sighting('2025-05-10T00:00:00Z', '198.51.100.1'));
    const f = b.findings()[0];
    expect(f.signals.map((s) => s.id)).not.toContain('missing-san');
    expect(f.signals.find((s) => s.id === 'self-signed')?.weight).toBe(33);
  });
});

describe('genuine CAs from ../shared/corpus/genuine-cas/', () => {
  const all = fs.readdirSync(GENUINE_CAS_DIR).filter((f) => f.endsWith('.pem')).map((f) => ({ file: f, facts: genuineCa(f) }));
  const roots = all.filter((c) => c.facts.selfIssued).map((c) => c.facts);
  const trust = anchorTrust(roots);
  const bySubject = new Map(all.map((c) => [c.facts.subject.rfc4514, c.facts]));
  const intermediates = all.filter((c) => !c.facts.selfIssued);

  it.each(intermediates.map((c) => [c.file, c.facts] as [string, CertFacts]))('%s: no signal above low at a sighting inside its validity', (_file, facts) => {
    const issuer = bySubject.get(facts.issuer.rfc4514);
    const chain = issuer ? [facts, issuer] : [facts];
    const mid = (Date.parse(facts.notBefore) + Date.parse(facts.notAfter)) / 2;
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    // The CA is the first certificate here (no leaf of theirs can be made), so no SNI: it would not name the CA.
    b.addSighting(chain, sighting(new Date(mid).toISOString(), '198.51.100.77'));
    for (const f of b.findings()) {
      expect({ sha: f.sha256, above: f.signals.filter((s) => SEVERITY_RANK[s.severity] > SEVERITY_RANK.low).map((s) => s.reason) }).toEqual({ sha: f.sha256, above: [] });
      expect(f.signals.map((s) => s.id)).not.toContain('impersonates-known-ca');
    }
  });
});

describe('baseline history (BaselineSession.history) as context', () => {
  const { intermediate, leaf, trust } = letsEncryptStyleChain();
  const selfMade = makeCert({ subject: [['CN', 'www.example.org']], key: rsaKey(2048, 65537, 62), extensions: leafExtensions(['www.example.org']), ...dates }).facts;
  const base: CertHistory = { learned: true, firstSeenEver: false, firstSeen: Date.parse('2025-01-01T00:00:00Z'), serverTotal: 1, servers: ['198.51.100.1|443'], replaced: [], replacedTotal: 0, learnedCertificate: false, learnedHere: false };

  function withHistory(chain: CertFacts[], history: CertHistory, fn: TrustFn = noAnchors): Finding {
    const b = new FindingBuilder(DEFAULT_CONFIG, fn, reference, (sha) => (sha === chain[0].sha256 ? history : undefined));
    b.addSighting(chain, sighting('2025-05-10T00:00:00Z', '198.51.100.1', 'www.example.org'));
    return b.findings().find((f) => f.sha256 === chain[0].sha256)!;
  }

  it('a known-bad mark is critical', () => {
    const f = withHistory([selfMade], { ...base, mark: { kind: 'known-bad', reason: 'C2 of case 42', source: 'analyst', time: 0 } });
    expect(f.signals.find((s) => s.id === 'known-bad')?.severity).toBe('critical');
    expect(f.severity).toBe('critical');
  });

  it('a trusted mark lowers the finding to info with the reason, and keeps its signals', () => {
    const f = withHistory([selfMade], { ...base, mark: { kind: 'trusted', reason: 'lab server', source: 'analyst', time: 0 } });
    expect(f.suppressed?.reason).toBe('marked trusted: lab server (analyst)');
    expect(f.severity).toBe('info');
    expect(f.signals.map((s) => s.id)).toContain('self-signed');
    expect(withHistory([selfMade], base).severity).not.toBe('info');
  });

  it('a known server switching to an untrusted certificate is medium, a trusted renewal low', () => {
    const replaced = { ...base, replaced: [{ place: 'server 198.51.100.1:443', previous: [{ sha256: 'ab'.repeat(32), subject: 'CN=www.example.org' }] }], replacedTotal: 1 };
    const hijack = withHistory([selfMade], replaced);
    expect(hijack.signals.find((s) => s.id === 'changed-certificate')?.severity).toBe('medium');
    expect(hijack.history).toEqual({ firstSeenEver: false, firstSeen: base.firstSeen, serverTotal: 1, replaced: 1 });
    const renewal = withHistory([leaf.facts, intermediate.facts], replaced, trust);
    expect(renewal.signals.find((s) => s.id === 'changed-certificate')?.severity).toBe('low');
    expect(withHistory([selfMade], base).signals.map((s) => s.id)).not.toContain('changed-certificate');
  });
});
