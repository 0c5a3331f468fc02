/** Flag values shared by several commands, checked once. */

/** A flag value refused while an action maps its flags; main prints it in one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OutputFormat = 'table' | 'ndjson';

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return process.stdout.isTTY ? 'table' : 'ndjson';
  if (value === 'table' || value === 'ndjson') return value;
  throw new UsageError(`unknown format '${value}' (table, ndjson)`);
}

const SEVERITY_NAMES = ['info', 'low', 'medium', 'high', 'critical'] as const;

export function parseSeverity(value: string): (typeof SEVERITY_NAMES)[number] {
  const v = value.toLowerCase();
  if ((SEVERITY_NAMES as readonly string[]).includes(v)) return v as (typeof SEVERITY_NAMES)[number];
  throw new UsageError(`unknown severity '${value}' (${SEVERITY_NAMES.join(', ')})`);
}

/** `--workers`: a count of capture threads beside the main one (0: none), or `auto`. */
export function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (Number.isInteger(n) && n >= 0 && n <= MAX_WORKERS) return n;
  throw new UsageError(`--workers ${value}: not a number of threads (0 to ${MAX_WORKERS}, or auto)`);
}

/** More capture workers than this only add memory. */
const MAX_WORKERS = 64;

/** Commander collector for a repeatable flag. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--trust-roots`, shared by scan, cert and hunt. */
export const TRUST_ROOTS_FLAG = ['--trust-roots <file|dir|system>', 'private trust anchors: a PEM/DER bundle, a folder of them, or system (repeatable)'] as const;
