/**
 * Signature checks of a presented chain's links, made where the chain is read. Each certificate is checked under
 * the next one when that one's subject is, byte for byte, the certificate's issuer: the link a path search tries
 * first, and the costly check of a chain (every leaf is new, its CA's key often ECDSA P-384). A capture worker makes
 * them beside reading packets and hands them to the main thread's SignatureMemo, whose path search then finds them
 * made; anything else (roots, links by another spelling of a name) is checked there as on one thread. The answers are
 * those the main thread would get: the same function on the same bytes.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { certLayout, type CertLayout } from './cert-layout';
import { publicKeyObject } from './public-key';
import { certificateSignatureValid } from './signature';
import { SignatureMemo, type SignatureCheck } from './signature-memo';

/** Issuers (key and name) remembered; past it the list starts over (a CA is re-read in microseconds). */
const MAX_ISSUERS_HELD = 4096;

/** A presented certificate as the capture side holds it. */
export interface PresentedCert {
  /** Lower-case hex SHA-256 of `der`. */
  readonly sha256: string;
  readonly der?: Buffer;
}

interface Issuer {
  /** SPKI SHA-256, as CertFacts.spkiSha256 names the key; '' when the certificate has none readable. */
  readonly keyId: string;
  readonly key: KeyObject | undefined;
  readonly subject: Buffer | undefined;
}

function span(der: Buffer, tlv: CertLayout['subject']): Buffer | undefined {
  return tlv ? der.subarray(tlv.start, tlv.end) : undefined;
}

export class PresentedLinks {
  private readonly memo = new SignatureMemo(true);
  private readonly issuers = new Map<string, Issuer>();
  /** `child/issuer` SHA-256 pairs already looked at, linked or not: a chain seen again costs a look-up per link. */
  private readonly looked = new Set<string>();

  /** Checks each link of `chain` (as sent, leaf first) not looked at before. */
  check(chain: readonly PresentedCert[]): void {
    for (let i = 0; i + 1 < chain.length; i++) {
      const child = chain[i];
      const parent = chain[i + 1];
      if (!child.der || !parent.der || child.sha256 === parent.sha256) continue;
      const pair = `${child.sha256}/${parent.sha256}`;
      if (this.looked.has(pair)) continue;
      if (this.looked.size >= MAX_ISSUERS_HELD * 4) this.looked.clear();
      this.looked.add(pair);
      const issuer = this.issuer(parent.sha256, parent.der);
      if (!issuer.keyId || !issuer.subject) continue;
      const layout = certLayout(child.der);
      const named = span(child.der, layout.issuer);
      if (!named || !named.equals(issuer.subject)) continue;
      const der = child.der;
      this.memo.get(child.sha256, issuer.keyId, () => certificateSignatureValid(der, layout, issuer.key));
    }
  }

  /** The checks made since the last call. */
  takeMade(): SignatureCheck[] {
    return this.memo.takeMade();
  }

  private issuer(sha256: string, der: Buffer): Issuer {
    const held = this.issuers.get(sha256);
    if (held) return held;
    const layout = certLayout(der);
    const spki = layout.spki;
    const made: Issuer = {
      keyId: spki ? createHash('sha256').update(der.subarray(spki.start, spki.end)).digest('hex') : '',
      key: publicKeyObject(der, spki),
      subject: span(der, layout.subject),
    };
    if (this.issuers.size >= MAX_ISSUERS_HELD) this.issuers.clear();
    this.issuers.set(sha256, made);
    return made;
  }
}
