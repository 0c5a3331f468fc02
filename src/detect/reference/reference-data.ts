/** Checks the shipped reference JSON and builds the look-up indexes. Pure: the caller reads the files. */
import { SEVERITIES, type Severity } from '../types';
import { compactKey, exactKey, skeletonKey, tokenKey } from './name-keys';
import type {
  Brand, BrandKeys, KnownCaCert, KnownCaGroup, KnownCaName, ReferenceData, SourceCitation, ToolDefault, ToolMatch,
} from './reference-types';

/** File names of the shipped reference data under `baselines/reference/`; the CLI reads them and calls `parseReferenceData`. */
export const REFERENCE_FILES = { brands: 'brands.json', c2Defaults: 'c2-defaults.json' } as const;

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
      const skeleton = skeletonKey(name);
      const compact = compactKey(name);
      if (skeleton.length >= MIN_BRAND_SKELETON) words.push({ brand: b.brand, skeleton, compact });
      if (compact.length >= MIN_BRAND_SKELETON) mentions.push({ brand: b.brand, compact });
    }
    for (const domain of b.domains) {
      domains.set(domain, b.brand);
      const label = domain.split('.')[0];
      const skeleton = skeletonKey(label);
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

function toolMatch(value: unknown, file: string, key: string): ToolMatch {
  const raw = record(value, file, key);
  const bool = (k: string): boolean | undefined => {
    if (raw[k] === undefined) return undefined;
    if (typeof raw[k] !== 'boolean') throw new ReferenceDataError(file, `${key}.${k}`, 'must be true or false');
    return raw[k] as boolean;
  };
  const optList = (k: string): string[] | undefined => (raw[k] === undefined ? undefined : strings(raw[k], file, `${key}.${k}`));
  const match: ToolMatch = {
    subject: stringMap(raw.subject, file, `${key}.subject`),
    subjectExactly: bool('subjectExactly'),
    issuer: stringMap(raw.issuer, file, `${key}.issuer`),
    issuerExactly: bool('issuerExactly'),
    subjectAttributeTypes: optList('subjectAttributeTypes'),
    issuerAttributeTypes: optList('issuerAttributeTypes'),
    selfIssued: bool('selfIssued'),
    issuerEmpty: bool('issuerEmpty'),
    serial: optStr(raw.serial, file, `${key}.serial`)?.toUpperCase(),
    extensionOidsExactly: optList('extensionOidsExactly'),
    signedByOwnKey: bool('signedByOwnKey'),
  };
  if (Object.values(match).every((v) => v === undefined)) throw new ReferenceDataError(file, key, 'has no condition');
  return match;
}

function toolDefault(value: unknown, file: string, key: string): ToolDefault {
  const raw = record(value, file, key);
  const severity = str(raw.severity, file, `${key}.severity`) as Severity;
  if (!SEVERITIES.includes(severity)) throw new ReferenceDataError(file, `${key}.severity`, `must be one of ${SEVERITIES.join(', ')}`);
  const sources = list(raw.sources, file, `${key}.sources`).map((s, i) => citation(s, file, `${key}.sources[${i}]`));
  if (sources.length === 0) throw new ReferenceDataError(file, `${key}.sources`, 'every fact needs a source');
  return {
    id: str(raw.id, file, `${key}.id`),
    tool: str(raw.tool, file, `${key}.tool`),
    severity,
    description: str(raw.description, file, `${key}.description`),
    match: toolMatch(raw.match, file, `${key}.match`),
    sources,
  };
}

function group(name: string, brand: string, certs: KnownCaCert[]): KnownCaGroup {
  const times = (f: (c: KnownCaCert) => string): number[] => certs.map((c) => Date.parse(f(c))).filter((t) => !Number.isNaN(t));
  const after = times((c) => c.notAfter);
  const before = times((c) => c.notBefore);
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

/** Builds the indexes from the parsed `brands.json` and `c2-defaults.json` objects. Throws `ReferenceDataError` naming the key. */
export function parseReferenceData(brandsJson: unknown, c2Json: unknown): ReferenceData {
  const B = 'brands.json';
  const C = 'c2-defaults.json';
  const brandsRaw = record(brandsJson, B, '(root)');
  const certs = list(brandsRaw.knownCas, B, 'knownCas').map((v, i) => knownCaCert(v, B, `knownCas[${i}]`));
  const names: KnownCaName[] = list(brandsRaw.knownCaNames ?? [], B, 'knownCaNames').map((v, i) => {
    const raw = record(v, B, `knownCaNames[${i}]`);
    return { name: str(raw.name, B, `knownCaNames[${i}].name`), brand: str(raw.brand, B, `knownCaNames[${i}].brand`), source: citation(raw.source, B, `knownCaNames[${i}].source`) };
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

  const byName = new Map<string, { name: string; brand: string; certs: KnownCaCert[] }>();
  for (const entry of [...certs.map((c) => ({ name: c.name, brand: c.brand, cert: c as KnownCaCert | undefined })), ...names.map((n) => ({ ...n, cert: undefined }))]) {
    const key = exactKey(entry.name);
    const slot = byName.get(key) ?? { name: entry.name, brand: entry.brand, certs: [] };
    if (entry.cert) slot.certs.push(entry.cert);
    byName.set(key, slot);
  }
  const caByName = new Map<string, KnownCaGroup>();
  const caBySkeleton = new Map<string, KnownCaGroup>();
  const caByTokens = new Map<string, KnownCaGroup>();
  for (const [key, slot] of byName) {
    const g = group(slot.name, slot.brand, slot.certs);
    caByName.set(key, g);
    const skeleton = skeletonKey(slot.name);
    if (skeleton.length >= MIN_SKELETON_LENGTH) caBySkeleton.set(skeleton, g);
    const tokens = tokenKey(slot.name);
    if (tokens.includes(' ')) caByTokens.set(tokens, g);
  }
  return { caByName, caBySkeleton, caByTokens, brands, brandKeys: brandKeys(brands), tools };
}

/** No reference data: identity and tool-default detectors stay silent. */
export const EMPTY_REFERENCE: ReferenceData = {
  caByName: new Map(), caBySkeleton: new Map(), caByTokens: new Map(), brands: [], brandKeys: { words: [], mentions: [], labels: new Map(), domains: new Map() }, tools: [],
};
