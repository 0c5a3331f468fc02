/**
 * The `--config` file (JSON or YAML, told apart by content): the detect stage's keys at the top level (see
 * detect/config.ts) and the host stage's tuning under `host:` (see host/config.ts). Unknown keys are errors.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, DEFAULT_CONFIG, DETECTOR_IDS, parseConfigObject, type DetectConfig } from '../detect';
import { parseYaml } from '../detect/config';
import { DEFAULT_HOST_CONFIG, type HostConfig } from '../host';
import { hostConfigFrom } from '../host/config';

export interface CerthoundConfig {
  detect: DetectConfig;
  host: HostConfig;
}

export const DEFAULT_CERTHOUND_CONFIG: CerthoundConfig = { detect: DEFAULT_CONFIG, host: DEFAULT_HOST_CONFIG };

/** A config that cannot be used: one line naming the file and what is wrong. */
export class ConfigFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ConfigFileError';
  }
}

export function loadConfigFile(path: string | undefined): CerthoundConfig {
  if (path === undefined) return DEFAULT_CERTHOUND_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError(path, `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigFileError(path, `not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) return DEFAULT_CERTHOUND_CONFIG;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigFileError(path, 'must be a mapping');
  const { host, ...detectPart } = raw as Record<string, unknown>;
  try {
    const detect = parseConfigObject(detectPart, new Set(DETECTOR_IDS));
    const hostResult = hostConfigFrom(host);
    if (hostResult.problems.length > 0) throw new ConfigFileError(path, hostResult.problems[0]);
    return { detect, host: hostResult.config };
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigFileError(path, err.message);
    throw err;
  }
}
