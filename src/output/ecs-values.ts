/** Value forms ECS fields take, in one place so every document writes them alike. */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 date an Elasticsearch `date` field takes, or undefined (an unparsable certificate's empty validity). */
export function ecsDate(text: string | undefined): string | undefined {
  return text !== undefined && ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
}

/** Epoch milliseconds as ISO 8601, or undefined when the number is no usable time. */
export function ecsDateFromMs(ms: number | undefined): string | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 && ms < 253402300800000 ? new Date(ms).toISOString() : undefined;
}

/**
 * Certificate hashes (SHA-256, SHA-1, SPKI SHA-256) in every ECS document: upper-case hex, as ECS asks of
 * `tls.*.hash.*`. Handshake fingerprints (JA3, JA4, JA4X) keep the case their specifications give them.
 */
export function ecsHash(hex: string): string;
export function ecsHash(hex: string | undefined): string | undefined;
export function ecsHash(hex: string | undefined): string | undefined {
  return hex ? hex.toUpperCase() : undefined;
}

/** A list without repeats or empty values, or undefined when nothing is left. */
export function distinctValues(values: Iterable<string | undefined>): string[] | undefined {
  const out = new Set<string>();
  for (const v of values) if (v !== undefined && v !== '') out.add(v);
  return out.size > 0 ? [...out] : undefined;
}
