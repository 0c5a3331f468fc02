/** weak-crypto, sni-mismatch, missing-san, ip-or-localhost-name, random-looking-name, empty-issuer. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { looksRandom } from '../../src/detect/detectors/random-looking-name';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { FindingBuilder } from '../../src/detect/finding-builder';
import type { Finding, Signal, TrustResult } from '../../src/detect/types';
import { certFacts } from '../../src/x509/cert-facts';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, genuineCa, leafExtensions, letsEncryptStyleChain, makeCert, rsaKey, shippedReference, sighting } from '../helpers/detect-certs';

const reference = shippedReference();
const AT = '2025-06-01T00:00:00Z';
const untrusted: TrustResult = { verdict: 'untrusted', reason: 'test: self-signed' };
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2025-08-01T00:00:00Z' };

function lone(facts: CertFacts, trust: TrustResult = untrusted, chain: CertFacts[] = [facts]): Finding {
  return evaluateCertificate(facts, chain, trust, DEFAULT_CONFIG, new Date(AT), reference);
}
const signal = (f: Finding, id: string): Signal | undefined => f.signals.find((s) => s.id === id);

describe('weak-crypto', () => {
  it('RSA 1024 is medium, RSA 512 medium, exponent 3 medium: hygiene never above medium', () => {
    const s1024 = signal(lone(makeCert({ subject: [['CN', 'a.example']], key: rsaKey(1024), ...dates }).facts), 'weak-crypto')!;
    expect([s1024.severity, s1024.evidence.problems]).toEqual(['medium', ['RSA 1024 bits']]);
    expect(signal(lone(makeCert({ subject: [['CN', 'a.example']], key: rsaKey(512), ...dates }).facts), 'weak-crypto')?.severity).toBe('medium');
    const e3 = signal(lone(makeCert({ subject: [['CN', 'a.example']], key: rsaKey(2048, 3), ...dates }).facts), 'weak-crypto')!;
    expect(e3.evidence.problems).toEqual(['RSA exponent 3']);
  });

  it('SHA-1 signatures are low (common in genuine old captures), MD5 medium (hygiene, not an attack)', () => {
    expect(signal(lone(makeCert({ subject: [['CN', 'a.example']], md: 'sha1', ...dates }).facts), 'weak-crypto')?.severity).toBe('low');
    expect(signal(lone(makeCert({ subject: [['CN', 'a.example']], md: 'md5', ...dates }).facts), 'weak-crypto')?.severity).toBe('medium');
  });

  it('DSA keys (made with openssl) are reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certhound-dsa-'));
    try {
      execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', 'p.pem'], { cwd: dir, stdio: 'pipe' });
      execFileSync('openssl', ['req', '-x509', '-newkey', 'dsa:p.pem', '-nodes', '-subj', '/CN=dsa.example', '-keyout', 'k.pem', '-out', 'c.pem'], { cwd: dir, stdio: 'pipe' });
      const facts = certFacts(execFileSync('openssl', ['x509', '-in', 'c.pem', '-outform', 'DER'], { cwd: dir }));
      expect(signal(lone(facts), 'weak-crypto')?.evidence.keyType).toBe('dsa');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is silent on RSA 2048 / SHA-256, and on the SHA-1 self-signature of a trusted root (Baltimore CyberTrust Root)', () => {
    const { leaf } = letsEncryptStyleChain();
    expect(signal(lone(leaf.facts), 'weak-crypto')).toBeUndefined();
    const it5 = genuineCa('microsoft_it_tls_ca_5.pem');
    const baltimore = genuineCa('baltimore_cybertrust_root.pem');
    expect(baltimore.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.5');
    const trusted: TrustResult = { verdict: 'trusted', reason: 'anchor', anchor: baltimore.subject.rfc4514 };
    expect(signal(evaluateCertificate(baltimore, [it5, baltimore], trusted, DEFAULT_CONFIG, new Date('2023-01-01'), reference), 'weak-crypto')).toBeUndefined();
  });
});

describe('sni-mismatch', () => {
  const facts = makeCert({ subject: [['CN', 'www.example.org']], extensions: leafExtensions(['www.example.org', '*.cdn.example.org']), ...dates }).facts;
  function withSnis(snis: string[]): Finding {
    const b = new FindingBuilder(DEFAULT_CONFIG, anchorTrust([]), reference);
    for (const sni of snis) b.addSighting([facts], sighting(AT, '198.51.100.30', sni));
    return b.findings()[0];
  }
  it('fires for an SNI the certificate does not cover', () => {
    expect(signal(withSnis(['www.example.org', 'login.bank.example']), 'sni-mismatch')?.evidence.serverNames).toEqual(['login.bank.example']);
  });
  it('accepts exact and single-label wildcard matches (RFC 6125 §6.4.3)', () => {
    expect(signal(withSnis(['WWW.example.org', 'img.cdn.example.org']), 'sni-mismatch')).toBeUndefined();
    expect(signal(withSnis(['a.b.cdn.example.org']), 'sni-mismatch')).toBeDefined();
  });
});

describe('missing-san and ip-or-localhost-name', () => {
  it('missing-san fires on a leaf without subjectAltName only', () => {
    expect(signal(lone(makeCert({ subject: [['CN', 'host.example']], ...dates }).facts), 'missing-san')).toBeDefined();
    expect(signal(lone(makeCert({ subject: [['CN', 'host.example']], extensions: leafExtensions(['host.example']), ...dates }).facts), 'missing-san')).toBeUndefined();
  });

  it('ip-or-localhost-name fires on IP SANs, IP CNs and localhost', () => {
    const ip = makeCert({ subject: [['CN', '203.0.113.9']], extensions: leafExtensions([], ['203.0.113.9']), ...dates }).facts;
    expect(signal(lone(ip), 'ip-or-localhost-name')?.evidence.names).toEqual(['203.0.113.9']);
    const local = makeCert({ subject: [['CN', 'localhost']], extensions: leafExtensions(['localhost']), ...dates }).facts;
    expect(signal(lone(local), 'ip-or-localhost-name')?.evidence.names).toEqual(['localhost']);
    const normal = makeCert({ subject: [['CN', 'www.example.org']], extensions: leafExtensions(['www.example.org']), ...dates }).facts;
    expect(signal(lone(normal), 'ip-or-localhost-name')).toBeUndefined();
  });
});

describe('random-looking-name', () => {
  it('tells random labels from words and numbered hosts', () => {
    for (const random of ['qxvbtrwplk', 'xkcdzqwrtv', 'k3j9x0q2ab']) expect({ random, v: looksRandom(random) }).toEqual({ random, v: true });
    for (const word of ['webserver', 'mailgateway', 'server01', 'intranet', 'example', 'strengths']) expect({ word, v: looksRandom(word) }).toEqual({ word, v: false });
  });

  it('fires on a random host name outside trusted chains only', () => {
    const facts = makeCert({ subject: [['CN', 'qxvbtrwplk.com']], extensions: leafExtensions(['qxvbtrwplk.com']), ...dates }).facts;
    expect(signal(lone(facts), 'random-looking-name')?.evidence.names).toEqual(['qxvbtrwplk.com']);
    expect(signal(lone(facts, { verdict: 'trusted', reason: 'test' }), 'random-looking-name')).toBeUndefined();
  });
});

describe('empty-issuer', () => {
  it('fires on an empty issuer DN and on one made of empty values', () => {
    const none = makeCert({ subject: [['CN', 'x.example']], issuerName: [], signWith: rsaKey(2048, 65537, 50), ...dates }).facts;
    expect(signal(lone(none), 'empty-issuer')).toBeDefined();
    const blank = makeCert({ subject: [['CN', 'x.example']], issuerName: [['O', '']], signWith: rsaKey(2048, 65537, 50), ...dates }).facts;
    expect(signal(lone(blank), 'empty-issuer')?.severity).toBe('medium');
  });
  it('is silent on a named issuer', () => {
    const { leaf } = letsEncryptStyleChain();
    expect(signal(lone(leaf.facts), 'empty-issuer')).toBeUndefined();
  });
});

describe('unparsable-certificate', () => {
  it('is the only signal for DER no parser could read (certificate cut after 40 bytes)', () => {
    const { leaf } = letsEncryptStyleChain();
    const cut = certFacts(leaf.der.subarray(0, 40));
    expect(cut.parsed).toBe(false);
    const f = lone(cut);
    expect(f.signals.map((s) => s.id)).toEqual(['unparsable-certificate']);
    expect(signal(lone(leaf.facts), 'unparsable-certificate')).toBeUndefined();
  });
});
