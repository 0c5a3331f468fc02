/**
 * The shipped reference data (baselines/reference/brands.json, c2-defaults.json) against its sources: every genuine
 * CA entry is recomputed from its PEM in ../shared/corpus/genuine-cas/ with the x509 stage's certFacts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseReferenceData, ReferenceDataError } from '../../src/detect/reference/reference-data';
import { exactKey, skeletonKey, tokenKey } from '../../src/detect/reference/name-keys';
import { GENUINE_CAS_DIR, genuineCa, shippedReference } from '../helpers/detect-certs';

const dir = path.join(__dirname, '../../baselines/reference');
const brandsJson = JSON.parse(fs.readFileSync(path.join(dir, 'brands.json'), 'utf8'));
const c2Json = JSON.parse(fs.readFileSync(path.join(dir, 'c2-defaults.json'), 'utf8'));

describe('brands.json knownCas', () => {
  const pems = fs.readdirSync(GENUINE_CAS_DIR).filter((f) => f.endsWith('.pem')).sort();

  it('has one entry per corpus PEM', () => {
    const files = brandsJson.knownCas.map((k: { source: { corpusFile: string } }) => k.source.corpusFile.replace('genuine-cas/', '')).sort();
    expect(files).toEqual(pems);
  });

  it.each(pems)('%s: fingerprints, key and key ids match the certificate', (file) => {
    const facts = genuineCa(file);
    const entry = brandsJson.knownCas.find((k: { source: { corpusFile: string } }) => k.source.corpusFile === `genuine-cas/${file}`);
    expect(entry.sha256).toBe(facts.sha256);
    expect(entry.sha1).toBe(facts.sha1);
    expect(entry.spkiSha256).toBe(facts.spkiSha256);
    expect(entry.subjectKeyId).toBe(facts.subjectKeyId?.toLowerCase());
    expect(entry.authorityKeyId).toBe(facts.authorityKeyId?.toLowerCase());
    expect(entry.name).toBe(facts.subject.commonName);
    expect(entry.issuerName).toBe(facts.issuer.commonName);
    expect(Date.parse(entry.notAfter)).toBe(Date.parse(facts.notAfter));
    expect(entry.selfIssued).toBe(facts.selfIssued);
  });

  it('matches the genuine-cas README for Microsoft IT TLS CA 5 (SHA-1 AD898AC7…79B7, expired 2024-05-20)', () => {
    const entry = brandsJson.knownCas.find((k: { name: string }) => k.name === 'Microsoft IT TLS CA 5');
    expect(entry.sha1).toBe('ad898ac73df333eb60ac1f5fc6c4b2219ddb79b7');
    expect(entry.notAfter).toBe('2024-05-20T12:53:03Z');
  });
});

describe('c2-defaults.json', () => {
  it('cites a source for every tool default and parses', () => {
    const ref = shippedReference();
    expect(ref.tools.length).toBe(c2Json.tools.length);
    for (const t of ref.tools) expect(t.sources.length).toBeGreaterThan(0);
    expect(new Set(ref.tools.map((t) => t.id)).size).toBe(ref.tools.length);
  });
});

describe('parseReferenceData', () => {
  it('groups cross-signs under one name and indexes skeletons and word order', () => {
    const ref = shippedReference();
    const e5 = ref.caByName.get(exactKey('E5'))!;
    expect(e5.certs.length).toBe(2); // ISRG Root X2-issued and X1 cross-sign
    expect(e5.spkiSha256s.size).toBe(1); // a cross-sign keeps the key
    expect(ref.caBySkeleton.get(skeletonKey('Micros0ft IT TLS CA 5'))?.name).toBe('Microsoft IT TLS CA 5');
    expect(ref.caByTokens.get(tokenKey('TLS Microsoft IT CA 5'))?.name).toBe('Microsoft IT TLS CA 5');
    expect(ref.caBySkeleton.has(skeletonKey('R3'))).toBe(false); // too short to compare by skeleton
  });

  it('names the offending key on bad data', () => {
    const bad = { ...c2Json, tools: [{ ...c2Json.tools[0], severity: 'severe' }] };
    expect(() => parseReferenceData(brandsJson, bad)).toThrow(ReferenceDataError);
    expect(() => parseReferenceData(brandsJson, bad)).toThrow(/tools\[0\]\.severity/);
    const noSource = { ...c2Json, tools: [{ ...c2Json.tools[0], sources: [] }] };
    expect(() => parseReferenceData(brandsJson, noSource)).toThrow(/tools\[0\]\.sources/);
    const noSha = { ...brandsJson, knownCas: [{ ...brandsJson.knownCas[0], sha256: 5 }] };
    expect(() => parseReferenceData(noSha, c2Json)).toThrow(/knownCas\[0\]\.sha256/);
  });
});
