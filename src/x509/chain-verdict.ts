/**
 * Chain verdict at the time of the sighting: builds a path from the presented chain (any order, extra and
 * cross-signed certificates allowed) to a trust anchor, checking every signature and every validity period at
 * `at`. Pure: the time comes in as a parameter.
 */
import type { KeyObject } from 'node:crypto';
import { certFacts } from './cert-facts';
import { certLayout, type CertLayout } from './cert-layout';
import type { CertFactsCache } from './facts-cache';
import { publicKeyObject } from './public-key';
import { certificateSignatureValid } from './signature';
import type { SignatureMemo } from './signature-memo';
import { nameKey, type TrustAnchor, type TrustStore } from './trust-store';
import type { CertFacts, TrustVerdict } from './types';

/** Presented certificates looked at; servers send 2–4, a longer list is cut here. */
export const MAX_PRESENTED_CERTS = 16;
/** Longest path tried (RFC 5280 puts no limit; real web PKI paths are under 6). */
export const MAX_PATH_DEPTH = 8;
/** Signature checks per verdict, so a crafted chain of look-alike names cannot make path building explode. */
export const MAX_SIGNATURE_CHECKS = 64;

/** How the path's top was tied to a trust anchor. */
export type AnchorMatch = 'signature' | 'fingerprint' | 'name';

export interface ChainVerdict {
  readonly verdict: TrustVerdict;
  /**
   * SHA-256 of each presented certificate on the path, leaf first (the anchor itself only if it was presented).
   * A `bad-signature` path ends at the certificate whose signature failed.
   */
  readonly path: string[];
  /** SHA-256 (else SHA-1) of the anchor's certificate. */
  readonly anchor?: string;
  readonly anchorMatch?: AnchorMatch;
  /** One line saying why. */
  readonly reason: string;
  /** `trusted-private` through an anchor that carries a public root's name under another key: that root's name. */
  readonly copiedName?: string;  /** A genuine brand CA the path reached, every signature up to it verified: the chain is that brand's own. */
  readonly genuineCa?: { readonly name: string; readonly brand: string };
}

interface Node {
  readonly der: Buffer;
  readonly facts: CertFacts;
  readonly layout: CertLayout;
  key?: KeyObject | null;
}

/** Verdicts other than `trusted`, most telling first: a broken signature beats an unknown root beats a gap. */
type Failure = Exclude<TrustVerdict, 'trusted' | 'trusted-private'>;

const FAILURE_RANK: Record<Failure, number> = {
  'bad-signature': 3, untrusted: 2, incomplete: 1, 'not-verifiable': 0,
};

/**
 * Why a presented certificate cannot act as an issuer (RFC 5280 §4.2.1.9, §4.2.1.3, §6.1.4), or undefined when it
 * can. `below` counts the intermediates already under it (the leaf excluded). Version 1 and 2 certificates carry no
 * extensions and are accepted as legacy CAs.
 */
function notAnIssuer(f: CertFacts, below: number): string | undefined {
  if (f.version < 3) return undefined;
  if (!f.basicConstraints?.ca) return 'it is not a CA (basicConstraints cA is not set)';
  if (f.basicConstraints.pathLength !== undefined && below > f.basicConstraints.pathLength) {
    return `its path length constraint ${f.basicConstraints.pathLength} allows fewer than the ${below} CA certificates below it`;
  }
  if (f.extensionOids.includes('2.5.29.15') && !f.keyUsage.includes('keyCertSign')) return 'its key usage lacks keyCertSign';
  return undefined;
}

const importedKeys = new WeakMap<CertFacts, KeyObject | null>();

class PathSearch {
  private checks = 0;
  private failure: ChainVerdict | undefined;
  found: ChainVerdict | undefined;
  /** The first genuine brand CA a verified path reached (see `AnchorOrigin` 'brand-private'). */
  private genuine: TrustAnchor | undefined;

  constructor(private readonly nodes: Node[], private readonly at: Date, private readonly roots: TrustStore, private readonly memo: SignatureMemo | undefined) {}

  private fail(verdict: Failure, path: Node[], reason: string): void {
    if (!this.failure || FAILURE_RANK[verdict] > FAILURE_RANK[this.failure.verdict as Failure]) {
      this.failure = { verdict, path: path.map((n) => n.facts.sha256), reason };
    }
  }

  result(): ChainVerdict {
    const r = this.found ?? this.failure ?? { verdict: 'incomplete', path: [], reason: 'no path could be built' };
    const g = this.genuine;
    return g?.brand ? { ...r, genuineCa: { name: g.name, brand: g.brand } } : r;
  }

  /** A presented certificate that is a genuine brand CA (same certificate, or same name and key). */
  private noteGenuine(n: Node): void {
    if (this.genuine) return;
    const exact = this.roots.withFingerprint(n.facts.sha256);
    this.genuine = exact?.brand ? exact : this.roots.withSubject(n.facts.subject.rfc4514).find((a) => a.brand && a.spkiSha256 === n.facts.spkiSha256);
  }

  /** Whether `key` (whose SPKI SHA-256 is `keyId`) signed `child`; undefined when it cannot be told. */
  private signed(child: Node, key: KeyObject | undefined, keyId: string | undefined): boolean | undefined {
    if (++this.checks > MAX_SIGNATURE_CHECKS) return undefined;
    if (!this.memo || !keyId || !key) return certificateSignatureValid(child.der, child.layout, key);
    return this.memo.get(child.facts.sha256, keyId, () => certificateSignatureValid(child.der, child.layout, key));
  }

  private keyOf(n: Node): KeyObject | undefined {
    if (n.key === undefined) {
      // One CA signs many leaves: its key is imported once per facts object (shared per SHA-256 by the facts cache).
      let key = importedKeys.get(n.facts);
      if (key === undefined) importedKeys.set(n.facts, (key = publicKeyObject(n.der, n.layout.spki) ?? null));
      n.key = key;
    }
    return n.key ?? undefined;
  }

  private validAt(n: Node): boolean {
    const t = this.at.getTime();
    return t >= Date.parse(n.facts.notBefore) && t <= Date.parse(n.facts.notAfter);
  }

  private trusted(path: Node[], anchor: TrustAnchor, match: AnchorMatch, reason: string): void {
    if (anchor.brand) this.genuine ??= anchor;
    const shas = path.map((n) => n.facts.sha256);
    const id = anchor.sha256 ?? anchor.sha1;
    if (anchor.origin !== 'private') {
      this.found = { verdict: 'trusted', path: shas, anchor: id, anchorMatch: match, reason };
      return;
    }
    const copy = anchor.copies ? `; the anchor carries the public root name ${anchor.copies} under another key` : '';
    this.found = {
      verdict: 'trusted-private', path: shas, anchor: id, anchorMatch: match, reason: `${reason} (private anchor from ${anchor.source})${copy}`,
      ...(anchor.copies ? { copiedName: anchor.copies } : {}),
    };
  }

  /** The node itself is an anchor: same certificate, or same name and key (a cross-signed twin of a root). */
  private selfAnchor(n: Node): TrustAnchor | undefined {
    const exact = this.roots.withFingerprint(n.facts.sha256) ?? this.roots.withFingerprint(n.facts.sha1);
    if (exact) return exact.origin === 'brand-private' ? undefined : exact;
    return this.roots.withSubject(n.facts.subject.rfc4514).find((a) => a.origin !== 'brand-private' && a.spkiSha256 === n.facts.spkiSha256);
  }

  walk(path: Node[]): void {
    const n = path[path.length - 1];
    if (this.found) return;
    if (path.length > MAX_PATH_DEPTH) return this.fail('untrusted', path, `path longer than ${MAX_PATH_DEPTH} certificates`);
    if (!this.validAt(n)) {
      return this.fail('untrusted', path, `${n.facts.subject.rfc4514} is not valid at ${this.at.toISOString()} (valid ${n.facts.notBefore} to ${n.facts.notAfter})`);
    }
    this.noteGenuine(n);
    const own = this.selfAnchor(n);
    if (own) {
      const status = this.roots.statusAt(own, this.at);
      if (!status.ok) return this.fail('untrusted', path, status.reason ?? '');
      const exact = own.sha256 === n.facts.sha256 || own.sha1 === n.facts.sha1;
      return exact
        ? this.trusted(path, own, 'fingerprint', `presented certificate is the trusted root ${own.name}`)
        : this.trusted(path, own, 'signature', `presented ${n.facts.subject.rfc4514} has the name and key of the trusted root ${own.name}`);
    }
    const issuer = nameKey(n.facts.issuer.rfc4514);
    const aki = n.facts.authorityKeyId;
    const byAki = (ski?: string): number => (aki && ski === aki ? 0 : 1);
    let candidates = 0;

    const anchors = [...this.roots.withSubject(issuer)].sort((a, b) => byAki(a.subjectKeyId) - byAki(b.subjectKeyId));
    // A signature failing under one of several same-named anchors says nothing when another one verifies it.
    const badUnder: string[] = [];
    let brandSigned = false;
    for (const anchor of anchors) {
      candidates++;
      const key = this.roots.keyOf(anchor);
      if (anchor.origin === 'brand-private') {
        const ok = key ? this.signed(n, key, anchor.spkiSha256) : undefined;
        if (ok === true) {
          brandSigned = true;
          this.genuine ??= anchor;
          this.fail('untrusted', path, `chain ends at ${anchor.name}, a genuine private CA of ${anchor.brand} that is not a trust anchor here (--trust-roots adds it)`);
        } else if (ok === false) badUnder.push(anchor.name);
        continue;
      }
      const status = this.roots.statusAt(anchor, this.at);
      if (!key) {
        if (aki && anchor.subjectKeyId === aki && status.ok) {
          return this.trusted(path, anchor, 'name', `issuer ${anchor.name} is a trusted root known by name and key id only (signature not checked)`);
        }
        this.fail('untrusted', path, status.ok
          ? `issuer ${anchor.name} is a root known by fingerprint only; this chain does not present it`
          : status.reason ?? '');
        continue;
      }
      const ok = this.signed(n, key, anchor.spkiSha256);
      if (ok === true) {
        if (status.ok) return this.trusted(path, anchor, 'signature', `chains to ${anchor.name} (${anchor.origin})`);
        this.fail('untrusted', path, status.reason ?? '');
      } else if (ok === false) {
        badUnder.push(anchor.name);
      } else {
        this.fail('untrusted', path, `signature of ${n.facts.subject.rfc4514} could not be checked (${n.facts.signatureAlgorithm.name})`);
      }
    }

    if (!brandSigned) {
      for (const name of badUnder) this.fail('bad-signature', path, `signature of ${n.facts.subject.rfc4514} does not verify under the key of root ${name}`);
    }

    const issuers = this.nodes
      .filter((c) => !path.includes(c) && nameKey(c.facts.subject.rfc4514) === issuer)
      .sort((a, b) => byAki(a.facts.subjectKeyId) - byAki(b.facts.subjectKeyId));
    for (const c of issuers) {
      candidates++;
      const notCa = notAnIssuer(c.facts, path.length - 1);
      if (notCa) {
        this.fail('untrusted', path, `presented ${c.facts.subject.rfc4514} may not issue ${n.facts.subject.rfc4514}: ${notCa}`);
        continue;
      }
      const ok = this.signed(n, this.keyOf(c), c.facts.spkiSha256 || undefined);
      if (ok === true) this.walk([...path, c]);
      else if (ok === false) this.fail('bad-signature', path, `signature of ${n.facts.subject.rfc4514} does not verify under the presented ${c.facts.subject.rfc4514}`);
      else this.fail('untrusted', path, `signature of ${n.facts.subject.rfc4514} could not be checked (${n.facts.signatureAlgorithm.name})`);
      if (this.found) return;
    }

    if (candidates === 0) {
      if (n.facts.selfIssued) {
        const what = path.length === 1 ? 'self-signed certificate' : `chain ends at self-signed ${n.facts.subject.rfc4514}`;
        this.fail('untrusted', path, `${what}, not a trusted root`);
      } else {
        this.fail('incomplete', path, `issuer ${n.facts.issuer.rfc4514 || '(empty name)'} of ${n.facts.subject.rfc4514} is neither presented nor a known root`);
      }
    }
  }
}

/**
 * Verdict for a presented chain (leaf first, as sent) at the sighting time `at`, against `roots`. Certificates are
 * parsed through `cache` when one is given (each distinct DER once), signatures checked through `memo` (each
 * certificate under each key once).
 */
export function chainVerdict(chain: readonly Buffer[], at: Date, roots: TrustStore, cache?: CertFactsCache, memo?: SignatureMemo): ChainVerdict {
  if (chain.length === 0) return { verdict: 'not-verifiable', path: [], reason: 'no certificate presented' };
  const nodes: Node[] = [];
  const seen = new Set<string>();
  for (const der of chain.slice(0, MAX_PRESENTED_CERTS)) {
    const facts = cache ? cache.get(der) : certFacts(der);
    if (seen.has(facts.sha256)) continue;
    seen.add(facts.sha256);
    nodes.push({ der, facts, layout: certLayout(der) });
  }
  const leaf = nodes[0];
  if (!leaf.facts.parsed) return { verdict: 'not-verifiable', path: [leaf.facts.sha256], reason: 'leaf certificate could not be parsed' };
  const search = new PathSearch(nodes.filter((n) => n.facts.parsed), at, roots, memo);
  search.walk([leaf]);
  return search.result();
}
