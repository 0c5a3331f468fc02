/**
 * What scan and cert share to judge certificates: the facts of each blob (`BlobFacts`: each DER parsed once, DER
 * kept for chain building) and the chain-verdict memo over Mozilla's roots (plus the dated removed ones and the
 * user's private anchors).
 */
import { TrustStore, type ChainVerdict, type PrivateAnchorInput } from '../x509';
import { ChainVerdictCache } from '../x509/chain-verdict-cache';
import type { SignatureCheck } from '../x509/signature-memo';
import type { TrustFn, TrustResult } from '../detect/types';
import { BlobFacts } from './blob-facts';

export type { FactsOf } from './blob-facts';

const NOT_VERIFIABLE: TrustResult = { verdict: 'not-verifiable', reason: 'not verifiable from Zeek logs (no certificate bytes)' };

/** The detect stage's reading of x509's chain verdict. */
export function trustResult(v: ChainVerdict): TrustResult {
  // The certificate whose signature failed, or the one signed under a public root's name by a private anchor's key.
  const failedAt = v.verdict === 'bad-signature' || v.copiedName !== undefined ? v.path[v.path.length - 1] : undefined;
  return { verdict: v.verdict, reason: v.reason, anchor: v.anchor, ...(failedAt ? { failedAt } : {}), ...(v.genuineCa ? { genuineCa: v.genuineCa } : {}) };
}

export class Judge {
  private readonly blobs = new BlobFacts();
  readonly facts = this.blobs.cache;
  readonly factsOf = this.blobs.factsOf;
  private readonly chains: ChainVerdictCache;

  /** `anchors`: private trust anchors (`--trust-roots`, `trust.roots`, CA marks) beside Mozilla's roots. */
  constructor(anchors: readonly PrivateAnchorInput[] = []) {
    this.chains = new ChainVerdictCache(TrustStore.default().withPrivate(anchors), this.facts);
  }

  /** Signature checks made elsewhere (a capture worker's, of presented links): chain verdicts find them made. */
  readonly takeSignatureChecks = (checks: readonly SignatureCheck[]): void => {
    this.chains.signatures.add(checks);
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
