/**
 * Issue 15: findings are announced as their certificate is first judged, and again (same id, `updated`, what the
 * document before said) when later sightings change the judgement; certificates past MAX_HOT_CERTIFICATES keep a
 * compact remainder and are still counted and judged again when they come back.
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { FindingBuilder, MAX_HOT_CERTIFICATES, type FindingEvent } from '../../src/detect/finding-builder';
import { findingId } from '../../src/detect/finding-id';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, leafExtensions, makeCert, shippedReference, sighting } from '../helpers/detect-certs';

const reference = shippedReference();
const noAnchors = anchorTrust([]);
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2025-08-01T00:00:00Z' };
const c2 = makeCert({ subject: [['CN', 'cdn-update.example']], extensions: leafExtensions(['cdn-update.example']), ...dates }).facts;

describe('findings as events', () => {
  it('a certificate is announced when first judged; crossing the reuse threshold gives an update with the same id', () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    b.addSighting([c2], sighting('2025-05-10T00:00:00Z', '198.51.100.1', 'cdn-update.example'));
    const [created, ...none] = b.judge(false);
    expect(none).toEqual([]);
    expect(created.action).toBe('created');
    expect(created.finding.id).toBe(findingId(c2.sha256));
    expect(created.finding.signals.map((s) => s.id)).not.toContain('reused-certificate');
    expect(b.judge(true)).toEqual([]); // nothing new: nothing said
    b.addSighting([c2], sighting('2025-05-10T00:01:00Z', '198.51.100.2', 'cdn-update.example'));
    b.addSighting([c2], sighting('2025-05-10T00:02:00Z', '203.0.113.3', 'cdn-update.example'));
    expect(b.judge(false)).toEqual([]); // judged certificates wait for a call with updates
    const [updated] = b.judge(true);
    expect(updated.action).toBe('updated');
    expect(updated.finding.id).toBe(created.finding.id);
    expect(updated.finding.signals.map((s) => s.id)).toContain('reused-certificate');
    expect(updated.previous).toEqual({ severity: created.finding.severity, score: created.finding.score, signals: created.finding.signals.map((s) => s.id).sort() });
    expect(updated.finding.score).toBeGreaterThan(created.finding.score);
    expect(updated.finding.sightings.count).toBe(3);
  });

  it('a repeat from the same place changes nothing and says nothing', () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    b.addSighting([c2], sighting('2025-05-10T00:00:00Z', '198.51.100.1'));
    expect(b.judge(true)).toHaveLength(1);
    for (let i = 0; i < 50; i++) b.addSighting([c2], sighting('2025-05-10T00:00:01Z', '198.51.100.1'));
    expect(b.judge(true)).toEqual([]);
  });

  it('findings below announceFrom are judged but not announced until they reach it', () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference, undefined, { announceFrom: 'critical' });
    b.addSighting([c2], sighting('2025-05-10T00:00:00Z', '198.51.100.1'));
    expect(b.judge(true)).toEqual([]);
    expect(b.findings()).toHaveLength(1);
  });
});

describe('bounded per-certificate state', () => {
  it(`past ${MAX_HOT_CERTIFICATES} certificates the coldest are compacted, still counted, and judged again when they come back`, () => {
    const b = new FindingBuilder(DEFAULT_CONFIG, noAnchors, reference);
    // one key, many serials: distinct certificates made fast (node-forge signs each)
    const base = makeCert({ subject: [['CN', 'many.example']], extensions: leafExtensions(['many.example']), ...dates }).facts;
    const total = MAX_HOT_CERTIFICATES + 500;
    const facts: CertFacts[] = [];
    for (let i = 0; i < total; i++) facts.push({ ...base, sha256: i.toString(16).padStart(64, '0'), serial: i.toString(16) });
    const created: FindingEvent[] = [];
    for (let i = 0; i < total; i++) {
      b.addSighting([facts[i]], sighting('2025-05-10T00:00:00Z', '198.51.100.1', 'many.example'));
      if (i % 1000 === 999) created.push(...b.judge(false));
    }
    created.push(...b.judge(true));
    expect(created.filter((e) => e.action === 'created')).toHaveLength(total);
    expect(b.size).toBe(total);
    expect(b.findings().length).toBeLessThanOrEqual(MAX_HOT_CERTIFICATES); // the rest are compact
    // the very first certificate comes back from two more servers: it is counted on, and crossing reuse says so
    b.addSighting([facts[0]], sighting('2025-05-11T00:00:00Z', '198.51.100.2', 'many.example'));
    b.addSighting([facts[0]], sighting('2025-05-11T00:00:00Z', '198.51.100.3', 'many.example'));
    const again = b.judge(true);
    expect(again.map((e) => [e.action, e.finding.sha256])).toEqual([['updated', facts[0].sha256]]);
    expect(again[0].finding.sightings).toMatchObject({ count: 3, distinctServers: 3 });
    expect(again[0].finding.signals.map((s) => s.id)).toContain('reused-certificate');
    expect(b.size).toBe(total);
  });
});
