import * as fs from 'node:fs';
import * as path from 'node:path';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { ChainVerdictCache } from '../../src/x509/chain-verdict-cache';
import { TrustStore } from '../../src/x509/trust-store';
import { pemToDer } from '../helpers/x509-openssl';

const GENUINE = path.join(__dirname, '../../../shared/corpus/genuine-cas');
// Microsoft IT TLS CA 5: valid 2016-05-20 to 2024-05-20, under Baltimore (until 2025-05-12); genuine-cas/README.md.
const ca5 = pemToDer(fs.readFileSync(path.join(GENUINE, 'microsoft_it_tls_ca_5.pem'), 'utf8'));

describe('ChainVerdictCache', () => {
  it('answers repeated sightings inside the trusted window from the memo, with the same verdict', () => {
    const cache = new ChainVerdictCache(TrustStore.default());
    const first = cache.verdict([ca5], new Date('2020-01-01T00:00:00Z'));
    const again = cache.verdict([ca5], new Date('2023-06-01T00:00:00Z'));
    expect(first.verdict).toBe('trusted');
    expect(again).toBe(first);
    expect(cache.hits).toBe(1);
    expect(again).toEqual(chainVerdict([ca5], new Date('2023-06-01T00:00:00Z'), TrustStore.default()));
  });

  it('recomputes outside the window: after the CA expired the verdict changes', () => {
    const cache = new ChainVerdictCache(TrustStore.default());
    cache.verdict([ca5], new Date('2020-01-01T00:00:00Z'));
    expect(cache.verdict([ca5], new Date('2024-05-21T00:00:00Z')).verdict).toBe('untrusted');
    expect(cache.verdict([ca5], new Date('2016-05-19T00:00:00Z')).verdict).toBe('untrusted');
    expect(cache.hits).toBe(0);
  });

  it('stays within its bound', () => {
    const cache = new ChainVerdictCache(TrustStore.default(), undefined, 1);
    const e5 = pemToDer(fs.readFileSync(path.join(GENUINE, 'letsencrypt_e5.pem'), 'utf8'));
    cache.verdict([ca5], new Date('2020-01-01T00:00:00Z'));
    cache.verdict([e5], new Date('2024-06-01T00:00:00Z'));
    expect(cache.size).toBe(1);
  });
});
