/**
 * The genuine keys behind CA names a leaf may claim as its issuer without presenting the issuer: the reference CA
 * certificates shipped in `baselines/reference/genuine-cas/` (public intermediates such as GTS CA 1C3 or R3) and the
 * public roots of the trust store. Certificates are indexed by subject when first asked; each key is imported once
 * and kept as one KeyObject.
 */
import type { KeyObject } from 'node:crypto';
import { certFacts } from './cert-facts';
import { certLayout } from './cert-layout';
import { publicKeyObject } from './public-key';
import { nameKey, type TrustStore } from './trust-store';

/** A genuine CA key, with the name it was published under and where it comes from. */
export interface GenuineKey {
  readonly name: string;
  readonly key: KeyObject;
  /** `genuine-cas/<file>`, or which part of the trust store holds the root. */
  readonly source: string;
}

const ROOT_SOURCES: Readonly<Record<string, string>> = {
  'mozilla-bundle': "Node's Mozilla root store", 'removed-root': "a root Mozilla has removed", 'brand-private': 'a genuine private CA of its brand',
};

export interface GenuineCaFile {
  readonly file: string;
  readonly der: Buffer;
}

export class GenuineIssuerKeys {
  private bySubject: Map<string, Array<GenuineCaFile & { name: string }>> | undefined;
  private readonly keys = new Map<string, readonly GenuineKey[]>();

  constructor(private readonly cas: readonly GenuineCaFile[], private readonly roots: TrustStore) {}

  /** Genuine keys published under this issuer name (RFC 4514); empty when the name is no reference CA or root. */
  keysFor(issuer: string): readonly GenuineKey[] {
    const k = nameKey(issuer);
    let found = this.keys.get(k);
    if (found === undefined) {
      found = [...this.caKeys(k), ...this.rootKeys(issuer)];
      this.keys.set(k, found);
    }
    return found;
  }

  private caKeys(k: string): GenuineKey[] {
    if (!this.bySubject) {
      this.bySubject = new Map();
      for (const ca of this.cas) {
        const f = certFacts(ca.der);
        const key = nameKey(f.subject.rfc4514);
        const list = this.bySubject.get(key) ?? [];
        list.push({ ...ca, name: f.subject.commonName ?? f.subject.rfc4514 });
        this.bySubject.set(key, list);
      }
    }
    return (this.bySubject.get(k) ?? []).flatMap((ca) => {
      const key = publicKeyObject(ca.der, certLayout(ca.der).spki);
      return key ? [{ name: ca.name, key, source: `genuine-cas/${ca.file}` }] : [];
    });
  }

  private rootKeys(issuer: string): GenuineKey[] {
    return this.roots.withSubject(issuer).flatMap((a) => {
      if (a.origin === 'private') return [];
      const key = this.roots.keyOf(a);
      return key ? [{ name: a.name, key, source: ROOT_SOURCES[a.origin] }] : [];
    });
  }
}
