/**
 * Detect configuration: documented defaults and a strict loader for the user's `--config` file (JSON or YAML).
 * Pure: the CLI reads the file and hands the text over.
 *
 * File shape (every key optional; unknown keys are errors so typos do not pass silently):
 * ```yaml
 * weights: { self-signed: 20, tool-default: 40 }   # per detector id
 * classes: { weak-crypto: attack }                 # per detector id: attack, exposure or hygiene
 * disabled: [random-looking-name]
 * reuseThreshold: 3          # distinct servers or SNIs for reused-certificate
 * keyReuseSubjects: 2        # distinct subjects per key for reused-key
 * freshHours: 24             # fresh-certificate window
 * maxLeafValidityDays: 398   # validity-too-long
 * minRsaBits: 2048           # weak-crypto
 * maxSightingsPerCert: 20    # sightings kept per certificate (totals always counted)
 * allowlist:
 *   fingerprints: [<sha256 or sha1>]
 *   subjectPatterns: ['^CN=.*\.corp\.example$']
 *   sniDomains: [corp.example]
 *   serverCidrs: [10.0.0.0/8, fd00::/8]
 * ```
 */
import { parseCidr } from './cidr';
import { compilePattern } from './pattern';
import type { AllowlistConfig, DetectConfig } from './config-types';
import { DETECTOR_CLASSES, type DetectorClass } from './types';

export const DEFAULT_CONFIG: DetectConfig = Object.freeze({
  weights: Object.freeze({}),
  classes: Object.freeze({}),
  disabled: [],
  reuseThreshold: 3,
  keyReuseSubjects: 2,
  freshHours: 24,
  maxLeafValidityDays: 398,
  minRsaBits: 2048,
  maxSightingsPerCert: 20,
  allowlist: Object.freeze({ fingerprints: [], subjectPatterns: [], sniDomains: [], serverCidrs: [] }),
});

/** A config file that cannot be used; `key` is the dotted path of the offending entry. */
export class ConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(`config ${key}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Raw = Record<string, unknown>;

const NUMBER_KEYS = ['reuseThreshold', 'keyReuseSubjects', 'freshHours', 'maxLeafValidityDays', 'minRsaBits', 'maxSightingsPerCert'] as const;
const TOP_KEYS = new Set<string>(['weights', 'classes', 'disabled', 'allowlist', ...NUMBER_KEYS]);
const ALLOWLIST_KEYS = ['fingerprints', 'subjectPatterns', 'sniDomains', 'serverCidrs'] as const;
const MAX_WEIGHT = 100;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, key: string, check?: (item: string, key: string) => void): string[] {
  if (!Array.isArray(value)) throw new ConfigError(key, 'must be a list of strings');
  return value.map((item, i) => {
    if (typeof item !== 'string' || item === '') throw new ConfigError(`${key}[${i}]`, 'must be a non-empty string');
    check?.(item, `${key}[${i}]`);
    return item;
  });
}

function positiveNumber(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(key, 'must be a positive number');
  return value;
}

function checkFingerprint(item: string, key: string): void {
  const hex = item.replace(/:/g, '');
  if (!/^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(hex)) throw new ConfigError(key, `'${item}' is not a SHA-1 or SHA-256 hex fingerprint`);
}

function checkPattern(item: string, key: string): void {
  try {
    compilePattern(item);
  } catch (e) {
    throw new ConfigError(key, `'${item}' is not a pattern certhound runs (RE2 syntax, linear time: no backreferences or lookaround): ${(e as Error).message}`);
  }
}

function checkDomain(item: string, key: string): void {
  if (!/^\*?\.?([a-z0-9_-]+\.)*[a-z0-9_-]+\.?$/i.test(item)) throw new ConfigError(key, `'${item}' is not a DNS domain`);
}

function checkCidr(item: string, key: string): void {
  if (!parseCidr(item)) throw new ConfigError(key, `'${item}' is not an IPv4 or IPv6 CIDR`);
}

function readAllowlist(value: unknown): AllowlistConfig {
  if (!isRecord(value)) throw new ConfigError('allowlist', 'must be a mapping');
  for (const key of Object.keys(value)) {
    if (!(ALLOWLIST_KEYS as readonly string[]).includes(key)) throw new ConfigError(`allowlist.${key}`, `unknown key (known: ${ALLOWLIST_KEYS.join(', ')})`);
  }
  const d = DEFAULT_CONFIG.allowlist;
  return {
    fingerprints: value.fingerprints === undefined ? d.fingerprints : stringList(value.fingerprints, 'allowlist.fingerprints', checkFingerprint),
    subjectPatterns: value.subjectPatterns === undefined ? d.subjectPatterns : stringList(value.subjectPatterns, 'allowlist.subjectPatterns', checkPattern),
    sniDomains: value.sniDomains === undefined ? d.sniDomains : stringList(value.sniDomains, 'allowlist.sniDomains', checkDomain),
    serverCidrs: value.serverCidrs === undefined ? d.serverCidrs : stringList(value.serverCidrs, 'allowlist.serverCidrs', checkCidr),
  };
}

function readWeights(value: unknown, knownIds?: ReadonlySet<string>): Record<string, number> {
  if (!isRecord(value)) throw new ConfigError('weights', 'must be a mapping of detector id to number');
  const out: Record<string, number> = {};
  for (const [id, weight] of Object.entries(value)) {
    if (knownIds && !knownIds.has(id)) throw new ConfigError(`weights.${id}`, 'unknown detector id');
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > MAX_WEIGHT) {
      throw new ConfigError(`weights.${id}`, `must be a number from 0 to ${MAX_WEIGHT}`);
    }
    out[id] = weight;
  }
  return out;
}

function readClasses(value: unknown, knownIds?: ReadonlySet<string>): Record<string, DetectorClass> {
  if (!isRecord(value)) throw new ConfigError('classes', `must be a mapping of detector id to ${DETECTOR_CLASSES.join(', ')}`);
  const out: Record<string, DetectorClass> = {};
  for (const [id, cls] of Object.entries(value)) {
    if (knownIds && !knownIds.has(id)) throw new ConfigError(`classes.${id}`, 'unknown detector id');
    if (!(DETECTOR_CLASSES as readonly unknown[]).includes(cls)) throw new ConfigError(`classes.${id}`, `must be one of ${DETECTOR_CLASSES.join(', ')}`);
    out[id] = cls as DetectorClass;
  }
  return out;
}

/** Parses and validates a config over the defaults. `knownIds` (the registry's ids) lets unknown detector ids be refused. */
export function parseConfigObject(raw: unknown, knownIds?: ReadonlySet<string>): DetectConfig {
  if (raw === null || raw === undefined) return DEFAULT_CONFIG;
  if (!isRecord(raw)) throw new ConfigError('(root)', 'must be a mapping');
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.has(key)) throw new ConfigError(key, `unknown key (known: ${[...TOP_KEYS].join(', ')})`);
  }
  const numbers: Record<string, number> = {};
  for (const key of NUMBER_KEYS) numbers[key] = raw[key] === undefined ? DEFAULT_CONFIG[key] : positiveNumber(raw[key], key);
  const disabled = raw.disabled === undefined ? DEFAULT_CONFIG.disabled : stringList(raw.disabled, 'disabled', (id, key) => {
    if (knownIds && !knownIds.has(id)) throw new ConfigError(key, `'${id}' is not a detector id`);
  });
  return {
    weights: raw.weights === undefined ? DEFAULT_CONFIG.weights : readWeights(raw.weights, knownIds),
    classes: raw.classes === undefined ? DEFAULT_CONFIG.classes : readClasses(raw.classes, knownIds),
    disabled,
    reuseThreshold: numbers.reuseThreshold,
    keyReuseSubjects: numbers.keyReuseSubjects,
    freshHours: numbers.freshHours,
    maxLeafValidityDays: numbers.maxLeafValidityDays,
    minRsaBits: numbers.minRsaBits,
    maxSightingsPerCert: Math.floor(numbers.maxSightingsPerCert),
    allowlist: raw.allowlist === undefined ? DEFAULT_CONFIG.allowlist : readAllowlist(raw.allowlist),
  };
}

/** A parsed YAML text and what the parser warned of, each warning one line with its line number. */
export interface YamlText {
  value: unknown;
  warnings: string[];
}

/**
 * The YAML parser, loaded on first use: most runs read no YAML, and it is 70 modules to load. Its warnings are
 * returned, not printed (left to itself it prints them as multi-line Node warnings); an error throws its first line.
 */
export function parseYaml(text: string): YamlText {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml') as typeof import('yaml');
  const doc = yaml.parseDocument(text, { prettyErrors: true });
  const oneLine = (e: { message: string; linePos?: Array<{ line: number }> }): string =>
    `${e.linePos ? `line ${e.linePos[0].line}: ` : ''}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
  if (doc.errors.length > 0) throw new Error(oneLine(doc.errors[0]));
  return { value: doc.toJS({ maxAliasCount: 100 }), warnings: doc.warnings.map(oneLine) };
}

/** Reads a config file's text. Throws `ConfigError` naming the key on bad input (the CLI exits 2). */
export function loadConfig(text: string, format: 'json' | 'yaml', knownIds?: ReadonlySet<string>): DetectConfig {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : parseYaml(text).value;
  } catch (e) {
    throw new ConfigError('(file)', `not valid ${format.toUpperCase()}: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseConfigObject(raw, knownIds);
}
