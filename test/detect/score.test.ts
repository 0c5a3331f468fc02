/** The scoring formula documented in src/detect/score.ts. */
import { groupOf } from '../../src/detect/registry';
import { scoreSignals } from '../../src/detect/score';
import type { Severity, Signal } from '../../src/detect/types';

const sig = (id: string, severity: Severity, weight: number): Signal => ({ id, severity, weight, reason: id, evidence: {} });

describe('scoreSignals', () => {
  it('no signal: score 0, info', () => {
    expect(scoreSignals([], groupOf)).toEqual({ score: 0, severity: 'info' });
  });

  it('sums weights, info signals weigh nothing, capped at 100', () => {
    expect(scoreSignals([sig('expired', 'low', 5), sig('missing-san', 'low', 5), sig('reused-key', 'info', 20)], groupOf)).toEqual({ score: 10, severity: 'low' });
    expect(scoreSignals([sig('impersonates-known-ca', 'high', 45), sig('tool-default', 'high', 40), sig('self-signed', 'medium', 20)], groupOf).score).toBe(100);
  });

  it('takes the highest severity; one group repeating itself does not raise it', () => {
    // self-signed and untrusted-chain are both `trust`
    expect(scoreSignals([sig('self-signed', 'medium', 20), sig('untrusted-chain', 'medium', 15)], groupOf).severity).toBe('medium');
  });

  it('raises one step when medium+ signals of two groups agree, up to critical', () => {
    expect(scoreSignals([sig('self-signed', 'medium', 20), sig('tool-default', 'medium', 40)], groupOf).severity).toBe('high');
    expect(scoreSignals([sig('impersonates-known-ca', 'high', 45), sig('untrusted-chain', 'high', 15)], groupOf).severity).toBe('critical');
    expect(scoreSignals([sig('impersonates-known-ca', 'critical', 45), sig('tool-default', 'high', 40)], groupOf).severity).toBe('critical');
    // a low signal of another group does not count as agreement
    expect(scoreSignals([sig('self-signed', 'medium', 20), sig('missing-san', 'low', 5)], groupOf).severity).toBe('medium');
  });
});
