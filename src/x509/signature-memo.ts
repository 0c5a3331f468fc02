/**
 * Signature checks remembered by certificate and key. A CA's key signs thousands of certificates, each presented in
 * many handshakes and judged again as its findings are updated; a check (an ECDSA P-384 one costs 0.7 ms here) is
 * made once per certificate and key. Keyed by the certificate's SHA-256 and the key's SPKI SHA-256, so the answer
 * does not depend on which copy of either was at hand, and checks made elsewhere (a capture worker's, see
 * presented-links.ts) are taken as they are: the same function on the same bytes gives the same answer.
 */

/** Checks remembered; the memo starts over past it (a check costs far less than the memory of millions). */
export const MAX_SIGNATURE_CHECKS_REMEMBERED = 100_000;

export type SignatureResult = boolean | undefined;

export interface SignatureCheck {
  readonly cert: string;
  readonly key: string;
  readonly result: SignatureResult;
}

export class SignatureMemo {
  private readonly results = new Map<string, SignatureResult>();
  /** Checks made here since the last `takeMade`, when asked to record them. */
  private made: SignatureCheck[] | undefined;

  /** `record`: keep the checks this memo makes, for `takeMade`. */
  constructor(record = false) {
    if (record) this.made = [];
  }

  /** The result for `cert` (SHA-256) under `key` (SPKI SHA-256), made by `check` the first time. */
  get(cert: string, key: string, check: () => SignatureResult): SignatureResult {
    const id = `${cert}/${key}`;
    if (this.results.has(id)) return this.results.get(id);
    const result = check();
    this.set(id, result);
    this.made?.push({ cert, key, result });
    return result;
  }

  /** Checks made elsewhere (a capture worker's). */
  add(checks: readonly SignatureCheck[]): void {
    for (const c of checks) this.set(`${c.cert}/${c.key}`, c.result);
  }

  takeMade(): SignatureCheck[] {
    const out = this.made ?? [];
    if (this.made) this.made = [];
    return out;
  }

  private set(id: string, result: SignatureResult): void {
    if (this.results.size >= MAX_SIGNATURE_CHECKS_REMEMBERED) this.results.clear();
    this.results.set(id, result);
  }
}
