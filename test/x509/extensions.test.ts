/**
 * certhound decodes extensions with its own bounded DER walk; @peculiar/x509 (the design card's parser) is the
 * independent reference here, over the Mozilla roots bundled with Node, the genuine CAs and every corpus certificate.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import * as px from '@peculiar/x509';
import { extract } from '../../src/pipeline/extract';
import { certFacts } from '../../src/x509/cert-facts';
import { EXTENDED_KEY_USAGE_NAMES, KEY_USAGE_NAMES, oidName } from '../../src/x509/consts';
import type { CertFacts } from '../../src/x509/types';

const CORPUS = path.join(__dirname, '../../../shared/corpus');

/** The facts @peculiar/x509 gives for the same extensions, in certhound's shape. */
const OTHER_KIND: Record<string, string> = { dn: 'dirName', upn: 'otherName', guid: 'otherName', id: 'registeredID' };

function peculiarFacts(der: Buffer): Partial<CertFacts> {
  const cert = new px.X509Certificate(new Uint8Array(der));
  const out: Record<string, unknown> = { keyUsage: [], extendedKeyUsage: [], san: { dns: [], ip: [], email: [], uri: [] }, aia: { ocsp: [], caIssuers: [] }, policies: [] };
  for (const ext of cert.extensions) {
    if (ext instanceof px.BasicConstraintsExtension) out.basicConstraints = { ca: ext.ca, critical: ext.critical, ...(ext.pathLength !== undefined ? { pathLength: ext.pathLength } : {}) };
    else if (ext instanceof px.KeyUsagesExtension) out.keyUsage = KEY_USAGE_NAMES.filter((_, bit) => (ext.usages & (1 << bit)) !== 0);
    else if (ext instanceof px.ExtendedKeyUsageExtension) out.extendedKeyUsage = ext.usages.map((u) => oidName(EXTENDED_KEY_USAGE_NAMES, String(u)));
    else if (ext instanceof px.SubjectKeyIdentifierExtension) out.subjectKeyId = ext.keyId.toLowerCase();
    else if (ext instanceof px.AuthorityKeyIdentifierExtension) { if (ext.keyId) out.authorityKeyId = ext.keyId.toLowerCase(); }
    else if (ext instanceof px.SubjectAlternativeNameExtension) {
      const names = ext.names.items;
      out.san = {
        dns: names.filter((n) => n.type === 'dns').map((n) => n.value),
        ip: names.filter((n) => n.type === 'ip' && !n.value.includes(':')).map((n) => n.value),
        email: names.filter((n) => n.type === 'email').map((n) => n.value),
        uri: names.filter((n) => n.type === 'url').map((n) => n.value),
      };
      // the other kinds by kind (their text is ours to choose): dn, and otherName as @peculiar reads it (upn, guid, other)
      const other = names.filter((n) => OTHER_KIND[n.type]).map((n) => OTHER_KIND[n.type]);
      if (other.length > 0) (out.san as Record<string, unknown>).other = other;
    } else if (ext instanceof px.AuthorityInfoAccessExtension) out.aia = { ocsp: ext.ocsp.map((g) => g.value), caIssuers: ext.caIssuers.map((g) => g.value) };
    else if (ext instanceof px.CertificatePolicyExtension) out.policies = [...ext.policies];
  }
  return out as Partial<CertFacts>;
}

function ours(der: Buffer): Partial<CertFacts> {
  const f = certFacts(der);
  return {
    keyUsage: f.keyUsage, extendedKeyUsage: f.extendedKeyUsage, aia: f.aia, policies: f.policies,
    san: { ...f.san, ip: f.san.ip.filter((ip) => !ip.includes(':')), ...(f.san.other ? { other: f.san.other.map((o) => o.slice(0, o.indexOf(':'))) } : {}) },
    ...(f.basicConstraints ? { basicConstraints: f.basicConstraints } : {}),
    ...(f.subjectKeyId ? { subjectKeyId: f.subjectKeyId } : {}),
    ...(f.authorityKeyId ? { authorityKeyId: f.authorityKeyId } : {}),
  };
}

const corpusDers: Buffer[] = [];
beforeAll(async () => {
  const seen = new Set<string>();
  const files = fs.readdirSync(path.join(CORPUS, 'pcap')).map((f) => path.join(CORPUS, 'pcap', f));
  await extract(files, {
    onHandshake: (h) => {
      for (const c of [...h.serverChain.certs, ...h.clientChain.certs]) if (c.der && !seen.has(c.sha256)) { seen.add(c.sha256); corpusDers.push(c.der); }
    },
    onProblem: () => undefined,
  });
});

describe('extension facts agree with @peculiar/x509', () => {
  it('on every Mozilla root bundled with Node', () => {
    for (const pem of rootCertificates) {
      const der = new NodeX509(pem).raw;
      expect(ours(der)).toEqual(peculiarFacts(der));
    }
  });

  it('on every corpus certificate @peculiar/x509 can read', () => {
    let compared = 0;
    for (const der of corpusDers) {
      let reference: Partial<CertFacts>;
      try { reference = peculiarFacts(der); } catch { continue; }
      if (certFacts(der).unreadableExtensions) continue;
      expect({ sha256: certFacts(der).sha256, ...ours(der) }).toEqual({ sha256: certFacts(der).sha256, ...reference });
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('damaged extensions', () => {
  it('a malformed extension value is reported unreadable and the others survive', () => {
    const der = Buffer.from(new NodeX509(rootCertificates[0]).raw);
    const f = certFacts(der);
    // Corrupt the basicConstraints value's inner SEQUENCE tag (2.5.29.19 = 06 03 55 1d 13).
    const at = der.indexOf(Buffer.from('0603551d13', 'hex'));
    const valueTag = der.indexOf(0x30, at + 5);
    der[valueTag] = 0x31;
    const g = certFacts(der);
    expect(g.unreadableExtensions).toEqual(['2.5.29.19']);
    expect(g.basicConstraints).toBeUndefined();
    expect(g.subjectKeyId).toBe(f.subjectKeyId);
    expect(g.keyUsage).toEqual(f.keyUsage);
  });
});
