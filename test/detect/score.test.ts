/** The severity model documented in src/detect/README.md and src/detect/score.ts. */
import { DEFAULT_CONFIG, parseConfigObject } from '../../src/detect/config';
import { DETECTOR_IDS, groupOf } from '../../src/detect/registry';
import { SCORE_BANDS, bandScore, compareFindings, rateSignals, scoreSignals } from '../../src/detect/score';
import { classOf } from '../../src/detect/signal';
import { weakCrypto } from '../../src/detect/detectors/weak-crypto';
import { SEVERITIES, type DetectorClass, type Finding, type Severity, type Signal } from '../../src/detect/types';

const sig = (id: string, cls: DetectorClass, severity: Severity, weight: number): Signal => ({ id, class: cls, severity, weight, reason: id, evidence: {} });

describe('scoreSignals', () => {
  it('no signal: score 0, info', () => {
    expect(scoreSignals([], groupOf)).toEqual({ score: 0, severity: 'info' });
  });

  it('exposure and hygiene alone never pass medium, however many and however strong', () => {
    const many = [
      sig('untrusted-chain', 'exposure', 'medium', 15), sig('fresh-certificate', 'exposure', 'medium', 10),
      sig('reused-key', 'exposure', 'medium', 20), sig('weak-crypto', 'hygiene', 'high', 15), sig('sni-mismatch', 'exposure', 'medium', 10),
      sig('changed-certificate', 'exposure', 'critical', 15),
    ];
    expect(scoreSignals(many, groupOf).severity).toBe('medium');
  });

  it('a high attack signal alone is high; exposure agreeing does not raise it', () => {
    expect(scoreSignals([sig('impersonates-known-ca', 'attack', 'high', 45)], groupOf).severity).toBe('high');
    expect(scoreSignals([sig('impersonates-known-ca', 'attack', 'high', 45), sig('untrusted-chain', 'exposure', 'medium', 15), sig('fresh-certificate', 'exposure', 'medium', 10)], groupOf).severity).toBe('high');
  });

  it('medium+ attack signals of two groups raise one step, up to critical; one group repeating itself does not', () => {
    expect(scoreSignals([sig('bad-signature', 'attack', 'medium', 25), sig('tool-default', 'attack', 'medium', 40)], groupOf).severity).toBe('high');
    expect(scoreSignals([sig('impersonates-known-ca', 'attack', 'high', 45), sig('tool-default', 'attack', 'high', 40)], groupOf).severity).toBe('critical');
    expect(scoreSignals([sig('known-bad', 'attack', 'critical', 100), sig('tool-default', 'attack', 'high', 40)], groupOf).severity).toBe('critical');
    // bad-signature and impersonates-known-ca are both `identity`: a signature failing under a CA's genuine key is
    // the impersonation of that CA, one story told twice (zeek's CVE-2015-3194 certificate claiming Visa's root)
    expect(scoreSignals([sig('bad-signature', 'attack', 'medium', 25), sig('impersonates-known-ca', 'attack', 'high', 45)], groupOf).severity).toBe('high');
    expect(scoreSignals([sig('bad-signature', 'attack', 'medium', 25), sig('self-issued-bad-signature', 'attack', 'medium', 25)], groupOf).severity).toBe('medium');
    // a low attack signal does not count as agreement
    expect(scoreSignals([sig('bad-signature', 'attack', 'medium', 25), sig('random-looking-name', 'attack', 'low', 5)], groupOf).severity).toBe('medium');
  });

  it('places the weight sum inside the severity band, so a higher severity never scores lower', () => {
    expect(scoreSignals([sig('expired', 'hygiene', 'low', 5), sig('missing-san', 'hygiene', 'low', 5), sig('reused-key', 'exposure', 'info', 20)], groupOf))
      .toEqual({ score: bandScore('low', 10), severity: 'low' });
    const mediumFull = scoreSignals([sig('untrusted-chain', 'exposure', 'medium', 100), sig('reused-key', 'exposure', 'medium', 100)], groupOf);
    const highBare = scoreSignals([sig('tool-default', 'attack', 'high', 1)], groupOf);
    expect(mediumFull.score).toBe(SCORE_BANDS.medium[1]);
    expect(highBare.score).toBe(SCORE_BANDS.high[0]);
    expect(highBare.score).toBeGreaterThan(mediumFull.score);
    for (let i = 1; i < SEVERITIES.length; i++) {
      expect(SCORE_BANDS[SEVERITIES[i]][0]).toBe(SCORE_BANDS[SEVERITIES[i - 1]][1] + 1);
      expect(bandScore(SEVERITIES[i], 0)).toBeGreaterThan(bandScore(SEVERITIES[i - 1], 100));
    }
    expect(bandScore('critical', 100)).toBe(100);
    expect(bandScore('critical', 1000)).toBe(100);
  });
});

describe('classes from the config', () => {
  it('moves a detector to another class; its signals then lift or no longer lift a finding', () => {
    const config = parseConfigObject({ classes: { 'weak-crypto': 'attack', 'tool-default': 'hygiene' } }, DETECTOR_IDS);
    expect(classOf(weakCrypto, config)).toBe('attack');
    expect(classOf(weakCrypto, DEFAULT_CONFIG)).toBe('hygiene');
    expect(config.classes['tool-default']).toBe('hygiene');
  });

  it('refuses unknown ids and classes, naming the key', () => {
    expect(() => parseConfigObject({ classes: { 'no-such': 'attack' } }, DETECTOR_IDS)).toThrow('config classes.no-such: unknown detector id');
    expect(() => parseConfigObject({ classes: { 'weak-crypto': 'evil' } }, DETECTOR_IDS)).toThrow('config classes.weak-crypto: must be one of attack, exposure, hygiene');
    expect(() => parseConfigObject({ classes: ['weak-crypto'] }, DETECTOR_IDS)).toThrow('config classes:');
  });
});

describe('rateSignals (suppression)', () => {
  it('writes a suppressed finding at info and score 0, keeping what it would have been', () => {
    const signals = [sig('tool-default', 'attack', 'high', 40)];
    expect(rateSignals(signals, groupOf, 'allowlisted fingerprint')).toEqual({
      severity: 'info', score: 0, suppressed: { reason: 'allowlisted fingerprint', severity: 'high', score: bandScore('high', 40) },
    });
    expect(rateSignals(signals, groupOf)).toEqual({ severity: 'high', score: bandScore('high', 40) });
  });
});

describe('compareFindings', () => {
  const f = (severity: Severity, score: number, sec: number): Finding => ({ severity, score, sightings: { first: { sec, nsec: 0 } } }) as unknown as Finding;
  it('orders by severity, then score, then first sighting', () => {
    const list = [f('medium', 40, 1), f('high', 50, 5), f('medium', 45, 9), f('high', 50, 2), f('critical', 74, 0)];
    expect(list.sort(compareFindings).map((x) => `${x.severity}${x.score}@${x.sightings.first.sec}`))
      .toEqual(['critical74@0', 'high50@2', 'high50@5', 'medium45@9', 'medium40@1']);
  });
});
