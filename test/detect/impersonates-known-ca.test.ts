/**
 * impersonates-known-ca against the genuine intermediates in ../shared/corpus/genuine-cas/ (see its README for
 * provenance) and certificates forged in the test. Storm-0501's self-signed 'Microsoft IT TLS CA 5' is the case in
 * ../shared/seed/000_2c7c55856134038f.txt (Atomic test 2: `-subj '/CN=Microsoft IT TLS CA 5'`).
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { FindingBuilder } from '../../src/detect/finding-builder';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import type { Finding, Signal, TrustResult } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import {
  anchorTrust, caExtensions, genuineCa, leafExtensions, makeCert, rsaKey, shippedReference, sighting, type Rdn,
} from '../helpers/detect-certs';

const reference = shippedReference();
const baltimore = genuineCa('baltimore_cybertrust_root.pem');
const genuineItTls5 = genuineCa('microsoft_it_tls_ca_5.pem');
const trust = anchorTrust([baltimore]);

const MS_IT_TLS_CA_5: Rdn[] = [['C', 'US'], ['ST', 'Washington'], ['L', 'Redmond'], ['O', 'Microsoft Corporation'], ['OU', 'Microsoft IT'], ['CN', 'Microsoft IT TLS CA 5']];
const BALTIMORE: Rdn[] = [['C', 'IE'], ['O', 'Baltimore'], ['OU', 'CyberTrust'], ['CN', 'Baltimore CyberTrust Root']];

function signalOf(f: Finding | { signals: Signal[] }, id: string): Signal | undefined {
  return f.signals.find((s) => s.id === id);
}

function lone(facts: CertFacts, chain: CertFacts[], at: string, verdict?: TrustResult): Finding {
  const t = verdict ?? trust(chain.slice(chain.findIndex((c) => c.sha256 === facts.sha256)), new Date(at));
  return evaluateCertificate(facts, chain, t, DEFAULT_CONFIG, new Date(at), reference);
}

describe('impersonates-known-ca: the genuine Microsoft IT TLS CA 5', () => {
  it('is not flagged while valid (chain verified to Baltimore CyberTrust Root)', () => {
    const f = lone(genuineItTls5, [genuineItTls5], '2023-03-01T00:00:00Z');
    expect(f.trust.verdict).toBe('trusted');
    expect(signalOf(f, 'impersonates-known-ca')).toBeUndefined();
    expect(f.severity === 'info' || f.severity === 'low').toBe(true);
  });

  it('is not flagged after its expiry either: the key is the genuine one, only `expired` fires', () => {
    const f = lone(genuineItTls5, [genuineItTls5], '2026-11-27T00:00:00Z');
    expect(signalOf(f, 'impersonates-known-ca')).toBeUndefined();
    expect(signalOf(f, 'expired')?.severity).toBe('low');
  });
});

describe('impersonates-known-ca: a forged chain through a fake "Microsoft IT TLS CA 5"', () => {
  const fakeRoot = makeCert({ subject: BALTIMORE, key: rsaKey(2048, 65537, 1), notBefore: '2020-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', extensions: caExtensions() });
  const fakeInt = makeCert({ subject: MS_IT_TLS_CA_5, issuer: fakeRoot, key: rsaKey(2048, 65537, 2), notBefore: '2020-01-01T00:00:00Z', notAfter: '2024-05-20T12:53:03Z', extensions: caExtensions() });
  const leaf = makeCert({
    subject: [['CN', 'portal.example.net']], issuer: fakeInt, key: rsaKey(2048, 65537, 3),
    notBefore: '2023-02-01T00:00:00Z', notAfter: '2023-08-01T00:00:00Z', extensions: leafExtensions(['portal.example.net']),
  });

  function scan(at: string): Finding[] {
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    b.addSighting([leaf.facts, fakeInt.facts], sighting(at, '203.0.113.5', 'portal.example.net'));
    return b.findings();
  }

  it('flags the intermediate high: another key than the genuine CA, and its signature fails under the genuine root', () => {
    const findings = scan('2023-03-01T00:00:00Z');
    const intermediate = findings.find((f) => f.sha256 === fakeInt.facts.sha256)!;
    const s = signalOf(intermediate, 'impersonates-known-ca')!;
    expect(s.severity).toBe('high');
    expect(s.reason).toContain('Microsoft IT TLS CA 5');
    expect(s.evidence.genuineSha256).toContain(genuineItTls5.sha256);
    expect(['high', 'critical']).toContain(intermediate.severity);
    expect(intermediate.trust.verdict).toBe('bad-signature');
  });

  it('flags the leaf that claims the fake CA as issuer', () => {
    const findings = scan('2023-03-01T00:00:00Z');
    const l = findings.find((f) => f.sha256 === leaf.facts.sha256)!;
    expect(signalOf(l, 'impersonates-known-ca')?.severity).toBe('high');
  });

  it('says the genuine CA had expired when the forged one is seen later', () => {
    const intermediate = scan('2026-11-27T00:00:00Z').find((f) => f.sha256 === fakeInt.facts.sha256)!;
    const s = signalOf(intermediate, 'impersonates-known-ca')!;
    expect(s.severity).toBe('high');
  });
});

describe('impersonates-known-ca: self-issued copies and look-alikes', () => {
  const at = '2025-06-01T00:00:00Z';
  const selfSigned = (subject: Rdn[], extensions = caExtensions()): CertFacts =>
    makeCert({ subject, key: rsaKey(2048, 65537, 4), notBefore: '2025-05-01T00:00:00Z', notAfter: '2026-05-01T00:00:00Z', extensions }).facts;

  it("flags Storm-0501's self-signed '/CN=Microsoft IT TLS CA 5' high", () => {
    const facts = selfSigned([['CN', 'Microsoft IT TLS CA 5']]);
    const s = signalOf(lone(facts, [facts], at), 'impersonates-known-ca')!;
    expect(s.severity).toBe('high');
    expect(s.reason).toMatch(/self-issued/);
  });

  it('flags look-alike characters (Micros0ft, Cyrillic і) and swapped words', () => {
    for (const cn of ['Micros0ft IT TLS CA 5', 'M\u0456crosoft IT TLS CA 5', 'Microsoft TLS IT CA 5']) {
      const facts = selfSigned([['CN', cn]]);
      const s = signalOf(lone(facts, [facts], at), 'impersonates-known-ca');
      expect({ cn, severity: s?.severity }).toEqual({ cn, severity: 'high' });
      expect(s!.evidence.imitates).toBe('Microsoft IT TLS CA 5');
    }
  });

  it('flags a look-alike brand in the organisation name', () => {
    const facts = selfSigned([['O', 'Micr0soft Corporation'], ['CN', 'update service']]);
    const s = signalOf(lone(facts, [facts], at), 'impersonates-known-ca')!;
    expect(s.severity).toBe('high');
    expect(s.evidence.imitates).toBe('Microsoft');
  });

  it('leaves unrelated CA names alone', () => {
    const facts = selfSigned([['O', 'Contoso Ltd'], ['CN', 'Contoso Issuing CA 5']]);
    expect(signalOf(lone(facts, [facts], at), 'impersonates-known-ca')).toBeUndefined();
  });

  it('flags a brand domain in the SAN of a self-signed leaf, not on a trusted chain', () => {
    const facts = selfSigned([['CN', 'login.microsoftonline.com']], leafExtensions(['login.microsoftonline.com']));
    const s = signalOf(lone(facts, [facts], at), 'impersonates-known-ca')!;
    expect(s.severity).toBe('high');
    expect(s.evidence.names).toEqual(['login.microsoftonline.com']);
    const trusted: TrustResult = { verdict: 'trusted', reason: 'test: chains to a trusted root' };
    expect(signalOf(lone(facts, [facts], at, trusted), 'impersonates-known-ca')).toBeUndefined();
  });

  it('flags a look-alike domain (rn for m) even on a trusted chain, as medium', () => {
    const facts = selfSigned([['CN', 'login.rnicrosoft.com']], leafExtensions(['login.rnicrosoft.com']));
    const trusted: TrustResult = { verdict: 'trusted', reason: 'test: chains to a trusted root' };
    expect(signalOf(lone(facts, [facts], at, trusted), 'impersonates-known-ca')?.severity).toBe('medium');
  });
});

describe('impersonates-known-ca without DER (Zeek logs)', () => {
  const at = '2025-06-01T00:00:00Z';
  const notVerifiable: TrustResult = { verdict: 'not-verifiable', reason: 'no DER in Zeek logs' };
  const zeek = (f: CertFacts): CertFacts => ({ ...f, der: undefined, spkiSha256: '', selfSignatureValid: undefined });

  it('still flags a self-issued copy of an intermediate: that needs names only', () => {
    const facts = zeek(makeCert({ subject: [['CN', 'Microsoft IT TLS CA 5']], notBefore: '2025-05-01T00:00:00Z', notAfter: '2026-05-01T00:00:00Z', extensions: caExtensions() }).facts);
    expect(signalOf(lone(facts, [facts], at, notVerifiable), 'impersonates-known-ca')?.severity).toBe('high');
  });

  it('does not guess when an unknown issuer signed a CA of that name: info only', () => {
    const other = makeCert({ subject: [['CN', 'Some Other Root']], notBefore: '2015-01-01T00:00:00Z', notAfter: '2035-01-01T00:00:00Z', extensions: caExtensions() });
    const facts = zeek(makeCert({ subject: MS_IT_TLS_CA_5, issuer: other, key: rsaKey(2048, 65537, 5), notBefore: '2017-01-01T00:00:00Z', notAfter: '2024-01-01T00:00:00Z', extensions: caExtensions() }).facts);
    const s = signalOf(lone(facts, [facts], '2020-01-01T00:00:00Z', notVerifiable), 'impersonates-known-ca');
    expect(s?.severity).toBe('info');
    expect(s?.reason).toMatch(/not verifiable from Zeek logs/);
  });
});
