/**
 * The `--config` file (JSON or YAML, told apart by content): the detect stage's keys at the top level (see
 * detect/config.ts), the host stage's tuning under `host:` (see host/config.ts) and private trust anchors under
 * `trust: { roots: [file, folder or system, …] }` (relative paths from the config file's folder). Unknown keys are
 * errors.
 */
import { dirname, resolve } from 'node:path';
import { InputError } from '../capture';
import { readBoundedFile } from './bounded-file';
import { ConfigError, DEFAULT_CONFIG, DETECTOR_IDS, parseConfigObject, type DetectConfig } from '../detect';
import { parseYaml } from '../detect/config';
import { DEFAULT_HOST_CONFIG, type HostConfig } from '../host';
import { hostConfigFrom } from '../host/config';

export interface CerthoundConfig {
  detect: DetectConfig;
  host: HostConfig;
  /** `trust.roots`, resolved: what `--trust-roots` takes (files, folders, `system`). */
  trustRoots: string[];
  /** What the YAML parser warned of, one line each (`<file>: line N: …`), for the CLI to say. */
  warnings: string[];
}

export const DEFAULT_CERTHOUND_CONFIG: CerthoundConfig = { detect: DEFAULT_CONFIG, host: DEFAULT_HOST_CONFIG, trustRoots: [], warnings: [] };

/** A config file is a few KB; past this it is something else. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** `trust: { roots: [...] }`, each path resolved from the config file's folder. */
function trustRootsFrom(trust: unknown, configPath: string): string[] {
  if (trust === undefined) return [];
  if (typeof trust !== 'object' || trust === null || Array.isArray(trust)) throw new ConfigFileError(configPath, 'config trust: must be a mapping');
  for (const k of Object.keys(trust)) if (k !== 'roots') throw new ConfigFileError(configPath, `config trust.${k}: unknown key (known: roots)`);
  const roots = (trust as { roots?: unknown }).roots;
  if (roots === undefined) return [];
  const list = typeof roots === 'string' ? [roots] : roots;
  if (!Array.isArray(list) || list.some((r) => typeof r !== 'string' || r === '')) {
    throw new ConfigFileError(configPath, 'config trust.roots: must be a file, a folder or system, or a list of them');
  }
  return (list as string[]).map((r) => (r === 'system' ? r : resolve(dirname(configPath), r)));
}

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
    text = readBoundedFile(path, MAX_CONFIG_BYTES, 'a config file').toString('utf8');
  } catch (err) {
    if (err instanceof InputError) throw new ConfigFileError(path, err.message);
    throw err;
  }
  return parseConfigText(text, path);
}

/** A config's text (`path` names it in errors and resolves `trust.roots`). */
export function parseConfigText(text: string, path: string): CerthoundConfig {
  let raw: unknown;
  let warnings: string[] = [];
  try {
    if (text.trimStart().startsWith('{')) {
      raw = JSON.parse(text);
    } else {
      const yaml = parseYaml(text);
      raw = yaml.value;
      warnings = yaml.warnings.map((w) => `${path}: ${w}`);
    }
  } catch (err) {
    throw new ConfigFileError(path, `not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (raw === null || raw === undefined) return { ...DEFAULT_CERTHOUND_CONFIG, warnings };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigFileError(path, 'must be a mapping');
  const { host, trust, ...detectPart } = raw as Record<string, unknown>;
  try {
    const detect = parseConfigObject(detectPart, new Set(DETECTOR_IDS));
    const hostResult = hostConfigFrom(host);
    if (hostResult.problems.length > 0) throw new ConfigFileError(path, hostResult.problems[0]);
    return { detect, host: hostResult.config, trustRoots: trustRootsFrom(trust, path), warnings };
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigFileError(path, err.message);
    throw err;
  }
}
