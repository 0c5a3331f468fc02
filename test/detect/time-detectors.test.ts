/** fresh-certificate, backdated, validity-too-long, expired, not-yet-valid: judged at sighting time, fixed dates. */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { FindingBuilder } from '../../src/detect/finding-builder';
import type { Finding, Signal, TrustResult } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { exactKey } from '../../src/detect/reference/name-keys';
import { anchorTrust, caExtensions, genuineCa, leafExtensions, letsEncryptStyleChain, makeCert, rsaKey, shippedReference, sighting } from '../helpers/detect-certs';

const reference = shippedReference();
const untrusted: TrustResult = { verdict: 'untrusted', reason: 'test: self-signed' };

function lone(facts: CertFacts, at: string, chain: CertFacts[] = [facts]): Finding {
  return evaluateCertificate(facts, chain, untrusted, DEFAULT_CONFIG, new Date(at), reference);
}
function seen(chain: CertFacts[], times: string[]): Finding {
  const b = new FindingBuilder(DEFAULT_CONFIG, anchorTrust([]), reference);
  for (const t of times) b.addSighting(chain, sighting(t, '198.51.100.20', 'c2.example.net'));
  return b.findings().find((f) => f.sha256 === chain[0].sha256)!;
}
const signal = (f: Finding, id: string): Signal | undefined => f.signals.find((s) => s.id === id);

const leafOf = (notBefore: string, notAfter: string): CertFacts =>
  makeCert({ subject: [['CN', 'c2.example.net']], notBefore, notAfter, extensions: leafExtensions(['c2.example.net']) }).facts;

describe('fresh-certificate', () => {
  const facts = leafOf('2025-06-01T08:00:00Z', '2025-09-01T08:00:00Z');
  it('fires when first seen within 24 h of notBefore', () => {
    const s = signal(seen([facts], ['2025-06-01T14:30:00Z', '2025-06-20T00:00:00Z']), 'fresh-certificate')!;
    expect(s.severity).toBe('medium');
    expect(s.evidence.ageHours).toBe(6.5);
  });
  it('does not fire when first seen days later, nor without sightings', () => {
    expect(signal(seen([facts], ['2025-06-04T14:30:00Z']), 'fresh-certificate')).toBeUndefined();
    expect(signal(lone(facts, '2025-06-01T09:00:00Z'), 'fresh-certificate')).toBeUndefined();
  });
});

describe('expired and not-yet-valid use sighting time, never today', () => {
  const facts = leafOf('2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z');
  it('expired fires when the last sighting is after notAfter', () => {
    const s = signal(seen([facts], ['2024-02-01T00:00:00Z', '2024-03-11T00:00:00Z']), 'expired')!;
    expect(s.evidence.daysExpired).toBe(10);
    expect(s.severity).toBe('low');
  });
  it('expired stays silent for sightings inside validity, although the certificate is expired today', () => {
    expect(signal(seen([facts], ['2024-02-01T00:00:00Z']), 'expired')).toBeUndefined();
  });
  it('not-yet-valid fires when first seen before notBefore', () => {
    const s = signal(seen([facts], ['2023-12-31T12:00:00Z']), 'not-yet-valid')!;
    expect(s.evidence.hoursEarly).toBe(12);
    expect(signal(seen([facts], ['2024-01-02T00:00:00Z']), 'not-yet-valid')).toBeUndefined();
  });
});

describe('validity-too-long', () => {
  it('fires on a 10-year leaf, not on a 398-day leaf or a long-lived CA', () => {
    expect(signal(lone(leafOf('2025-01-01T00:00:00Z', '2035-01-01T00:00:00Z'), '2025-02-01T00:00:00Z'), 'validity-too-long')?.evidence.days).toBe(3652);
    expect(signal(lone(leafOf('2025-01-01T00:00:00Z', '2026-02-03T00:00:00Z'), '2025-02-01T00:00:00Z'), 'validity-too-long')).toBeUndefined();
    const ca = makeCert({ subject: [['CN', 'Long CA']], notBefore: '2025-01-01T00:00:00Z', notAfter: '2045-01-01T00:00:00Z', extensions: caExtensions() }).facts;
    expect(signal(lone(ca, '2025-02-01T00:00:00Z'), 'validity-too-long')).toBeUndefined();
  });
});

describe('backdated', () => {
  const issuer = makeCert({ subject: [['CN', 'Young CA']], key: rsaKey(2048, 65537, 40), notBefore: '2025-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', extensions: caExtensions() });

  it('fires when a leaf predates the issuer that signed it', () => {
    const leaf = makeCert({ subject: [['CN', 'old.example.net']], issuer, notBefore: '2023-06-01T00:00:00Z', notAfter: '2026-06-01T00:00:00Z', extensions: leafExtensions(['old.example.net']) }).facts;
    const f = lone(leaf, '2025-02-01T00:00:00Z', [leaf, issuer.facts]);
    expect(signal(f, 'backdated')?.evidence.issuerNotBefore).toBe(issuer.facts.notBefore);
  });

  it('fires when a leaf claims a genuine CA that did not exist yet (R10 exists from 2024-03-13)', () => {
    const leaf = makeCert({ subject: [['CN', 'shop.example.net']], issuerName: [['C', 'US'], ['O', "Let's Encrypt"], ['CN', 'R10']], signWith: rsaKey(2048, 65537, 41), notBefore: '2023-01-01T00:00:00Z', notAfter: '2023-04-01T00:00:00Z', extensions: leafExtensions(['shop.example.net']) }).facts;
    expect(signal(lone(leaf, '2023-02-01T00:00:00Z'), 'backdated')?.reason).toMatch(/genuine 'R10'/);
  });

  it('knows a name from its first generation: a 2015 leaf of DigiCert SHA2 Secure Server CA (held: the 2020 re-issue) is not backdated, a 2012 one is', () => {
    const claiming = (notBefore: string, notAfter: string) => makeCert({
      subject: [['CN', 'www.example.com']], issuerName: [['C', 'US'], ['O', 'DigiCert Inc'], ['CN', 'DigiCert SHA2 Secure Server CA']],
      signWith: rsaKey(2048, 65537, 44), notBefore, notAfter, extensions: leafExtensions(['www.example.com']),
    }).facts;
    expect(reference.caByName.get(exactKey('DigiCert SHA2 Secure Server CA'))?.earliestNotBefore).toBe(Date.UTC(2013, 2, 8, 12));
    expect(signal(lone(claiming('2015-06-01T00:00:00Z', '2017-06-01T00:00:00Z'), '2015-07-01T00:00:00Z'), 'backdated')).toBeUndefined();
    expect(signal(lone(claiming('2012-06-01T00:00:00Z', '2014-06-01T00:00:00Z'), '2013-07-01T00:00:00Z'), 'backdated')?.reason).toMatch(/genuine 'DigiCert SHA2 Secure Server CA' existed \(2013-03-08T12:00:00\.000Z\)/);
  });

  it('stays silent in a verified chain whose intermediate was re-issued after the leaf (cross-sign, same key)', () => {
    const root = makeCert({ subject: [['CN', 'Anchor Root']], key: rsaKey(2048, 65537, 42), notBefore: '2015-01-01T00:00:00Z', notAfter: '2040-01-01T00:00:00Z', extensions: caExtensions() });
    const older = makeCert({ subject: [['CN', 'Issuing CA']], issuer: root, key: rsaKey(2048, 65537, 43), notBefore: '2020-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', extensions: caExtensions() });
    const reissued = makeCert({ subject: [['CN', 'Issuing CA']], issuer: root, key: rsaKey(2048, 65537, 43), notBefore: '2024-06-01T00:00:00Z', notAfter: '2034-01-01T00:00:00Z', extensions: caExtensions() });
    const leaf = makeCert({ subject: [['CN', 'app.example.org']], issuer: older, notBefore: '2024-01-01T00:00:00Z', notAfter: '2024-12-01T00:00:00Z', extensions: leafExtensions(['app.example.org']) }).facts;
    const chain = [leaf, reissued.facts];
    const at = new Date('2024-07-01T00:00:00Z');
    const trusted = evaluateCertificate(leaf, chain, anchorTrust([root.facts])(chain, at), DEFAULT_CONFIG, at, reference);
    expect(trusted.trust.verdict).toBe('trusted');
    expect(signal(trusted, 'backdated')).toBeUndefined();
    // The same dates outside a verified chain are evidence.
    expect(signal(lone(leaf, at.toISOString(), chain), 'backdated')).toBeDefined();
  });

  it('fires on dates before 1995; stays silent on an ordinary chain', () => {
    const ancient = leafOf('1970-01-01T00:00:00Z', '2049-12-31T00:00:00Z');
    expect(signal(lone(ancient, '2025-02-01T00:00:00Z'), 'backdated')).toBeDefined();
    const { intermediate, leaf } = letsEncryptStyleChain();
    expect(signal(lone(leaf.facts, '2025-03-05T00:00:00Z', [leaf.facts, intermediate.facts]), 'backdated')).toBeUndefined();
  });

  it('stays silent on genuine intermediates against their genuine roots', () => {
    const it5 = genuineCa('microsoft_it_tls_ca_5.pem');
    const baltimore = genuineCa('baltimore_cybertrust_root.pem');
    expect(signal(lone(it5, '2023-01-01T00:00:00Z', [it5, baltimore]), 'backdated')).toBeUndefined();
  });
});
