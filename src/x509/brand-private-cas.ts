/**
 * Genuine private CAs of big brands (baselines/reference/private-cas.json, shipped with the package): Amazon RDS
 * roots and regional CAs of every generation, Apple's and Microsoft's private server PKIs, Google's attestation root.
 * They are no trust anchors: a chain verified up to one is that brand's own (not impersonation), and still untrusted
 * until the user anchors it (`--trust-roots`). Loaded as a static module and checked, like removed-roots.json.
 */

import { textField } from './removed-roots';

/** One record of private-cas.json (baselines/reference/README.md describes every field and source). */
export interface BrandPrivateCaRecord {
  readonly name: string;
  readonly brand: string;
  /** What the brand uses it for. */
  readonly service: string;
  readonly sha256: string;
  readonly pem: string;
}

const text = (record: Record<string, unknown>, key: string): string => textField('private-cas.json', record, key, true) as string;

/** Validates the parsed JSON document; throws on a malformed file (shipped data, not wire input). */
export function parseBrandPrivateCas(doc: unknown): BrandPrivateCaRecord[] {
  const cas = (doc as { cas?: unknown } | null)?.cas;
  if (!Array.isArray(cas)) throw new Error('private-cas.json: no cas array');
  return cas.map((raw: unknown) => {
    const r = raw as Record<string, unknown>;
    return { name: text(r, 'name'), brand: text(r, 'brand'), service: text(r, 'service'), sha256: text(r, 'sha256'), pem: text(r, 'pem') };
  });
}

/** The shipped list. `require` keeps the data next to the package (src/ and dist/ both sit two levels below it). */
export function shippedBrandPrivateCas(): BrandPrivateCaRecord[] {
  return parseBrandPrivateCas(require('../../baselines/reference/private-cas.json'));
}
