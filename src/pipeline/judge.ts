/**
 * What scan and cert share to judge certificates: one facts cache (each DER parsed once, DER kept for chain
 * building), the chain-verdict memo over Mozilla's roots (plus the dated removed ones and the user's private
 * anchors), and the facts of a blob
 * whatever its source (DER from a capture or a log's `cert` column; a Zeek x509.log line otherwise).
 */
import { CertFactsCache, TrustStore, type ChainVerdict, type PrivateAnchorInput } from '../x509';
import { ChainVerdictCache } from '../x509/chain-verdict-cache';
import type { CertFacts } from '../x509/types';
import type { CertBlob } from '../tls/types';
import type { TrustFn, TrustResult } from '../detect/types';
import type { ZeekCertBlob } from '../zeek/types';

export type FactsOf = (blob: CertBlob) => CertFacts | undefined;

const NOT_VERIFIABLE: TrustResult = { verdict: 'not-verifiable', reason: 'not verifiable from Zeek logs (no certificate bytes)' };

/** The detect stage's reading of x509's chain verdict. */
export function trustResult(v: ChainVerdict): TrustResult {
  // The certificate whose signature failed, or the one signed under a public root's name by a private anchor's key.
  const failedAt = v.verdict === 'bad-signature' || v.copiedName !== undefined ? v.path[v.path.length - 1] : undefined;
  return { verdict: v.verdict, reason: v.reason, anchor: v.anchor, ...(failedAt ? { failedAt } : {}), ...(v.genuineCa ? { genuineCa: v.genuineCa } : {}) };
}

export class Judge {
  readonly facts = new CertFactsCache(undefined, { keepDer: true });
  private readonly chains: ChainVerdictCache;

  /** `anchors`: private trust anchors (`--trust-roots`, `trust.roots`, CA marks) beside Mozilla's roots. */
  constructor(anchors: readonly PrivateAnchorInput[] = []) {
    this.chains = new ChainVerdictCache(TrustStore.default().withPrivate(anchors), this.facts);
  }

  /**
   * Facts by blob: a capture's tls stage hands out one blob per distinct certificate, asked for several times per
   * handshake (findings, baseline, output), so this answers without the cache's digest-keyed recency bookkeeping.
   */
  private readonly byBlob = new WeakMap<CertBlob, CertFacts>();

  readonly factsOf: FactsOf = (blob) => {
    if (!blob.der) return (blob as ZeekCertBlob).facts;
    let facts = this.byBlob.get(blob);
    if (facts === undefined) this.byBlob.set(blob, (facts = this.facts.get(blob.der, blob.sha256 || undefined)));
    return facts;
  };

  readonly trust: TrustFn = (chain, at) => {
    const ders: Buffer[] = [];
    for (const c of chain) {
      if (!c.der) return NOT_VERIFIABLE;
      ders.push(c.der);
    }
    return trustResult(this.chains.verdict(ders, at, chain.map((c) => c.sha256)));
  };
}
