/** Checks the shipped reference JSON and builds the look-up indexes. Pure: the caller reads the files. */
import { SEVERITIES } from '../types';
import { compactKey, exactKey, leetKey, skeletonKey, tokenKey } from './name-keys';
import { parseNameModel, type NameFamily, type NameModel } from './name-model';
import type {
  Brand, BrandKeys, KnownCaCert, KnownCaGroup, KnownCaName, ReferenceData, SourceCitation, ToolConfidence, ToolDefault, ToolKind,
  ToolMatch, ToolRelation,
} from './reference-types';

/** File names of the shipped reference data under `baselines/reference/`; the CLI reads them and calls `parseReferenceData`. */
export const REFERENCE_FILES = { brands: 'brands.json', c2Defaults: 'c2-defaults.json', nameModel: 'name-model.json', nameFamilies: 'name-families.json' } as const;

/** Names shorter than this (as skeletons) are compared exactly only: `R3` must not match `RE`. */
export const MIN_SKELETON_LENGTH = 8;
/** Brand words shorter than this are not searched inside other text (`HP` is in too many words). */
export const MIN_BRAND_SKELETON = 5;

function brandKeys(brands: Brand[]): BrandKeys {
  const words: Array<{ brand: string; skeleton: string; compact: string }> = [];
  const mentions: Array<{ brand: string; compact: string }> = [];
  const labels = new Map<string, { label: string; brand: string }>();
  const domains = new Map<string, string>();
  for (const b of brands) {
    for (const name of b.names) {
      const skeleton = leetKey(name);
      const compact = compactKey(name);
      if (skeleton.length >= MIN_BRAND_SKELETON) words.push({ brand: b.brand, skeleton, compact });
      if (compact.length >= MIN_BRAND_SKELETON) mentions.push({ brand: b.brand, compact });
    }
    for (const domain of b.domains) {
      domains.set(domain, b.brand);
      const label = domain.split('.')[0];
      const skeleton = leetKey(label);
      if (skeleton.length >= MIN_BRAND_SKELETON && !labels.has(skeleton)) labels.set(skeleton, { label, brand: b.brand });
    }
  }
  return { words, mentions, labels, domains };
}

export class ReferenceDataError extends Error {
  constructor(readonly file: string, readonly key: string, message: string) {
    super(`${file} ${key}: ${message}`);
    this.name = 'ReferenceDataError';
  }
}

type Raw = Record<string, unknown>;

function record(value: unknown, file: string, key: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReferenceDataError(file, key, 'must be an object');
  return value as Raw;
}

function list(value: unknown, file: string, key: string): unknown[] {
  if (!Array.isArray(value)) throw new ReferenceDataError(file, key, 'must be a list');
  return value;
}

function str(value: unknown, file: string, key: string): string {
  if (typeof value !== 'string' || value === '') throw new ReferenceDataError(file, key, 'must be a non-empty string');
  return value;
}

function optStr(value: unknown, file: string, key: string): string | undefined {
  return value === undefined ? undefined : str(value, file, key);
}

function strings(value: unknown, file: string, key: string): string[] {
  return list(value, file, key).map((v, i) => str(v, file, `${key}[${i}]`));
}

function stringMap(value: unknown, file: string, key: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const raw = record(value, file, key);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = typeof v === 'string' ? v : str(v, file, `${key}.${k}`);
  return out;
}

function citation(value: unknown, file: string, key: string): SourceCitation {
  const raw = record(value, file, key);
  return {
    repo: optStr(raw.repo, file, `${key}.repo`),
    path: optStr(raw.path, file, `${key}.path`),
    commit: optStr(raw.commit, file, `${key}.commit`),
    corpusFile: optStr(raw.corpusFile, file, `${key}.corpusFile`),
    note: optStr(raw.note, file, `${key}.note`),
  };
}

function knownCaCert(value: unknown, file: string, key: string): KnownCaCert {
  const raw = record(value, file, key);
  return {
    name: str(raw.name, file, `${key}.name`),
    brand: str(raw.brand, file, `${key}.brand`),
    issuerName: str(raw.issuerName, file, `${key}.issuerName`),
    serial: str(raw.serial, file, `${key}.serial`).toUpperCase(),
    notBefore: str(raw.notBefore, file, `${key}.notBefore`),
    notAfter: str(raw.notAfter, file, `${key}.notAfter`),
    sha1: str(raw.sha1, file, `${key}.sha1`).toLowerCase(),
    sha256: str(raw.sha256, file, `${key}.sha256`).toLowerCase(),
    spkiSha256: str(raw.spkiSha256, file, `${key}.spkiSha256`).toLowerCase(),
    subjectKeyId: optStr(raw.subjectKeyId, file, `${key}.subjectKeyId`)?.toLowerCase(),
    authorityKeyId: optStr(raw.authorityKeyId, file, `${key}.authorityKeyId`)?.toLowerCase(),
    selfIssued: raw.selfIssued === true,
    source: citation(raw.source, file, `${key}.source`),
  };
}

const TOOL_KINDS: readonly ToolKind[] = ['c2', 'rat', 'interception', 'phishing', 'malware', 'developer'];
const CONFIDENCES: readonly ToolConfidence[] = ['exact', 'strong', 'shape', 'weak'];
const RELATIONS: readonly ToolRelation[] = ['email-is-ou-at-cn', 'san-dns-is-cn', 'c-holds-whole-dn'];
const BASIC_CONSTRAINTS = ['absent', 'not-ca', 'ca'] as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], file: string, key: string): T {
  const v = str(value, file, key);
  if (!(allowed as readonly string[]).includes(v)) throw new ReferenceDataError(file, key, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function patternMap(value: unknown, file: string, key: string): Record<string, RegExp> | undefined {
  const raw = stringMap(value, file, key);
  if (!raw) return undefined;
  const out: Record<string, RegExp> = {};
  for (const [type, source] of Object.entries(raw)) {
    try {
      out[type] = new RegExp(source, 'u');
    } catch (e) {
      throw new ReferenceDataError(file, `${key}.${type}`, `bad pattern: ${(e as Error).message}`);
    }
  }
  return out;
}

function numberList(value: unknown, file: string, key: string): number[] | undefined {
  if (value === undefined) return undefined;
  return list(value, file, key).map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ReferenceDataError(file, `${key}[${i}]`, 'must be a number');
    return v;
  });
}

function range(value: unknown, file: string, key: string): readonly [number, number] | undefined {
  const nums = numberList(value, file, key);
  if (nums === undefined) return undefined;
  if (nums.length !== 2 || nums[0] > nums[1]) throw new ReferenceDataError(file, key, 'must be [min, max]');
  return [nums[0], nums[1]];
}

export function toolMatch(value: unknown, file: string, key: string): ToolMatch {
  const raw = record(value, file, key);
  const bool = (k: string): boolean | undefined => {
    if (raw[k] === undefined) return undefined;
    if (typeof raw[k] !== 'boolean') throw new ReferenceDataError(file, `${key}.${k}`, 'must be true or false');
    return raw[k] as boolean;
  };
  const optList = (k: string): string[] | undefined => (raw[k] === undefined ? undefined : strings(raw[k], file, `${key}.${k}`));
  const known = new Set([
    'subject', 'subjectPatterns', 'subjectExactly', 'subjectEmpty', 'issuer', 'issuerPatterns', 'issuerExactly', 'issuerEmpty',
    'subjectAttributeTypes', 'issuerAttributeTypes', 'subjectOrder', 'subjectLacks', 'selfIssued', 'serial', 'serialBits', 'validityDays',
    'validityDaysRange', 'notBefore', 'notAfter', 'keyType', 'keyBits', 'curves', 'signatureAlgorithm', 'version',
    'extensionOidsExactly', 'extensionOidsInclude', 'keyUsageExactly', 'extendedKeyUsageExactly', 'basicConstraints',
    'relations', 'signedByOwnKey', 'sha256', 'ja4x',
  ]);
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new ReferenceDataError(file, `${key}.${k}`, 'unknown condition');
  const version = raw.version;
  if (version !== undefined && typeof version !== 'number') throw new ReferenceDataError(file, `${key}.version`, 'must be a number');
  const match: ToolMatch = {
    subject: stringMap(raw.subject, file, `${key}.subject`),
    subjectPatterns: patternMap(raw.subjectPatterns, file, `${key}.subjectPatterns`),
    subjectExactly: bool('subjectExactly'),
    subjectEmpty: bool('subjectEmpty'),
    issuer: stringMap(raw.issuer, file, `${key}.issuer`),
    issuerPatterns: patternMap(raw.issuerPatterns, file, `${key}.issuerPatterns`),
    issuerExactly: bool('issuerExactly'),
    issuerEmpty: bool('issuerEmpty'),
    subjectAttributeTypes: optList('subjectAttributeTypes'),
    issuerAttributeTypes: optList('issuerAttributeTypes'),
    subjectOrder: optList('subjectOrder'),
    subjectLacks: optList('subjectLacks'),
    selfIssued: bool('selfIssued'),
    serial: optStr(raw.serial, file, `${key}.serial`)?.toUpperCase(),
    serialBits: range(raw.serialBits, file, `${key}.serialBits`),
    validityDays: numberList(raw.validityDays, file, `${key}.validityDays`),
    validityDaysRange: range(raw.validityDaysRange, file, `${key}.validityDaysRange`),
    notBefore: optStr(raw.notBefore, file, `${key}.notBefore`),
    notAfter: optStr(raw.notAfter, file, `${key}.notAfter`),
    keyType: optStr(raw.keyType, file, `${key}.keyType`),
    keyBits: numberList(raw.keyBits, file, `${key}.keyBits`),
    curves: optList('curves'),
    signatureAlgorithm: optStr(raw.signatureAlgorithm, file, `${key}.signatureAlgorithm`),
    version: version as number | undefined,
    extensionOidsExactly: optList('extensionOidsExactly'),
    extensionOidsInclude: optList('extensionOidsInclude'),
    keyUsageExactly: optList('keyUsageExactly'),
    extendedKeyUsageExactly: optList('extendedKeyUsageExactly'),
    basicConstraints: raw.basicConstraints === undefined ? undefined : oneOf(raw.basicConstraints, BASIC_CONSTRAINTS, file, `${key}.basicConstraints`),
    relations: raw.relations === undefined ? undefined : list(raw.relations, file, `${key}.relations`).map((r, i) => oneOf(r, RELATIONS, file, `${key}.relations[${i}]`)),
    signedByOwnKey: bool('signedByOwnKey'),
    sha256: optStr(raw.sha256, file, `${key}.sha256`)?.toLowerCase(),
    ja4x: optStr(raw.ja4x, file, `${key}.ja4x`),
  };
  if (Object.values(match).every((v) => v === undefined)) throw new ReferenceDataError(file, key, 'has no condition');
  return match;
}

function toolDefault(value: unknown, file: string, key: string): ToolDefault {
  const raw = record(value, file, key);
  const severity = oneOf(raw.severity, SEVERITIES, file, `${key}.severity`);
  const sources = list(raw.sources, file, `${key}.sources`).map((s, i) => citation(s, file, `${key}.sources[${i}]`));
  if (sources.length === 0) throw new ReferenceDataError(file, `${key}.sources`, 'every fact needs a source');
  const tools = strings(raw.tools, file, `${key}.tools`);
  if (tools.length === 0) throw new ReferenceDataError(file, `${key}.tools`, 'names at least one tool');
  return {
    id: str(raw.id, file, `${key}.id`),
    tools,
    kind: oneOf(raw.kind, TOOL_KINDS, file, `${key}.kind`),
    versions: str(raw.versions, file, `${key}.versions`),
    severity,
    confidence: oneOf(raw.confidence, CONFIDENCES, file, `${key}.confidence`),
    description: str(raw.description, file, `${key}.description`),
    match: toolMatch(raw.match, file, `${key}.match`),
    sources,
    corroborates: raw.corroborates === true,
  };
}

function group(name: string, brand: string, certs: KnownCaCert[], since: number[]): KnownCaGroup {
  const times = (f: (c: KnownCaCert) => string): number[] => certs.map((c) => Date.parse(f(c))).filter((t) => !Number.isNaN(t));
  const after = times((c) => c.notAfter);
  const before = [...times((c) => c.notBefore), ...since];
  return {
    name,
    brand,
    certs,
    issuerNames: new Set(certs.map((c) => exactKey(c.issuerName))),
    spkiSha256s: new Set(certs.map((c) => c.spkiSha256)),
    subjectKeyIds: new Set(certs.flatMap((c) => (c.subjectKeyId ? [c.subjectKeyId] : []))),
    fingerprints: new Set(certs.flatMap((c) => [c.sha256, c.sha1])),
    latestNotAfter: after.length ? Math.max(...after) : undefined,
    earliestNotBefore: before.length ? Math.min(...before) : undefined,
    isRoot: certs.some((c) => c.selfIssued),
  };
}

/**
 * Builds the indexes from the parsed `brands.json` and `c2-defaults.json` objects. `genuineCaNames` adds the names of
 * CAs known genuine from elsewhere (the caller passes the trust store's roots): a name in that set is never a
 * look-alike of another. Throws `ReferenceDataError` naming the key.
 */
export interface ReferenceExtras {
  /** Names of CAs known genuine from elsewhere (the trust store's roots). */
  readonly genuineCaNames?: readonly string[];
  /** Parsed `name-model.json` and `name-families.json`; without them `random-looking-name` uses its heuristics only. */
  readonly nameModel?: unknown;
  readonly nameFamilies?: unknown;
  /** Genuine keys by issuer name (`x509/genuine-issuer-keys.ts`), for leaves served without their issuer. */
  readonly issuerKeys?: ReferenceData['issuerKeys'];
}

function nameFamilies(json: unknown): NameFamily[] {
  const F = REFERENCE_FILES.nameFamilies;
  return list(record(json, F, '(root)').families, F, 'families').map((v, i) => {
    const raw = record(v, F, `families[${i}]`);
    const minUnusual = raw.minUnusual;
    if (typeof minUnusual !== 'number' || minUnusual < 0) throw new ReferenceDataError(F, `families[${i}].minUnusual`, 'must be a count');
    return {
      id: str(raw.id, F, `families[${i}].id`),
      family: str(raw.family, F, `families[${i}].family`),
      description: str(raw.description, F, `families[${i}].description`),
      match: toolMatch(raw.match, F, `families[${i}].match`),
      unusualIn: strings(raw.unusualIn, F, `families[${i}].unusualIn`),
      minUnusual,
      sources: list(raw.sources, F, `families[${i}].sources`).map((s, j) => citation(s, F, `families[${i}].sources[${j}]`)),
    };
  });
}

export function parseReferenceData(brandsJson: unknown, c2Json: unknown, extras: ReferenceExtras = {}): ReferenceData {
  const genuineCaNames = extras.genuineCaNames ?? [];
  const B = 'brands.json';
  const C = 'c2-defaults.json';
  const brandsRaw = record(brandsJson, B, '(root)');
  const certs = list(brandsRaw.knownCas, B, 'knownCas').map((v, i) => knownCaCert(v, B, `knownCas[${i}]`));
  const names: KnownCaName[] = list(brandsRaw.knownCaNames ?? [], B, 'knownCaNames').map((v, i) => {
    const raw = record(v, B, `knownCaNames[${i}]`);
    const since = raw.since === undefined ? undefined : str(raw.since, B, `knownCaNames[${i}].since`);
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new ReferenceDataError(B, `knownCaNames[${i}].since`, 'must be an ISO 8601 date');
    return {
      name: str(raw.name, B, `knownCaNames[${i}].name`), brand: str(raw.brand, B, `knownCaNames[${i}].brand`), since,
      source: citation(raw.source, B, `knownCaNames[${i}].source`),
    };
  });
  const brands: Brand[] = list(brandsRaw.brands, B, 'brands').map((v, i) => {
    const raw = record(v, B, `brands[${i}]`);
    return {
      brand: str(raw.brand, B, `brands[${i}].brand`),
      names: strings(raw.names, B, `brands[${i}].names`),
      domains: strings(raw.domains, B, `brands[${i}].domains`).map((d) => d.toLowerCase()),
      source: citation(raw.source, B, `brands[${i}].source`),
    };
  });
  const tools = list(record(c2Json, C, '(root)').tools, C, 'tools').map((v, i) => toolDefault(v, C, `tools[${i}]`));

  const byName = new Map<string, { name: string; brand: string; certs: KnownCaCert[]; since: number[] }>();
  for (const entry of [...certs.map((c) => ({ name: c.name, brand: c.brand, cert: c as KnownCaCert | undefined, since: undefined as string | undefined })), ...names.map((n) => ({ ...n, cert: undefined }))]) {
    const key = exactKey(entry.name);
    const slot = byName.get(key) ?? { name: entry.name, brand: entry.brand, certs: [], since: [] };
    if (entry.cert) slot.certs.push(entry.cert);
    if (entry.since !== undefined) slot.since.push(Date.parse(entry.since));
    byName.set(key, slot);
  }
  const caByName = new Map<string, KnownCaGroup>();
  const caBySkeleton = new Map<string, KnownCaGroup>();
  const caByTokens = new Map<string, KnownCaGroup>();
  for (const [key, slot] of byName) {
    const g = group(slot.name, slot.brand, slot.certs, slot.since);
    caByName.set(key, g);
    const skeleton = skeletonKey(slot.name);
    if (skeleton.length >= MIN_SKELETON_LENGTH) caBySkeleton.set(skeleton, g);
    const tokens = tokenKey(slot.name);
    if (tokens.includes(' ')) caByTokens.set(tokens, g);
  }
  const genuine = new Set<string>(genuineCaNames.map(exactKey));
  for (const g of caByName.values()) {
    genuine.add(exactKey(g.name));
    for (const c of g.certs) genuine.add(exactKey(c.issuerName));
  }
  let nameModel: NameModel | undefined;
  try {
    nameModel = extras.nameModel === undefined ? undefined : parseNameModel(extras.nameModel);
  } catch (e) {
    throw new ReferenceDataError(REFERENCE_FILES.nameModel, '(root)', (e as Error).message);
  }
  const families = extras.nameFamilies === undefined ? [] : nameFamilies(extras.nameFamilies);
  return {
    caByName, caBySkeleton, caByTokens, genuineCaNames: genuine, brands, brandKeys: brandKeys(brands), tools, nameModel, nameFamilies: families,
    ...(extras.issuerKeys ? { issuerKeys: extras.issuerKeys } : {}),
  };
}

/** No reference data: identity and tool-default detectors stay silent. */
export const EMPTY_REFERENCE: ReferenceData = {
  caByName: new Map(), caBySkeleton: new Map(), caByTokens: new Map(), genuineCaNames: new Set(), brands: [],
  brandKeys: { words: [], mentions: [], labels: new Map(), domains: new Map() }, tools: [], nameFamilies: [],
};
