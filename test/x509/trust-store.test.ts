import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import { certFacts } from '../../src/x509/cert-facts';
import { parseRemovedRoots, shippedRemovedRoots } from '../../src/x509/removed-roots';
import { shippedBrandPrivateCas } from '../../src/x509/brand-private-cas';
import { TrustStore } from '../../src/x509/trust-store';
import { loadTrustRoots } from '../../src/pipeline/trust-roots';

const REMOVED = path.join(__dirname, '../../baselines/reference/removed-roots.json');

describe('baselines/reference/removed-roots.json', () => {
  const roots = shippedRemovedRoots();

  it.each(roots.filter((r) => r.pem).map((r) => [r.name, r]))('%s: the PEM is the certificate the record describes', (_n, r) => {
    const f = certFacts(new X509Certificate(r.pem as string).raw);
    expect(f).toMatchObject({ parsed: true, sha256: r.sha256, sha1: r.sha1, spkiSha256: r.spkiSha256, notBefore: r.notBefore, notAfter: r.notAfter });
    expect(f.subject.rfc4514).toBe(r.subject);
    expect(f.basicConstraints?.ca ?? true).toBe(true);
    // Mozilla anchored a few CAs that another CA issued (PSCProcert): an anchor need not be self-issued.
    if (f.selfIssued) expect(f.selfSignatureValid).not.toBe(false); // undefined only for MD2 (not in OpenSSL 3)
    expect(Date.parse(r.trustedUntil)).toBeLessThanOrEqual(Date.parse(r.notAfter) + 86_400_000);
  });

  it('a root Mozilla removed after this Node\'s bundle was cut keeps its removal date in the store', () => {
    const bundled = new Set(rootCertificates.map((p) => certFacts(new X509Certificate(p).raw).sha256));
    const late = roots.filter((r) => r.sha256 && bundled.has(r.sha256));
    expect(late.map((r) => r.name)).toContain('DigiCert Global Root CA'); // websites trust bit removed 2026 (Root CA Lifecycles)
    for (const r of late) expect(TrustStore.default().withFingerprint(r.sha256 as string)?.trustedUntil).toBe(Date.parse(`${r.trustedUntil}T00:00:00Z`));
  });

  it('knows roots from every era of Mozilla history, GTE CyberTrust Global Root until 2018', () => {
    const byName = new Map(roots.map((r) => [r.name, r]));
    expect(byName.get('GTE CyberTrust Global Root')?.trustedUntil).toMatch(/^2018-/);
    expect(byName.get('Go Daddy Class 2 Certification Authority')?.trustedUntil).toBe('2025-04-25');
    expect(byName.get('Certification Authority of WoSign')?.trustedUntil).toMatch(/^2017-/);
    expect(roots.length).toBeGreaterThan(150);
  });

  it('names the roots the issue asks for', () => {
    const names = roots.map((r) => r.name);
    for (const n of ['Equifax Secure Certificate Authority', 'Class 3 Public Primary Certification Authority', 'AddTrust External CA Root',
      'DST Root CA X3', 'GeoTrust Global CA', 'Thawte Premium Server CA', 'Baltimore CyberTrust Root']) expect(names).toContain(n);
  });

  it('every record cites where its removal date comes from', () => {
    const doc = JSON.parse(fs.readFileSync(REMOVED, 'utf8'));
    for (const r of doc.roots) expect(r.removalSource.length).toBeGreaterThan(20);
    for (const r of doc.roots.filter((x: { pem?: string }) => x.pem)) expect(r.pemSource).toMatchObject({ repo: expect.any(String), path: expect.any(String), commit: expect.any(String) });
  });

  it('rejects a malformed document instead of guessing', () => {
    expect(() => parseRemovedRoots({})).toThrow();
    expect(() => parseRemovedRoots({ roots: [{ name: 'x', subject: 'CN=x', notBefore: 'a', notAfter: 'b', trustedUntil: 'soon', removalConfidence: 'c', removalSource: 'd' }] })).toThrow();
  });
});

describe('TrustStore.default()', () => {
  const store = TrustStore.default();

  it('holds every bundled root and the removed ones, without duplicates', () => {
    const bundled = new Set(rootCertificates.map((p) => certFacts(new X509Certificate(p).raw).sha256));
    const removedElsewhere = shippedRemovedRoots().filter((r) => !(r.sha256 && bundled.has(r.sha256))).length;
    expect(store.size).toBe(bundled.size + removedElsewhere + shippedBrandPrivateCas().length);
  });

  it('Baltimore CyberTrust Root is not bundled with Node 20 and comes from the removed-roots list', () => {
    const baltimore = store.withFingerprint('16af57a9f676b0ab126095aa5ebadef22ab31119d644ac95cd4b93dbf3f26aeb');
    expect(baltimore?.origin).toBe('removed-root');
    expect(store.statusAt(baltimore!, new Date('2020-01-01T00:00:00Z')).ok).toBe(true);
    expect(store.statusAt(baltimore!, new Date('2025-05-13T00:00:00Z')).ok).toBe(false);
  });

  it('finds anchors by subject (case-insensitive) and by key id', () => {
    const isrg = store.withSubject('cn=isrg root x1,o=internet security research group,c=us');
    expect(isrg).toHaveLength(1);
    expect(isrg[0].origin).toBe('mozilla-bundle');
    expect(store.withSubjectKeyId(isrg[0].subjectKeyId as string)).toContain(isrg[0]);
    expect(store.statusAt(isrg[0], new Date('2010-01-01T00:00:00Z')).ok).toBe(false); // before its notBefore (2015)
  });
});

describe('TrustStore.withPrivate (--trust-roots, trust.roots, CA marks)', () => {
  const store = TrustStore.default();
  const publicPem = rootCertificates.find((p) => new X509Certificate(p).subject.includes('ISRG Root X1')) as string;

  it('leaves out an anchor that is already public: its chains stay `trusted`, not `trusted-private`', () => {
    const withPublic = store.withPrivate([{ der: new X509Certificate(publicPem).raw, source: 'system' }]);
    expect(withPublic.size).toBe(store.size);
    expect(withPublic.anchors.filter((a) => a.origin === 'private')).toEqual([]);
  });

  it('reads the operating system bundle for `system`: its public roots add nothing', () => {
    const system = loadTrustRoots(['system']);
    expect(system.length).toBeGreaterThan(50);
    expect(system[0].source).toMatch(/^system \(\/etc\//);
    const added = store.withPrivate(system).anchors.filter((a) => a.origin === 'private');
    // A root the OS ships that Node's Mozilla bundle lacks may be added; the bulk of the bundle is Mozilla's own.
    expect(added.length).toBeLessThan(system.length / 4);
  });
});
