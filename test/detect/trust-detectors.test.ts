/** self-signed, self-issued-bad-signature, untrusted-chain, incomplete-chain: certificates made in the test. */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import type { Finding, TrustFn } from '../../src/detect/types';
import { certFacts } from '../../src/x509/cert-facts';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, caExtensions, leafExtensions, letsEncryptStyleChain, makeCert, opensslCert, rsaKey, shippedReference } from '../helpers/detect-certs';

const reference = shippedReference();
const noAnchors = anchorTrust([]);

function judge(chain: CertFacts[], at: string, trust: TrustFn = noAnchors, position = 0): Finding {
  return evaluateCertificate(chain[position], chain, trust(chain.slice(position), new Date(at)), DEFAULT_CONFIG, new Date(at), reference);
}
const ids = (f: Finding): string[] => f.signals.map((s) => s.id);

describe('an `openssl req -x509 -newkey rsa:2048 -nodes -batch` certificate (default DN)', () => {
  const facts = certFacts(opensslCert(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-batch']), { keepDer: true });
  // openssl stamps the current time; the sighting is fixed relative to the certificate.
  const at = new Date(Date.parse(facts.notBefore) + 2 * 86_400_000).toISOString();

  it('is self-signed and a developer default (OpenSSL default DN), which is not attack evidence', () => {
    expect(facts.subject.rfc4514).toBe('O=Internet Widgits Pty Ltd,ST=Some-State,C=AU');
    const f = judge([facts], at);
    expect(f.signals.find((s) => s.id === 'self-signed')?.evidence.verified).toBe(true);
    expect(f.signals.find((s) => s.id === 'tool-default')).toBeUndefined();
    const dev = f.signals.find((s) => s.id === 'developer-default')!;
    expect(dev.evidence.matches).toEqual(expect.arrayContaining(['openssl-default-dn', 'openssl-default-state']));
    expect(dev.severity).toBe('low');
    expect(f.severity).toBe('medium'); // self-signed alone; a developer default adds no attack evidence
  });
});

describe('self-signed', () => {
  it('does not fire on a leaf of a verified chain, nor on the root anchoring it', () => {
    const { root, intermediate, leaf, trust } = letsEncryptStyleChain();
    expect(ids(judge([leaf.facts, intermediate.facts], '2025-03-05T00:00:00Z', trust))).not.toContain('self-signed');
    expect(ids(judge([leaf.facts, intermediate.facts, root.facts], '2025-03-05T00:00:00Z', trust, 2))).not.toContain('self-signed');
  });

  it('reports a CA self-signed root of an untrusted chain as low', () => {
    const root = makeCert({ subject: [['CN', 'Homemade Root']], notBefore: '2025-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', extensions: caExtensions() });
    const leaf = makeCert({ subject: [['CN', 'app.example.net']], issuer: root, key: rsaKey(2048, 65537, 20), notBefore: '2025-01-01T00:00:00Z', notAfter: '2025-06-01T00:00:00Z', extensions: leafExtensions(['app.example.net']) });
    const f = judge([leaf.facts, root.facts], '2025-02-01T00:00:00Z', noAnchors, 1);
    expect(f.signals.find((s) => s.id === 'self-signed')?.severity).toBe('low');
  });
});

describe('self-issued-bad-signature', () => {
  const name: Array<[string, string]> = [['O', 'Example'], ['CN', 'Example Root']];
  it('fires at medium when subject = issuer but another key signed it, and says so', () => {
    const facts = makeCert({ subject: name, issuerName: name, signWith: rsaKey(2048, 65537, 21), notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' }).facts;
    expect(facts.selfIssued).toBe(true);
    expect(facts.selfSignatureValid).toBe(false);
    const f = judge([facts], '2025-02-01T00:00:00Z');
    const s = f.signals.find((x) => x.id === 'self-issued-bad-signature');
    expect([s?.class, s?.severity]).toEqual(['attack', 'medium']);
    expect(s?.reason).toMatch(/^same-name issuer with another key: 'CN=Example Root,O=Example'/);
    expect(f.severity).toBe('medium');
    expect(ids(f)).not.toContain('self-signed');
    expect(ids(f)).not.toContain('bad-signature');
  });

  it('does not fire on a certificate its own key signed', () => {
    const facts = makeCert({ subject: name, notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' }).facts;
    expect(ids(judge([facts], '2025-02-01T00:00:00Z'))).not.toContain('self-issued-bad-signature');
  });
});

describe('untrusted-chain and incomplete-chain', () => {
  const { root, intermediate, leaf, trust } = letsEncryptStyleChain();

  it('stay silent on a chain verified to an anchor', () => {
    const f = judge([leaf.facts, intermediate.facts], '2025-03-05T00:00:00Z', trust);
    expect(f.trust.verdict).toBe('trusted');
    expect(ids(f)).not.toEqual(expect.arrayContaining(['untrusted-chain']));
    expect(ids(f)).not.toContain('incomplete-chain');
  });

  it('incomplete (intermediate not sent): incomplete-chain low, not untrusted-chain', () => {
    const f = judge([leaf.facts], '2025-03-05T00:00:00Z', trust);
    expect(f.trust.verdict).toBe('incomplete');
    expect(f.signals.find((s) => s.id === 'incomplete-chain')?.severity).toBe('low');
    expect(ids(f)).not.toContain('untrusted-chain');
  });

  it('untrusted (ends in an unknown root): untrusted-chain medium', () => {
    const f = judge([leaf.facts, intermediate.facts, root.facts], '2025-03-05T00:00:00Z', noAnchors);
    expect(f.trust.verdict).toBe('untrusted');
    expect(f.signals.find((s) => s.id === 'untrusted-chain')?.severity).toBe('medium');
    expect(ids(f)).not.toContain('incomplete-chain');
  });

  it('bad signature (a leaf naming the intermediate but signed by another key): bad-signature on it, untrusted-chain below', () => {
    const forged = makeCert({ subject: [['CN', 'www.example.org']], issuer: intermediate, signWith: rsaKey(2048, 65537, 22), notBefore: '2025-03-01T00:00:00Z', notAfter: '2025-05-30T00:00:00Z', extensions: leafExtensions(['www.example.org']) });
    const f = judge([forged.facts, intermediate.facts], '2025-03-05T00:00:00Z', trust);
    expect(f.trust.verdict).toBe('bad-signature');
    expect(f.signals.find((s) => s.id === 'untrusted-chain')?.class).toBe('exposure');
    const bad = f.signals.find((s) => s.id === 'bad-signature');
    expect([bad?.class, bad?.severity, bad?.evidence.issuer]).toEqual(['attack', 'medium', intermediate.facts.subject.rfc4514]);
    // A leaf under a forged link is exposed, not forged itself.
    const under = makeCert({ subject: [['CN', 'www.example.org']], issuer: forged, key: rsaKey(2048, 65537, 23), notBefore: '2025-03-01T00:00:00Z', notAfter: '2025-05-30T00:00:00Z' });
    const below = judge([under.facts, forged.facts, intermediate.facts], '2025-03-05T00:00:00Z', trust);
    expect(ids(below)).toContain('untrusted-chain');
    expect(ids(below)).not.toContain('bad-signature');
  });
});

describe('self-issued-bad-signature: a CA and its leaf left at the same default DN', () => {
  it('is low when the presented same-named CA verifies the signature', () => {
    const dn: Array<[string, string]> = [['C', 'AU'], ['ST', 'Some-State'], ['O', 'Internet Widgits Pty Ltd']];
    const ca = makeCert({ subject: dn, key: rsaKey(2048, 65537, 23), notBefore: '2025-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', extensions: caExtensions() });
    const leaf = makeCert({ subject: dn, issuer: ca, key: rsaKey(2048, 65537, 24), notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z' });
    expect(leaf.facts.selfIssued).toBe(true);
    const f = judge([leaf.facts, ca.facts], '2025-02-01T00:00:00Z');
    expect(f.signals.find((s) => s.id === 'self-issued-bad-signature')?.severity).toBe('low');
    // Alone (a MySQL server that does not send its CA), the name is still OpenSSL's default: nobody's name to forge.
    const alone = judge([leaf.facts], '2025-02-01T00:00:00Z');
    const s = alone.signals.find((x) => x.id === 'self-issued-bad-signature');
    expect([s?.severity, s?.evidence.defaultOf]).toEqual(['low', 'OpenSSL']);
    expect(s?.reason).toMatch(/^same-name issuer with another key: .*OpenSSL's default/);
    expect(alone.severity).toBe('medium');
  });
});

describe('facts without DER (Zeek logs)', () => {
  it('self-signed says the signature is not verifiable instead of guessing; chain detectors stay silent', () => {
    const made = makeCert({ subject: [['CN', 'c2.example.net']], notBefore: '2025-01-01T00:00:00Z', notAfter: '2026-01-01T00:00:00Z', extensions: leafExtensions(['c2.example.net']) }).facts;
    const zeek: CertFacts = { ...made, der: undefined, selfSignatureValid: undefined };
    const at = new Date('2025-02-01T00:00:00Z');
    const f = evaluateCertificate(zeek, [zeek], { verdict: 'not-verifiable', reason: 'no DER in Zeek logs' }, DEFAULT_CONFIG, at, reference);
    const s = f.signals.find((x) => x.id === 'self-signed')!;
    expect(s.severity).toBe('info');
    expect(s.reason).toMatch(/not verifiable from Zeek logs/);
    expect(ids(f)).not.toContain('untrusted-chain');
    expect(ids(f)).not.toContain('incomplete-chain');
    expect(ids(f)).not.toContain('self-issued-bad-signature');
  });
});
