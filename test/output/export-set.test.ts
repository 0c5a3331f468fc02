/**
 * The exports' collector works on a stream of findings (#15: a finding is announced when first judged and again,
 * same certificate, when it changes): the last version wins, one that falls below the severity or is silenced leaves,
 * and the set is bounded, counting what it could not keep.
 */
import { scanAll } from '../../src/pipeline/collect-findings';
import { ExportSet } from '../../src/output/ioc/indicators';
import type { Finding } from '../../src/detect/types';

describe('ExportSet', () => {
  let findings: Finding[];
  beforeAll(async () => {
    findings = (await scanAll(['captures/t1587-samples.pcapng'], { onProblem: () => undefined }, {})).findings;
  });

  it('keeps the latest version of each finding at or above the severity', () => {
    const high = findings.find((f) => f.severity === 'high') as Finding;
    const set = new ExportSet('high');
    set.add({ ...high, severity: 'medium' });
    expect(set.findings).toEqual([]);
    set.add(high);
    set.add({ ...high, score: 99 });
    expect(set.findings.map((f) => [f.sha256, f.score])).toEqual([[high.sha256, 99]]);
    set.add({ ...high, severity: 'low' }); // an update that lowers it: it leaves the export
    expect(set.findings).toEqual([]);
  });

  it('never exports a suppressed finding, unless a report asks', () => {
    const f = findings[0];
    const silenced = { ...f, severity: 'info' as const, suppressed: { reason: 'allowlisted', severity: f.severity, score: f.score } };
    const ioc = new ExportSet('info');
    ioc.add(silenced);
    expect(ioc.findings).toEqual([]);
    const report = new ExportSet('info', true);
    report.add(silenced);
    expect(report.findings).toHaveLength(1);
  });

  it('is bounded and counts what it left out', () => {
    const set = new ExportSet('info', false, 3);
    for (const f of findings) set.add(f);
    expect(findings.length).toBeGreaterThan(3);
    expect(set.findings).toHaveLength(3);
    expect(set.dropped).toBe(findings.length - 3);
  });
});
