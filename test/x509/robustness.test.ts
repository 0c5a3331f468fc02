/** Damaged certificates (bytes flipped, lengths cut) never make certFacts, ja4x or chainVerdict throw. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certFacts } from '../../src/x509/cert-facts';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { ja4x } from '../../src/x509/ja4x';
import { TrustStore } from '../../src/x509/trust-store';
import { pemToDer } from '../helpers/x509-openssl';

const GENUINE = path.join(__dirname, '../../../shared/corpus/genuine-cas');
const samples = ['microsoft_it_tls_ca_5.pem', 'letsencrypt_e5.pem', 'gts_ca_1c3.pem'].map((f) => pemToDer(fs.readFileSync(path.join(GENUINE, f), 'utf8')));

/** Deterministic PRNG (LCG, Numerical Recipes constants) so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('damaged DER', () => {
  it('flipped bytes anywhere: facts or parsed:false, never a throw', () => {
    const rnd = lcg(20260101);
    const at = new Date('2024-06-01T00:00:00Z');
    for (const der of samples) {
      for (let i = 0; i < 150; i++) {
        const bad = Buffer.from(der);
        const flips = 1 + Math.floor(rnd() * 3);
        for (let f = 0; f < flips; f++) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
        expect(() => certFacts(bad)).not.toThrow();
        expect(() => ja4x(bad)).not.toThrow();
        expect(() => chainVerdict([bad, der], at, TrustStore.default())).not.toThrow();
      }
    }
  });

  it('length fields pointing far past the end are bounded', () => {
    const der = Buffer.from(samples[0]);
    der[2] = 0xff; // outer SEQUENCE length 0x..ff.. now claims more than there is
    der[3] = 0xff;
    const f = certFacts(der);
    expect(f.parsed).toBe(false);
    expect(f.subject.commonName).toBe('Microsoft IT TLS CA 5');
  });
});
