/**
 * The facts of a certificate blob, whatever its source: DER from a capture or a log's `cert` column, parsed once
 * per SHA-256 (facts cache); a Zeek x509.log line's facts otherwise. A capture's tls stage hands out one blob per
 * distinct certificate, asked for several times per handshake (findings, baseline, output), so a blob seen before
 * is answered without the cache's digest-keyed recency bookkeeping.
 */
import { CertFactsCache } from '../x509';
import type { CertFacts } from '../x509/types';
import type { CertBlob } from '../tls/types';
import type { ZeekCertBlob } from '../zeek/types';

export type FactsOf = (blob: CertBlob) => CertFacts | undefined;

export class BlobFacts {
  /** DER kept: chain verdicts are built from it later. */
  readonly cache = new CertFactsCache(undefined, { keepDer: true });
  private readonly byBlob = new WeakMap<CertBlob, CertFacts>();

  readonly factsOf: FactsOf = (blob) => {
    if (!blob.der) return (blob as ZeekCertBlob).facts;
    let facts = this.byBlob.get(blob);
    if (facts === undefined) this.byBlob.set(blob, (facts = this.cache.get(blob.der, blob.sha256 || undefined)));
    return facts;
  };
}
