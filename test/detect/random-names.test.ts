/**
 * random-looking-name with the name model (baselines/reference/name-model.json) and the families' templates
 * (name-families.json): Dridex word salads as the Emerging Threats rules written from abuse.ch SSLBL listings describe
 * them, QakBot's as Unit 42 published one, random strings as TrickBot- and Metasploit-made certificates carry them, and the model's
 * false-positive rate on genuine names (Node's roots, ../shared/corpus/genuine-cas and the subjects of
 * ../shared/corpus/expected.json), the figure `node dist-bench/bench/name-model.js measure` prints.
 */
import { genuineNames } from '../../bench/name-model';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { randomPart, tokenScore } from '../../src/detect/reference/name-model';
import type { Signal } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, leafExtensions, makeCert, rsaKey, shippedReference, type Rdn } from '../helpers/detect-certs';

const reference = shippedReference();
const model = reference.nameModel!;
const AT = '2025-06-01T00:00:00Z';
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2026-05-01T00:00:00Z' };

function selfSigned(subject: Rdn[], host?: string): CertFacts {
  return makeCert({ subject, key: rsaKey(2048, 65537, 50), extensions: host ? leafExtensions([host]) : undefined, ...dates }).facts;
}

function nameSignal(facts: CertFacts): Signal | undefined {
  const chain = [facts];
  const f = evaluateCertificate(facts, chain, anchorTrust([])(chain, new Date(AT)), DEFAULT_CONFIG, new Date(AT), reference);
  return f.signals.find((s) => s.id === 'random-looking-name');
}

describe('the name model', () => {
  it('scores random letters far below words, and generated pseudo-words in between', () => {
    for (const random of ['ucbigdz', 'cnbqevkaw', 'wuijqkdkp', 'xvihfkbo']) expect({ random, low: tokenScore(model, random) < model.randomBelow }).toEqual({ random, low: true });
    for (const word of ['security', 'certificate', 'authority', 'baltimore', 'services']) expect({ word, ok: tokenScore(model, word) > model.unusualBelow }).toEqual({ word, ok: true });
    expect(tokenScore(model, 'ofedasdo')).toBeLessThan(model.unusualBelow);
    expect(tokenScore(model, 'ofedasdo')).toBeGreaterThan(model.randomBelow);
  });

  it('reads genuine names as ordinary: at most 1 % of the distinct genuine names look random', () => {
    let total = 0;
    let flagged = 0;
    for (const names of genuineNames().values()) {
      const distinct = [...new Set(names)];
      total += distinct.length;
      flagged += distinct.filter((n) => randomPart(model, n) !== undefined).length;
    }
    expect(total).toBeGreaterThan(600);
    expect(flagged / total).toBeLessThanOrEqual(0.01);
  });
});

describe('families and random strings', () => {
  it('a Dridex-style word salad (C, O of pseudo-words with a suffix, CN pseudo-word.tld) is high and named Dridex', () => {
    const s = nameSignal(selfSigned([['C', 'UK'], ['O', 'Ieemsinoth Ofedasdo Corp.'], ['CN', 'lalnwhat.com']]))!;
    expect(s.severity).toBe('high');
    expect(s.reason).toMatch(/^Dridex-style word salad: 'CN=lalnwhat\.com,O=Ieemsinoth Ofedasdo Corp\.,C=UK' \(Dridex; Emerging Threats SIDs/);
  });

  it('near-miss: the same structure with ordinary words is no word salad', () => {
    expect(nameSignal(selfSigned([['C', 'GB'], ['O', 'Harbour Widgets Ltd'], ['CN', 'widgets.com']]))).toBeUndefined();
  });

  it("random strings in QakBot's published structure (C, two-letter ST, L, O with a suffix, CN) are high and named QakBot", () => {
    const s = nameSignal(selfSigned([['C', 'US'], ['ST', 'NY'], ['L', 'Xvihfkbo'], ['O', 'Ojovyd Oeg Inc.'], ['CN', 'wuijqkdkp.org']], 'wuijqkdkp.org'))!;
    expect(s.severity).toBe('high');
    expect(s.evidence.family).toBe('QakBot');
  });

  it('random strings in two fields outside any family structure are medium', () => {
    const s = nameSignal(selfSigned([['C', 'US'], ['O', 'Northwind'], ['OU', 'Xvihfkbo'], ['CN', 'wuijqkdkp.org']], 'wuijqkdkp.org'))!;
    expect(s.severity).toBe('medium');
    expect(s.evidence.fields).toEqual(expect.arrayContaining(['CN', 'OU']));
  });

  it("one random host name (Metasploit's 2014-2017 CN) is low; a named server is nothing", () => {
    expect(nameSignal(selfSigned([['CN', 'ucbigdz']]))?.severity).toBe('low');
    expect(nameSignal(selfSigned([['CN', 'mailgateway.example.org']], 'mailgateway.example.org'))).toBeUndefined();
  });

  it('stays silent on a trusted chain, where CDN hash names are common', () => {
    const facts = selfSigned([['CN', 'wuijqkdkp.org']], 'wuijqkdkp.org');
    const f = evaluateCertificate(facts, [facts], { verdict: 'trusted', reason: 'test' }, DEFAULT_CONFIG, new Date(AT), reference);
    expect(f.signals.find((s) => s.id === 'random-looking-name')).toBeUndefined();
  });
});
