/** Flag values shared by several commands, checked once. */
import { InvalidArgumentError } from 'commander';

export type OutputFormat = 'table' | 'ndjson';

export function parseFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return process.stdout.isTTY ? 'table' : 'ndjson';
  if (value === 'table' || value === 'ndjson') return value;
  throw new InvalidArgumentError(`unknown format '${value}' (table, ndjson)`);
}
