/**
 * Detectors on odd facts never throw and never report a detector failure: every corpus genuine CA cut at many
 * lengths (../shared/corpus/genuine-cas/), and hand-made facts with empty names, unreadable dates and unknown keys.
 */
import * as fs from 'node:fs';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { FindingBuilder } from '../../src/detect/finding-builder';
import type { TrustResult } from '../../src/detect/types';
import { certFacts } from '../../src/x509/cert-facts';
import type { CertFacts } from '../../src/x509/types';
import { GENUINE_CAS_DIR, anchorTrust, genuineCa, pemToDer, shippedReference, sighting } from '../helpers/detect-certs';

const reference = shippedReference();
const verdicts: TrustResult[] = ['trusted', 'untrusted', 'incomplete', 'bad-signature', 'not-verifiable'].map((verdict) => ({ verdict, reason: 'test' }) as TrustResult);

function noFailure(facts: CertFacts, chain: CertFacts[]): void {
  for (const trust of verdicts) {
    const f = evaluateCertificate(facts, chain, trust, DEFAULT_CONFIG, new Date('2024-01-01T00:00:00Z'), reference);
    expect(f.signals.filter((s) => s.reason.startsWith('detector failed'))).toEqual([]);
    expect(f.score).toBeGreaterThanOrEqual(0);
    expect(f.score).toBeLessThanOrEqual(100);
  }
}

describe('robustness', () => {
  it('truncated genuine certificates', () => {
    for (const file of fs.readdirSync(GENUINE_CAS_DIR).filter((f) => f.endsWith('.pem')).slice(0, 6)) {
      const der = pemToDer(fs.readFileSync(`${GENUINE_CAS_DIR}/${file}`, 'utf8'));
      for (let cut = 0; cut < der.length; cut += 97) {
        const facts = certFacts(der.subarray(0, cut));
        noFailure(facts, [facts]);
      }
    }
  });

  it('facts with empty names, unreadable dates and an unknown key', () => {
    const base = genuineCa('letsencrypt_r10.pem');
    const odd: CertFacts = {
      ...base,
      subject: { rfc4514: '', attributes: [] },
      issuer: { rfc4514: '', attributes: [] },
      notBefore: 'not a date',
      notAfter: '',
      serial: '',
      publicKey: { type: 'unknown', algorithmOid: '1.2.3.4' },
      signatureAlgorithm: { oid: '', name: '' },
      san: { dns: ['', '*', '..', '1.2.3.4.5'], ip: ['::1'], email: [], uri: [] },
      extensionOids: [],
      spkiSha256: '',
      der: Buffer.from([0x30, 0x00]),
    };
    noFailure(odd, [odd, base]);
    const b = new FindingBuilder(DEFAULT_CONFIG, anchorTrust([]), reference);
    b.addSighting([odd], { ...sighting('2024-01-01T00:00:00Z', 'not-an-ip', ''), serverName: '' });
    expect(b.findings()[0].signals.filter((s) => s.reason.startsWith('detector failed'))).toEqual([]);
  });
});
