/**
 * Detectors that read a fact some logs cannot tell, and so must not run on a placeholder: an empty SAN from a log
 * that has no SAN column (Suricata EVE without `chain`, Bro 2.1's ssl line) is no evidence of a missing SAN, nor a
 * CN alone of an SNI mismatch. Facts made from logs list what they lack in `unknown` (x509/types.ts).
 */
const READS: Readonly<Record<string, readonly string[]>> = {
  san: ['missing-san', 'sni-mismatch'],
};

/** Ids of the detectors to leave out for facts that lack `unknown`. */
export function skippedFor(unknown: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!unknown || unknown.length === 0) return undefined;
  const out = new Set<string>();
  for (const fact of unknown) for (const id of READS[fact] ?? []) out.add(id);
  return out.size > 0 ? out : undefined;
}
