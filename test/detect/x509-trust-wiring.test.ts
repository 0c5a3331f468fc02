/**
 * The detectors fed with the real trust verdict (x509's chainVerdict over Node's Mozilla roots and the shipped
 * removed roots), as the CLI wires them: the issue's forged 'Microsoft IT TLS CA 5' chain next to the genuine CA.
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { FindingBuilder } from '../../src/detect/finding-builder';
import { SEVERITY_RANK } from '../../src/detect/types';
import { caExtensions, genuineCa, leafExtensions, makeCert, mozillaTrust, rsaKey, shippedReference, sighting, type Rdn } from '../helpers/detect-certs';

const reference = shippedReference();
const trust = mozillaTrust();
const MS_IT_TLS_CA_5: Rdn[] = [['C', 'US'], ['ST', 'Washington'], ['L', 'Redmond'], ['O', 'Microsoft Corporation'], ['OU', 'Microsoft IT'], ['CN', 'Microsoft IT TLS CA 5']];

describe('with x509 chainVerdict', () => {
  it('the genuine Microsoft IT TLS CA 5, seen in 2023, is not flagged above low', () => {
    const genuine = genuineCa('microsoft_it_tls_ca_5.pem');
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    b.addSighting([genuine], sighting('2023-03-01T00:00:00Z', '198.51.100.1'));
    const f = b.findings()[0];
    expect(f.signals.map((s) => s.id)).not.toContain('impersonates-known-ca');
    expect(SEVERITY_RANK[f.severity]).toBeLessThanOrEqual(SEVERITY_RANK.low);
  });

  it("a self-signed '/CN=Microsoft IT TLS CA 5' issuing a leaf is high or critical, and so is the leaf", () => {
    const fake = makeCert({ subject: MS_IT_TLS_CA_5, key: rsaKey(2048, 65537, 70), notBefore: '2025-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z', extensions: caExtensions() });
    const leaf = makeCert({ subject: [['CN', 'outlook-sync.example']], issuer: fake, key: rsaKey(2048, 65537, 71), notBefore: '2025-06-01T00:00:00Z', notAfter: '2025-09-01T00:00:00Z', extensions: leafExtensions(['outlook-sync.example']) });
    const b = new FindingBuilder(DEFAULT_CONFIG, trust, reference);
    b.addSighting([leaf.facts, fake.facts], sighting('2025-06-02T00:00:00Z', '203.0.113.50', 'outlook-sync.example'));
    const findings = b.findings();
    const ca = findings.find((f) => f.sha256 === fake.facts.sha256)!;
    expect(ca.trust.verdict).toBe('untrusted');
    expect(ca.signals.find((s) => s.id === 'impersonates-known-ca')?.severity).toBe('high');
    expect(['high', 'critical']).toContain(ca.severity);
    const l = findings.find((f) => f.sha256 === leaf.facts.sha256)!;
    expect(['high', 'critical']).toContain(l.severity);
  });
});
