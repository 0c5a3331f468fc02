/**
 * The history detectors (first-seen, changed-certificate, reused-across-runs, known-bad) on hand-made
 * `CertHistory` values: when each stays silent, which severity it takes on trusted and untrusted chains, and the
 * evidence it names. Baseline-backed end to end: test/cli/baseline.test.ts.
 */
import type { CertHistory } from '../../src/baseline/types';
import { DEFAULT_CONFIG, parseConfigObject } from '../../src/detect/config';
import { FindingBuilder } from '../../src/detect/finding-builder';
import { MAX_EVIDENCE_LIST } from '../../src/detect/signal';
import type { DetectConfig, Finding, Signal, TrustFn } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, leafExtensions, letsEncryptStyleChain, makeCert, shippedReference, sighting } from '../helpers/detect-certs';

const reference = shippedReference();
const noAnchors = anchorTrust([]);
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2025-08-01T00:00:00Z' };
const selfMade = makeCert({ subject: [['CN', 'app.example.org']], extensions: leafExtensions(['app.example.org']), ...dates }).facts;
const { intermediate, leaf, trust } = letsEncryptStyleChain();
const known: CertHistory = { learned: true, firstSeenEver: false, firstSeen: Date.UTC(2025, 0, 1), serverTotal: 1, servers: ['198.51.100.1|443'], replaced: [], replacedTotal: 0, learnedCertificate: false, learnedHere: false };

function judge(chain: CertFacts[], history: CertHistory, opts: { fn?: TrustFn; config?: DetectConfig; historyAt?: number } = {}): Finding[] {
  const at = chain[opts.historyAt ?? 0].sha256;
  const b = new FindingBuilder(opts.config ?? DEFAULT_CONFIG, opts.fn ?? noAnchors, reference, (sha) => (sha === at ? history : undefined));
  b.addSighting(chain, sighting('2025-05-10T00:00:00Z', '198.51.100.1', 'app.example.org'));
  return b.findings();
}
const signalOf = (findings: Finding[], sha: string, id: string): Signal | undefined =>
  findings.find((f) => f.sha256 === sha)?.signals.find((s) => s.id === id);

describe('first-seen', () => {
  it('fires low on an untrusted leaf new to a baseline that has learned, info on a trusted chain', () => {
    const fresh = { ...known, firstSeenEver: true };
    expect(signalOf(judge([selfMade], fresh), selfMade.sha256, 'first-seen')).toMatchObject({ severity: 'low', weight: 5 });
    expect(signalOf(judge([leaf.facts, intermediate.facts], fresh, { fn: trust }), leaf.facts.sha256, 'first-seen')).toMatchObject({ severity: 'info', weight: 0 });
  });

  it('stays silent on a known certificate, on an empty baseline and without a baseline', () => {
    expect(signalOf(judge([selfMade], known), selfMade.sha256, 'first-seen')).toBeUndefined();
    expect(signalOf(judge([selfMade], { ...known, firstSeenEver: true, learned: false }), selfMade.sha256, 'first-seen')).toBeUndefined();
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    b.addSighting([selfMade], sighting('2025-05-10T00:00:00Z', '198.51.100.1'));
    expect(b.findings()[0].signals.filter((s) => s.id === 'first-seen' || s.id === 'reused-across-runs')).toEqual([]);
  });
});

describe('reused-across-runs', () => {
  const spread: CertHistory = { ...known, serverTotal: 4, servers: ['198.51.100.1|443', '198.51.100.2|443', '2001:db8::7|8443', '203.0.113.9|443'] };

  it('counts servers over all runs against reuseThreshold and lists them as ip:port', () => {
    const s = signalOf(judge([selfMade], spread), selfMade.sha256, 'reused-across-runs');
    expect(s?.severity).toBe('medium');
    expect(s?.evidence).toEqual({ servers: 4, threshold: 3, thisRun: 1, addresses: ['198.51.100.1:443', '198.51.100.2:443', '[2001:db8::7]:8443', '203.0.113.9:443'] });
    expect(s?.reason).toBe('same certificate on 4 distinct servers across runs (threshold 3): 198.51.100.1:443, 198.51.100.2:443, [2001:db8::7]:8443 +1 more');
  });

  it('follows a configured threshold', () => {
    const config = parseConfigObject({ reuseThreshold: 5 });
    expect(signalOf(judge([selfMade], spread, { config }), selfMade.sha256, 'reused-across-runs')).toBeUndefined();
    expect(signalOf(judge([selfMade], { ...spread, serverTotal: 5 }, { config }), selfMade.sha256, 'reused-across-runs')?.evidence.threshold).toBe(5);
  });

  it('is silent under the threshold, for a certificate new this run, and for CA certificates in the chain', () => {
    expect(signalOf(judge([selfMade], { ...spread, serverTotal: 2 }), selfMade.sha256, 'reused-across-runs')).toBeUndefined();
    expect(signalOf(judge([selfMade], { ...spread, firstSeenEver: true }), selfMade.sha256, 'reused-across-runs')).toBeUndefined();
    const f = judge([leaf.facts, intermediate.facts], spread, { fn: trust, historyAt: 1 });
    expect(signalOf(f, intermediate.facts.sha256, 'reused-across-runs')).toBeUndefined();
  });

  it('is info on a trusted chain (CDNs share certificates)', () => {
    const f = judge([leaf.facts, intermediate.facts], spread, { fn: trust });
    expect(signalOf(f, leaf.facts.sha256, 'reused-across-runs')?.severity).toBe('info');
  });
});

describe('changed-certificate', () => {
  it('names every previous certificate once, with its subject', () => {
    const a = { sha256: 'aa'.repeat(32), subject: 'CN=app.example.org,O=Old' };
    const b = { sha256: 'bb'.repeat(32), subject: '' };
    const history = { ...known, replaced: [{ place: 'server 198.51.100.1:443', previous: [a, b] }, { place: 'sni app.example.org', previous: [a] }], replacedTotal: 2 };
    const s = signalOf(judge([selfMade], history), selfMade.sha256, 'changed-certificate');
    expect(s?.evidence).toEqual({ places: ['server 198.51.100.1:443', 'sni app.example.org'], placesTotal: 2, previous: [a.sha256, b.sha256], previousSubjects: [a.subject, ''] });
    expect(s?.reason).toBe(`new certificate at server 198.51.100.1:443, sni app.example.org; it presented ${a.sha256} (${a.subject}) and 1 other(s) before`);
  });

  it('says how many places in all when history lists only some', () => {
    const a = { sha256: 'aa'.repeat(32), subject: 'CN=cdn.example.org' };
    const listed = Array.from({ length: 20 }, (_, i) => ({ place: `server 198.51.100.${i}:443`, previous: [a] }));
    const s = signalOf(judge([selfMade], { ...known, replaced: listed, replacedTotal: 5000 }), selfMade.sha256, 'changed-certificate');
    expect(s?.evidence).toMatchObject({ placesTotal: 5000, previous: [a.sha256] });
    expect((s?.evidence as { places: string[] }).places).toHaveLength(MAX_EVIDENCE_LIST);
    expect(s?.reason).toBe(`new certificate at server 198.51.100.0:443, server 198.51.100.1:443, server 198.51.100.2:443 +17 more (5000 places in all); it presented ${a.sha256} (${a.subject}) before`);
  });
});

describe('known-bad', () => {
  it('carries the mark reason and source, and is critical', () => {
    const mark = { kind: 'known-bad' as const, reason: 'Dridex C&C', source: 'sslblacklist.csv', time: Date.UTC(2020, 5, 1) };
    const f = judge([selfMade], { ...known, mark })[0];
    expect(f.severity).toBe('critical');
    expect(f.signals.find((s) => s.id === 'known-bad')).toMatchObject({
      severity: 'critical', reason: 'known bad: Dridex C&C (sslblacklist.csv)',
      evidence: { reason: 'Dridex C&C', source: 'sslblacklist.csv', markedAt: '2020-06-01T00:00:00.000Z' },
    });
  });
});
