/**
 * Issue 17: `scan` writes a finding line pasted from the certificate's `x509` texts serialised once
 * (`findingNdjson`), and it must be the very bytes of `JSON.stringify(findingDocument(…))`: for every finding the
 * corpus captures and Zeek logs give (created and updated, each compared when it is announced, as scan writes it), and
 * for findings edited here into the cases the corpus has few of.
 */
import { join } from 'node:path';
import { scan } from '../../src/pipeline/scan';
import { findingDocument, findingNdjson } from '../../src/output/ecs-finding';
import type { EcsOptions } from '../../src/output/ecs-common';
import type { FindingEvent } from '../../src/detect/finding-builder';
import type { Finding } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { CORPUS_DIR } from '../helpers/corpus';

type Event = Pick<FindingEvent, 'action' | 'previous'>;

/** Each announced event as it was then: a finding's kept sightings grow after it is announced. */
const events: FindingEvent[] = [];
/** Events whose line differed from the document's text when announced. */
const mismatches: Array<{ id: string; action: string; line: string; expected: string }> = [];

function compare(f: Finding, event: Event, opts: EcsOptions = {}): void {
  const expected = JSON.stringify(findingDocument(f, opts, event));
  const line = findingNdjson(f, opts, event);
  if (line !== expected) mismatches.push({ id: f.id, action: event.action, line, expected });
}

beforeAll(async () => {
  await scan([join(CORPUS_DIR, 'pcap'), join(CORPUS_DIR, 'zeek-logs')], {
    onProblem: () => undefined,
    onFinding(e) {
      compare(e.finding, e);
      compare(e.finding, e, { observer: 'sensor "1" \u00e9' });
      events.push({ ...e, finding: { ...e.finding, sightings: { ...e.finding.sightings, kept: [...e.finding.sightings.kept] } } });
    },
  }, { findings: true });
}, 120_000);

/** The line, written twice (the second from the texts the first cached), against the document's own text. */
function expectSameBytes(f: Finding, event: Event = { action: 'created' }, opts: EcsOptions = {}): Record<string, any> {
  const expected = JSON.stringify(findingDocument(f, opts, event));
  expect(findingNdjson(f, opts, event)).toBe(expected);
  expect(findingNdjson(f, opts, event)).toBe(expected);
  return JSON.parse(expected);
}

function first(test: (f: Finding) => boolean): Finding {
  const e = events.find((x) => test(x.finding));
  if (!e) throw new Error('corpus has no such finding');
  return e.finding;
}

/** A certificate's facts as another object (a fresh cache entry) with `changes`. */
function otherFacts(f: Finding, changes: Partial<CertFacts>): CertFacts {
  return { ...f.cert, ...changes };
}

describe('findingNdjson writes the bytes of the stringified findingDocument', () => {
  it('for every finding of the corpus captures and Zeek logs, created and updated, as announced', () => {
    expect(events.length).toBeGreaterThan(100);
    expect(mismatches.slice(0, 1)).toEqual([]);
    const kinds = { created: 0, updated: 0, ca: 0, leaf: 0, client: 0, zeek: 0, unparsed: 0, manySightings: 0, noSignals: 0 };
    for (const { action, finding: f } of events) {
      kinds[action]++;
      if (f.position > 0) kinds.ca++;
      else kinds.leaf++;
      if (f.roles.includes('client')) kinds.client++;
      if (f.sightings.sources.some((s) => s.endsWith('.log'))) kinds.zeek++;
      if (!f.cert.parsed) kinds.unparsed++;
      if (f.sightings.kept.length > 1) kinds.manySightings++;
      if (f.signals.length === 0) kinds.noSignals++;
    }
    // the corpus reaches each case at least once, so the edited findings below are not the only witnesses
    for (const [kind, n] of Object.entries(kinds)) expect([kind, n > 0]).toEqual([kind, true]);
  });

  it('again for every corpus finding, its certificate texts now cached', () => {
    for (const e of events) expectSameBytes(e.finding, e);
  });

  describe('for findings edited into each case', () => {
    const leaf = () => first((f) => f.position === 0 && f.signals.length > 1 && f.sightings.kept.length > 1 && f.cert.parsed);
    const edit = (changes: Partial<Finding>): Finding => ({ ...leaf(), ...changes });

    it('suppressed, with baseline history, and an update that changed severity, score and signals', () => {
      const f = leaf();
      const suppressed = expectSameBytes(edit({ severity: 'info', score: 0, suppressed: { reason: 'allowlist: "lab" \u2028', severity: f.severity, score: f.score } }));
      expect(suppressed.event.kind).toBe('event');
      expect(suppressed.certhound.suppressed.severity).toBe(f.severity);
      const history = expectSameBytes(edit({ history: { firstSeenEver: false, firstSeen: Date.UTC(2026, 0, 2), serverTotal: 7, replaced: 1 } }));
      expect(history.certhound.history.first_seen).toBe('2026-01-02T00:00:00.000Z');
      expectSameBytes(edit({ history: { firstSeenEver: true, serverTotal: 0, replaced: 0 } }));
      const updated = expectSameBytes(f, { action: 'updated', previous: { severity: 'info', score: 3, signals: ['gone-detector', f.signals[0].id] } });
      expect(updated.event.action).toBe('updated');
      expect(updated.certhound.changed.signals_removed).toEqual(['gone-detector']);
      expect(updated.certhound.changed.severity).toEqual({ from: 'info', to: f.severity });
      expectSameBytes(f, { action: 'updated', previous: { severity: f.severity, score: f.score, signals: f.signals.map((s) => s.id) } });
      // an update without what it changed writes no `changed`
      expect(expectSameBytes(f, { action: 'updated' }).certhound.changed).toBeUndefined();
    });

    it('a certificate with every SAN kind and names JSON must escape', () => {
      const cert = otherFacts(leaf(), {
        san: { dns: ['a"b.example', 'x\\y.example'], ip: ['192.0.2.1', '2001:db8::1'], email: ['ops@example.com'], uri: ['spiffe://example.org/ns/a'], other: ['1.3.6.1.4.1.311.20.2.3:admin\u0001'] },
        subject: { rfc4514: 'CN=\u00e9\u2028"quoted"', attributes: [{ type: 'CN', oid: '2.5.4.3', value: '\u00e9\u2028"quoted"' }] },
      });
      const doc = expectSameBytes(edit({ cert }));
      expect(doc.threat.indicator.x509.alternative_names).toHaveLength(7);
      expect(doc.certhound.x509.san.other).toEqual(['1.3.6.1.4.1.311.20.2.3:admin\u0001']);
      expect(doc.tls.server.x509.subject.common_name).toEqual(['\u00e9\u2028"quoted"']);
    });

    it('a leaf only a client presented, a CA certificate, a lone certificate', () => {
      expect(Object.keys(expectSameBytes(edit({ roles: ['client'] })).tls)).toEqual(['client']);
      expect(Object.keys(expectSameBytes(edit({ roles: ['client', 'server'] })).tls)).toEqual(['server']);
      expect(expectSameBytes(edit({ position: 2, roles: ['server'] })).tls).toBeUndefined();
      expect(Object.keys(expectSameBytes(edit({ roles: [] })).tls)).toEqual(['server']);
    });

    it('no signals, no kept sightings, no facts worth a field', () => {
      const f = leaf();
      const bare = expectSameBytes(edit({ signals: [], sightings: { ...f.sightings, kept: [], clients: [], serverNames: [], servers: [] } }));
      expect(bare.rule).toBeUndefined();
      expect(Object.keys(bare.threat)).toEqual(['indicator']);
      expect(bare.network).toEqual({});
      expect(bare.certhound.connections).toBeUndefined();
      const unparsed = otherFacts(f, { parsed: false, notBefore: '', notAfter: '', serial: '', sha1: '', ja4x: undefined, san: { dns: [], ip: [], email: [], uri: [] } });
      expectSameBytes(edit({ cert: unparsed, facts: { ...f.facts, sha1: '', notBefore: '', notAfter: '', spkiSha256: '' } }));
    });

    it('certificates a log names by another digest or only by its fields', () => {
      const f = leaf();
      const md5 = expectSameBytes(edit({ sha256: `md5:${'ab'.repeat(16)}`, cert: otherFacts(f, { sha256: `md5:${'ab'.repeat(16)}` }) }));
      expect(md5.tls.server.hash.md5).toBe('AB'.repeat(16));
      expect(md5.certhound.identity.kind).toBe('md5');
      expectSameBytes(edit({ sha256: `sha1:${'cd'.repeat(20)}`, cert: otherFacts(f, { sha256: `sha1:${'cd'.repeat(20)}` }) }));
      expectSameBytes(edit({ sha256: `fields:${'ef'.repeat(32)}`, cert: otherFacts(f, { sha256: `fields:${'ef'.repeat(32)}` }) }));
    });

    it('sightings of Zeek logs, EVE and IPv6 with odd addresses and file names', () => {
      const f = leaf();
      const s = f.sightings.kept[0];
      const kept = [
        { ...s, uid: 'CHhAvVGS1DHFjwGM9', source: { file: 'C:\\logs\\"ssl".log\n', line: 12 } },
        { ...s, flowId: '1152921504606846976', transport: undefined },
        { ...s, client: { ip: '2001:db8::1', port: 5353 }, server: { ip: 'fe80::1%eth0', port: 443 }, serverName: undefined, role: 'client' as const },
      ];
      const doc = expectSameBytes(edit({ sightings: { ...f.sightings, kept } }));
      expect(doc.certhound.connections).toHaveLength(3);
      expect(doc.certhound.connections[2].server).toBe('[fe80::1%eth0]:443');
    });
  });
});
