/**
 * Issue 13's property: severity order implies score order. Over every finding of the corpus (../shared/corpus/pcap
 * and zeek-logs, no baseline) and of the private PKIs made here (private-pki.ts, with and without their anchors),
 * a finding of higher severity never has a lower score, every score sits in its severity's band, and high or
 * critical always carries an attack signal. Then the same over random signal sets (seeded, so a failure replays).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupOf, DETECTORS } from '../../src/detect/registry';
import { SCORE_BANDS, compareFindings, scoreSignals } from '../../src/detect/score';
import { SEVERITIES, SEVERITY_RANK, type DetectorClass, type Finding, type Signal } from '../../src/detect/types';
import { scanAll } from '../../src/pipeline/collect-findings';
import { loadTrustRoots } from '../../src/pipeline/trust-roots';
import { seededRandom } from '../helpers/capture-fixtures';
import { CORPUS_DIR } from '../helpers/corpus';
import { acmePki, corporatePki, kubeadmPki, meshPki, rootsBundle } from '../helpers/private-pki';
import { tlsCapture } from '../helpers/tls-capture';

function checkOrder(findings: readonly Pick<Finding, 'severity' | 'score'>[]): void {
  const outOfBand = findings.filter((f) => f.score < SCORE_BANDS[f.severity][0] || f.score > SCORE_BANDS[f.severity][1]);
  expect(outOfBand).toEqual([]);
  // Every score of a severity above every score of the severities below it: its lowest above their highest.
  let highestBelow = -Infinity;
  for (const severity of SEVERITIES) {
    const scores = findings.filter((f) => f.severity === severity).map((f) => f.score);
    if (scores.length === 0) continue;
    expect([severity, Math.min(...scores) > highestBelow]).toEqual([severity, true]);
    highestBelow = Math.max(highestBelow, ...scores);
  }
}

const collect = async (paths: string[], trustRoots: string[] = []): Promise<Finding[]> =>
  (await scanAll(paths, { onProblem: () => undefined }, { trustAnchors: loadTrustRoots(trustRoots) })).findings;

describe('severity order implies score order', () => {
  let dir: string;
  let all: Finding[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-order-'));
    const pkis = [corporatePki(dir), kubeadmPki(dir), meshPki(dir), acmePki(dir)];
    const fixture = join(dir, 'private.pcap');
    writeFileSync(fixture, tlsCapture(pkis.flatMap((p) => p.connections)));
    const corpus = await collect([join(CORPUS_DIR, 'pcap'), join(CORPUS_DIR, 'zeek-logs')]);
    all = [...corpus, ...(await collect([fixture])), ...(await collect([fixture], [rootsBundle(dir, pkis)]))];
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('over every finding of the corpus and the private-PKI fixtures', () => {
    expect(all.length).toBeGreaterThan(100);
    checkOrder(all);
  });

  it('high and critical findings carry attack evidence', () => {
    for (const f of all.filter((x) => SEVERITY_RANK[x.severity] >= SEVERITY_RANK.high)) {
      expect(f.signals.some((s) => s.class === 'attack' && SEVERITY_RANK[s.severity] >= SEVERITY_RANK.medium)).toBe(true);
    }
  });

  it('the builder lists findings in that order', () => {
    const sorted = [...all].sort(compareFindings);
    checkOrder(sorted);
    for (let i = 1; i < sorted.length; i++) expect(compareFindings(sorted[i - 1], sorted[i])).toBeLessThanOrEqual(0);
  });

  it('over 5 000 random signal sets', () => {
    const random = seededRandom(13);
    const classes: DetectorClass[] = ['attack', 'exposure', 'hygiene'];
    const results: Array<{ severity: Finding['severity']; score: number }> = [];
    for (let n = 0; n < 5000; n++) {
      const signals: Signal[] = [];
      const count = Math.floor(random() * 7);
      for (let i = 0; i < count; i++) {
        const d = DETECTORS[Math.floor(random() * DETECTORS.length)];
        const severity = SEVERITIES[Math.floor(random() * SEVERITIES.length)];
        const cls = classes[Math.floor(random() * classes.length)];
        signals.push({ id: d.id, class: cls, severity, weight: severity === 'info' ? 0 : Math.floor(random() * 101), reason: d.id, evidence: {} });
      }
      const r = scoreSignals(signals, groupOf);
      if (!signals.some((s) => s.class === 'attack')) expect(SEVERITY_RANK[r.severity]).toBeLessThanOrEqual(SEVERITY_RANK.medium);
      results.push(r);
    }
    checkOrder(results);
  });
});
