/**
 * Does a host name imitate a brand's domain? Judged on what a reader sees: punycode decoded (`xn--pypal-4ve.com` →
 * `pаypal.com`), confusables folded to their UTS #39 skeleton plus leetspeak digits (`paypa1`). Four kinds:
 * homograph (the label's skeleton is the brand's, the spelling is not), typo (one or two edits from the brand label,
 * `mamzon`), TLD swap (the brand label itself under another domain, `amazon.ru`), brand plus a word
 * (`paypal-secure.net`, `paypal.com.login.example`). The brand's own domains never match.
 */
import { displayHost, leetKey } from './name-keys';
import type { ReferenceData } from './reference-types';

export interface HostLookalike {
  readonly kind: 'homograph' | 'typo' | 'tld-swap' | 'brand-plus-word';
  readonly brand: string;
  /** The brand domain it imitates (`paypal.com`). */
  readonly imitates: string;
  /** The host as a reader sees it (punycode decoded). */
  readonly decoded: string;
  /** Brand plus a word with no separator (`cloudflaressl`): common for a brand's own secondary domains. */
  readonly glued?: boolean;
}

/** Second-level labels under which ccTLDs register names (`example.co.uk`); no public-suffix list is shipped. */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'nic']);

/** Shortest brand label matched by edit distance or inside a longer label: shorter ones sit inside ordinary words. */
const MIN_TYPO_LABEL = 5;
const MIN_GLUED_LABEL = 6;

/** Index of the registrable label: `login` in `login.example.co.uk` is a subdomain, `example` is registrable. */
function registrableIndex(labels: readonly string[]): number {
  const n = labels.length;
  if (n >= 3 && labels[n - 1].length === 2 && SECOND_LEVEL.has(labels[n - 2])) return n - 3;
  return n - 2;
}

/** Rows of the distance table, reused: labels are at most 63 characters (RFC 1035). */
const ROWS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance (edits and adjacent swaps), or `max + 1` once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length >= 64 || b.length >= 64) return max + 1;
  let [prev2, prev, row] = ROWS;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length];
}

/** The brand whose domain a host name is, or is under (`*.login.microsoftonline.com` → Microsoft). */
export function brandOfHost(host: string, ref: ReferenceData): string | undefined {
  let h = host.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  for (;;) {
    const brand = ref.brandKeys.domains.get(h);
    if (brand) return brand;
    const dot = h.indexOf('.');
    if (dot < 0) return undefined;
    h = h.slice(dot + 1);
  }
}

function brandDomain(ref: ReferenceData, brand: string, label: string): string {
  for (const [domain, owner] of ref.brandKeys.domains) if (owner === brand && domain.split('.')[0] === label) return domain;
  return label;
}

export function hostLookalike(host: string, ref: ReferenceData): HostLookalike | null {
  const decoded = displayHost(host);
  if (brandOfHost(decoded, ref) || brandOfHost(host, ref)) return null;
  const labels = decoded.split('.');
  if (labels.length < 2 || /^[0-9.]+$/.test(decoded)) return null;
  const reg = registrableIndex(labels);
  for (let i = 0; i <= reg; i++) {
    const label = labels[i];
    const key = leetKey(label);
    if (key.length < MIN_TYPO_LABEL - 1) continue;
    const same = ref.brandKeys.labels.get(key);
    if (same) {
      const hit = (kind: HostLookalike['kind']): HostLookalike => ({ kind, brand: same.brand, imitates: brandDomain(ref, same.brand, same.label), decoded });
      if (label !== same.label) return hit('homograph');
      return hit(i === reg ? 'tld-swap' : 'brand-plus-word');
    }
    if (i !== reg) continue;
    const partKeys = label.includes('-') ? label.split('-').map(leetKey) : [];
    for (const [brandKey, b] of ref.brandKeys.labels) {
      const hit = (kind: HostLookalike['kind']): HostLookalike => ({ kind, brand: b.brand, imitates: brandDomain(ref, b.brand, b.label), decoded });
      // Typos are counted on the spelling, not the skeleton (`m` is `rn` there, so one slip would cost two edits).
      if (b.label.length >= MIN_TYPO_LABEL && label.length >= MIN_TYPO_LABEL) {
        const allowed = b.label.length >= 6 ? 2 : 1;
        if (editDistance(label, b.label, allowed) <= allowed) return hit('typo');
      }
      if (partKeys.includes(brandKey)) return hit('brand-plus-word');
      if (brandKey.length >= MIN_GLUED_LABEL && key.length >= brandKey.length + 3 && (key.startsWith(brandKey) || key.endsWith(brandKey))) {
        return { ...hit('brand-plus-word'), glued: true };
      }
    }
  }
  return null;
}
