/**
 * Facts-only answers are worked out once per certificate and reference set, and the trust-dependent judgement on top
 * of them still follows each judging's chain: the same facts object judged under another verdict gives that verdict's
 * signals, in either order.
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { factsMemo } from '../../src/detect/facts-memo';
import type { TrustResult } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { makeCert, shippedReference } from '../helpers/detect-certs';

const reference = shippedReference();
const AT = new Date('2025-06-01T00:00:00Z');
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2025-11-01T00:00:00Z' };
const TRUSTED: TrustResult = { verdict: 'trusted', reason: 'test anchor' };
const UNTRUSTED: TrustResult = { verdict: 'untrusted', reason: 'test: unknown root' };

function san(name: string): object[] {
  return [{ name: 'subjectAltName', altNames: [{ type: 2, value: name }] }];
}

function signalIds(facts: CertFacts, trust: TrustResult): string[] {
  return evaluateCertificate(facts, [facts], trust, DEFAULT_CONFIG, AT, reference).signals.map((s) => `${s.id}:${s.severity}`).sort();
}

describe('factsMemo', () => {
  it('computes once per facts object and context, apart per context', () => {
    let calls = 0;
    const memo = factsMemo((f: CertFacts, ctx: { tag: string }) => `${ctx.tag}:${f.subject.rfc4514}:${++calls}`);
    const a = makeCert({ subject: [['CN', 'a.example']], ...dates }).facts;
    const b = makeCert({ subject: [['CN', 'b.example']], ...dates }).facts;
    const one = { tag: 'one' };
    const two = { tag: 'two' };
    expect(memo(a, one)).toBe('one:CN=a.example:1');
    expect(memo(a, one)).toBe('one:CN=a.example:1');
    expect(memo(b, one)).toBe('one:CN=b.example:2');
    expect(memo(a, two)).toBe('two:CN=a.example:3');
    expect(calls).toBe(3);
  });

  it('remembers an undefined answer as an answer', () => {
    let calls = 0;
    const memo = factsMemo((_f: CertFacts, _ctx: object) => { calls++; return undefined; });
    const a = makeCert({ subject: [['CN', 'a.example']], ...dates }).facts;
    const ctx = {};
    memo(a, ctx);
    memo(a, ctx);
    expect(calls).toBe(1);
  });
});

describe('detectors over memoised facts follow each judging\'s trust', () => {
  it('a random-looking host: said on an untrusted chain, not on a trusted one, in either order', () => {
    const facts = makeCert({ subject: [['CN', 'xkqjzvwpt.qzrtvbn.com']], extensions: san('xkqjzvwpt.qzrtvbn.com'), ...dates }).facts;
    const untrusted = signalIds(facts, UNTRUSTED);
    expect(untrusted.some((s) => s.startsWith('random-looking-name:'))).toBe(true);
    expect(signalIds(facts, TRUSTED).some((s) => s.startsWith('random-looking-name:'))).toBe(false);
    expect(signalIds(facts, UNTRUSTED)).toEqual(untrusted);
    const fresh = makeCert({ subject: [['CN', 'xkqjzvwpt.qzrtvbn.com']], extensions: san('xkqjzvwpt.qzrtvbn.com'), ...dates }).facts;
    expect(signalIds(fresh, TRUSTED).some((s) => s.startsWith('random-looking-name:'))).toBe(false);
    expect(signalIds(fresh, UNTRUSTED)).toEqual(untrusted);
  });

  it("a brand's domain: high on an untrusted chain, quiet on a trusted one, whichever is judged first", () => {
    const make = (): CertFacts => makeCert({ subject: [['CN', 'login.microsoftonline.com']], extensions: san('login.microsoftonline.com'), ...dates }).facts;
    const first = make();
    expect(signalIds(first, TRUSTED).some((s) => s.startsWith('impersonates-known-ca'))).toBe(false);
    expect(signalIds(first, UNTRUSTED)).toContain('impersonates-known-ca:high');
    const second = make();
    expect(signalIds(second, UNTRUSTED)).toContain('impersonates-known-ca:high');
    expect(signalIds(second, TRUSTED).some((s) => s.startsWith('impersonates-known-ca'))).toBe(false);
  });
});
