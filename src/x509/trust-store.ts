/**
 * Trust anchors: Mozilla's roots as bundled with Node (tls.rootCertificates) plus the dated list of roots Mozilla
 * has removed since, each usable only for sightings inside its validity and before its removal; and the private
 * anchors a user adds (`--trust-roots`, `trust.roots`, CA marks in the baseline), whose chains are `trusted-private`.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { asn1TimeToIso } from './asn1-time';
import { certLayout } from './cert-layout';
import { distinguishedName } from './distinguished-name';
import { extensionFacts } from './extensions';
import { publicKeyObject } from './public-key';
import { shippedRemovedRoots, type RemovedRootRecord } from './removed-roots';
import { shippedBrandPrivateCas, type BrandPrivateCaRecord } from './brand-private-cas';

/**
 * `brand-private`: a genuine private CA of a brand (shipped reference data). It anchors nothing: a chain verified up
 * to one is reported as that brand's (`ChainVerdict.genuineCa`), and stays untrusted unless the user anchors it.
 */
export type AnchorOrigin = 'mozilla-bundle' | 'removed-root' | 'private' | 'brand-private';

export interface TrustAnchor {
  /** Readable name (CN, else the most specific OU). */
  readonly name: string;
  /** RFC 4514 subject. */
  readonly subject: string;
  readonly sha256?: string;
  readonly sha1?: string;
  readonly spkiSha256?: string;
  readonly subjectKeyId?: string;
  /** Validity in epoch ms; checked at the sighting time. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** Epoch ms from which the anchor no longer counts (removed roots only). */
  readonly trustedUntil?: number;
  readonly origin: AnchorOrigin;
  /** Where the removal date comes from (removed roots only). */
  readonly removalSource?: string;
  /** DER of the root certificate; absent for roots known by fingerprint and name only. */
  readonly der?: Buffer;
  /** Private anchors: where the user gave it (a file, `system`, a baseline mark). */
  readonly source?: string;
  /** Private anchors: the public root whose name it carries under another key (a copy of a public CA's name). */
  readonly copies?: string;
  /** A genuine brand CA (shipped reference data, or the same certificate given as a private anchor): the brand. */
  readonly brand?: string;
}

/** A private anchor as the user gives it. */
export interface PrivateAnchorInput {
  readonly der: Buffer;
  readonly source: string;
}

/** Whether an anchor counts at a time, and why not. */
export interface AnchorStatus {
  readonly ok: boolean;
  readonly reason?: string;
}

/** Lower-cased RFC 4514 text: the lookup key for names (RFC 5280 §7.1 compares case-insensitively). */
export function nameKey(rfc4514: string): string {
  return rfc4514.toLowerCase();
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** Anchor facts from a root's DER, without the full CertFacts work (no signature check, no JA4X). */
export function anchorFromDer(der: Buffer, origin: AnchorOrigin, extra: Partial<TrustAnchor> = {}): TrustAnchor | undefined {
  const layout = certLayout(der);
  if (!layout.complete || !layout.spki) return undefined;
  const subject = distinguishedName(der, layout.subject);
  const ext = extensionFacts(der, layout.extensions);
  const notBefore = Date.parse(asn1TimeToIso(der, layout.notBefore) ?? '');
  const notAfter = Date.parse(asn1TimeToIso(der, layout.notAfter) ?? '');
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) return undefined;
  const ou = subject.attributes.filter((a) => a.type === 'OU').pop()?.value;
  return {
    name: subject.commonName ?? ou ?? subject.rfc4514,
    subject: subject.rfc4514,
    sha256: createHash('sha256').update(der).digest('hex'),
    sha1: createHash('sha1').update(der).digest('hex'),
    spkiSha256: createHash('sha256').update(der.subarray(layout.spki.start, layout.spki.end)).digest('hex'),
    ...(ext.subjectKeyId ? { subjectKeyId: ext.subjectKeyId } : {}),
    notBefore,
    notAfter,
    origin,
    der,
    ...extra,
  };
}

function anchorFromRecord(r: RemovedRootRecord): TrustAnchor | undefined {
  const removal = { trustedUntil: Date.parse(r.trustedUntil + 'T00:00:00Z'), removalSource: r.removalSource };
  if (r.pem) return anchorFromDer(pemToDer(r.pem), 'removed-root', { name: r.name, ...removal });
  return {
    name: r.name,
    subject: r.subject,
    ...(r.sha256 ? { sha256: r.sha256 } : {}),
    ...(r.sha1 ? { sha1: r.sha1 } : {}),
    ...(r.spkiSha256 ? { spkiSha256: r.spkiSha256 } : {}),
    ...(r.subjectKeyId ? { subjectKeyId: r.subjectKeyId } : {}),
    notBefore: Date.parse(r.notBefore),
    notAfter: Date.parse(r.notAfter),
    origin: 'removed-root',
    ...removal,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let defaultStore: TrustStore | undefined;

export class TrustStore {
  private readonly bySubject = new Map<string, TrustAnchor[]>();
  private readonly bySki = new Map<string, TrustAnchor[]>();
  private readonly byFingerprint = new Map<string, TrustAnchor>();
  private readonly keys = new Map<TrustAnchor, KeyObject | null>();

  constructor(readonly anchors: readonly TrustAnchor[]) {
    for (const a of anchors) {
      push(this.bySubject, nameKey(a.subject), a);
      if (a.subjectKeyId) push(this.bySki, a.subjectKeyId, a);
      if (a.sha256) this.byFingerprint.set(a.sha256, a);
      if (a.sha1) this.byFingerprint.set(a.sha1, a);
    }
  }

  /** Mozilla's roots as bundled with this Node, the shipped removed roots and genuine brand CAs; built once per process. */
  static default(): TrustStore {
    defaultStore ??= TrustStore.from(rootCertificates, shippedRemovedRoots(), shippedBrandPrivateCas());
    return defaultStore;
  }

  /**
   * This store plus private anchors. A private anchor that is already a public one (same certificate) is left out;
   * one that carries a public root's name under another key is kept and says which (`copies`): a user may trust it,
   * but its chains still carry the evidence.
   */
  withPrivate(inputs: readonly PrivateAnchorInput[]): TrustStore {
    if (inputs.length === 0) return this;
    const anchors = new Map(this.anchors.map((a, i) => [a.sha256 ?? `#${i}`, a]));
    for (const { der, source } of inputs) {
      const a = anchorFromDer(der, 'private', { source });
      if (!a?.sha256) continue;
      const known = anchors.get(a.sha256);
      // A genuine brand CA the user anchors becomes theirs, keeping its brand; a public root stays public.
      if (known && known.origin !== 'brand-private') continue;
      const twin = this.withSubject(a.subject).find((p) => p.origin !== 'brand-private' && p.spkiSha256 !== a.spkiSha256);
      anchors.set(a.sha256, { ...a, ...(known?.brand ? { brand: known.brand } : {}), ...(twin ? { copies: twin.name } : {}) });
    }
    return new TrustStore([...anchors.values()]);
  }

  /** A store from PEM roots (trusted without end date), removed-root records and genuine brand CAs. */
  static from(pems: readonly string[], removed: readonly RemovedRootRecord[] = [], brandCas: readonly BrandPrivateCaRecord[] = []): TrustStore {
    const anchors: TrustAnchor[] = [];
    const seen = new Set<string>();
    for (const pem of pems) {
      const a = anchorFromDer(pemToDer(pem), 'mozilla-bundle');
      if (a?.sha256 && !seen.has(a.sha256)) { anchors.push(a); seen.add(a.sha256); }
    }
    const bySha = new Map(anchors.map((a, i) => [a.sha256, i]));
    for (const r of removed) {
      const a = anchorFromRecord(r);
      if (!a) continue;
      // A root Mozilla removed after Node's bundle was cut is still bundled: the removal date applies to it too.
      const i = a.sha256 === undefined ? undefined : bySha.get(a.sha256);
      if (i === undefined) anchors.push(a);
      else anchors[i] = { ...anchors[i], trustedUntil: a.trustedUntil, removalSource: a.removalSource, origin: 'removed-root' };
    }
    for (const r of brandCas) {
      const a = anchorFromDer(pemToDer(r.pem), 'brand-private', { name: r.name, brand: r.brand, source: r.service });
      if (a?.sha256 && !seen.has(a.sha256)) { anchors.push(a); seen.add(a.sha256); }
    }
    return new TrustStore(anchors);
  }

  get size(): number {
    return this.anchors.length;
  }

  /** Anchors whose subject equals `rfc4514` (case-insensitive). */
  withSubject(rfc4514: string): readonly TrustAnchor[] {
    return this.bySubject.get(nameKey(rfc4514)) ?? [];
  }

  withSubjectKeyId(ski: string): readonly TrustAnchor[] {
    return this.bySki.get(ski.toLowerCase()) ?? [];
  }

  /** The anchor whose certificate has this SHA-256 or SHA-1 (lower-case hex). */
  withFingerprint(hex: string): TrustAnchor | undefined {
    return this.byFingerprint.get(hex.toLowerCase());
  }

  /** Does the anchor count for a sighting at `at`: inside its validity and before its removal? */
  statusAt(anchor: TrustAnchor, at: Date): AnchorStatus {
    const t = at.getTime();
    if (anchor.trustedUntil !== undefined && t >= anchor.trustedUntil) {
      const day = new Date(anchor.trustedUntil).toISOString().slice(0, 10);
      return { ok: false, reason: `${anchor.name} was no longer trusted by Mozilla from ${day} (${anchor.removalSource})` };
    }
    if (t < anchor.notBefore || t > anchor.notAfter) {
      return { ok: false, reason: `root ${anchor.name} is not valid at ${at.toISOString()} (valid ${new Date(anchor.notBefore).toISOString()} to ${new Date(anchor.notAfter).toISOString()})` };
    }
    return { ok: true };
  }

  /** The anchor's public key for signature checks (imported once); undefined for name-only anchors. */
  keyOf(anchor: TrustAnchor): KeyObject | undefined {
    let key = this.keys.get(anchor);
    if (key === undefined) {
      const layout = anchor.der ? certLayout(anchor.der) : undefined;
      key = (anchor.der && layout && publicKeyObject(anchor.der, layout.spki)) || null;
      this.keys.set(anchor, key);
    }
    return key ?? undefined;
  }
}
