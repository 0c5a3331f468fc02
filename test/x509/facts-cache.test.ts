import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { CertFactsCache } from '../../src/x509/facts-cache';

const ders = rootCertificates.slice(0, 3).map((p) => new X509Certificate(p).raw);

describe('CertFactsCache', () => {
  it('parses a certificate once and hands back the same facts', () => {
    const cache = new CertFactsCache();
    const a = cache.get(ders[0]);
    const b = cache.get(Buffer.from(ders[0]), a.sha256);
    expect(b).toBe(a);
    expect([cache.misses, cache.hits, cache.size]).toEqual([1, 1, 1]);
  });

  it('stays within its bound, evicting the least recently used', () => {
    const cache = new CertFactsCache(2);
    const first = cache.get(ders[0]);
    cache.get(ders[1]);
    cache.get(ders[0]); // ders[0] is now the most recent
    cache.get(ders[2]); // evicts ders[1]
    expect(cache.size).toBe(2);
    expect(cache.get(ders[0])).toBe(first);
    const misses = cache.misses;
    cache.get(ders[1]);
    expect(cache.misses).toBe(misses + 1);
    expect(cache.size).toBe(2);
  });

  it('a bound below one is raised to one', () => {
    const cache = new CertFactsCache(0);
    cache.get(ders[0]);
    cache.get(ders[1]);
    expect(cache.size).toBe(1);
  });
});
