/**
 * The dated list of roots Mozilla trusted once but no longer ships (baselines/reference/removed-roots.json, shipped
 * with the package). Loaded as a static module, checked field by field, so a damaged file fails loudly at start-up.
 */

/** One record of removed-roots.json (see baselines/reference/README.md for every field's meaning and sources). */
export interface RemovedRootRecord {
  readonly name: string;
  /** RFC 4514 subject as certhound prints it. */
  readonly subject: string;
  readonly sha256?: string;
  readonly sha1?: string;
  readonly spkiSha256?: string;
  readonly subjectKeyId?: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** `YYYY-MM-DD`: a sighting on or after this day no longer counts as trusted through this root. */
  readonly trustedUntil: string;
  readonly removalConfidence: string;
  readonly removalSource: string;
  /** Absent for roots known by fingerprint and name only. */
  readonly pem?: string;
}

/** A string field of a shipped reference record; `file` names the file in the error. */
export function textField(file: string, record: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = record[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') throw new Error(`${file}: field ${key} must be a non-empty string`);
  return v;
}

const text = (record: Record<string, unknown>, key: string, required: boolean): string | undefined => textField('removed-roots.json', record, key, required);

/** Validates the parsed JSON document; throws on a malformed file (shipped data, not wire input). */
export function parseRemovedRoots(doc: unknown): RemovedRootRecord[] {
  const roots = (doc as { roots?: unknown } | null)?.roots;
  if (!Array.isArray(roots)) throw new Error('removed-roots.json: no roots array');
  return roots.map((raw: unknown) => {
    const r = raw as Record<string, unknown>;
    const trustedUntil = text(r, 'trustedUntil', true) as string;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(trustedUntil)) throw new Error(`removed-roots.json: bad trustedUntil ${trustedUntil}`);
    return {
      name: text(r, 'name', true) as string,
      subject: text(r, 'subject', true) as string,
      sha256: text(r, 'sha256', false),
      sha1: text(r, 'sha1', false),
      spkiSha256: text(r, 'spkiSha256', false),
      subjectKeyId: text(r, 'subjectKeyId', false),
      notBefore: text(r, 'notBefore', true) as string,
      notAfter: text(r, 'notAfter', true) as string,
      trustedUntil,
      removalConfidence: text(r, 'removalConfidence', true) as string,
      removalSource: text(r, 'removalSource', true) as string,
      pem: text(r, 'pem', false),
    };
  });
}

/** The shipped list. `require` keeps the data next to the package (src/ and dist/ both sit two levels below it). */
export function shippedRemovedRoots(): RemovedRootRecord[] {
  return parseRemovedRoots(require('../../baselines/reference/removed-roots.json'));
}
