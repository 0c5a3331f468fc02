/**
 * The genuine CA certificates of ../shared/corpus/genuine-cas (provenance in its README) judged as the product judges
 * them: #14's detectors (tool and developer defaults, random names, look-alikes and impersonation) stay at low or below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { certFacts } from '../../src/x509/cert-facts';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { TrustStore } from '../../src/x509/trust-store';
import { GENUINE_CAS_DIR, pemToDer, shippedReference } from '../helpers/detect-certs';

const reference = shippedReference();
describe('the genuine CA certificates of ../shared/corpus/genuine-cas', () => {
  it('carry no tool, developer, random-name or look-alike signal above low, judged as the product judges them', () => {
    const files = fs.readdirSync(GENUINE_CAS_DIR).filter((f) => f.endsWith('.pem'));
    expect(files.length).toBeGreaterThan(30);
    const mine = new Set(['tool-default', 'developer-default', 'random-looking-name', 'impersonates-known-ca']);
    for (const file of files) {
      const der = pemToDer(fs.readFileSync(path.join(GENUINE_CAS_DIR, file), 'utf8'));
      const facts = certFacts(der, { keepDer: true });
      const at = new Date(Math.min(Date.parse(facts.notAfter) - 86_400_000, Date.parse('2024-01-01T00:00:00Z')));
      const v = chainVerdict([der], at, TrustStore.default());
      const f = evaluateCertificate(facts, [facts], { verdict: v.verdict, reason: v.reason }, DEFAULT_CONFIG, at, reference);
      const loud = f.signals.filter((s) => mine.has(s.id) && s.severity !== 'info' && s.severity !== 'low').map((s) => `${s.id}: ${s.reason}`);
      expect({ file, loud }).toEqual({ file, loud: [] });
    }
  });
});
