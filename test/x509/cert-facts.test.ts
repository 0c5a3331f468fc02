import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { certFacts } from '../../src/x509/cert-facts';
import { ja4x, ja4xRaw } from '../../src/x509/ja4x';
import { shippedRemovedRoots } from '../../src/x509/removed-roots';
import { makeCert, makeWorkDir, pemToDer, type MadeCert } from '../helpers/x509-openssl';

const GENUINE = path.join(__dirname, '../../../shared/corpus/genuine-cas');

/** What `openssl x509` prints for a certificate, with the options the corpus oracle used (corpus README). */
function openssl(certPath: string): { subject: string; issuer: string; serial: string } {
  const out = execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-subject', '-issuer', '-serial', '-nameopt', 'RFC2253,-esc_msb'])
    .toString('utf8');
  const get = (k: string): string => (out.split('\n').find((l) => l.startsWith(k + '=')) ?? '').slice(k.length + 1);
  return { subject: get('subject'), issuer: get('issuer'), serial: get('serial') };
}

describe('genuine CA certificates (shared/corpus/genuine-cas/README.md table)', () => {
  const readme = fs.readFileSync(path.join(GENUINE, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((l) => /^\| [a-z0-9_]+\.pem \|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
  it('lists every stored PEM', () => {
    expect(rows.length).toBe(fs.readdirSync(GENUINE).filter((f) => f.endsWith('.pem')).length);
  });
  it.each(rows.map((r) => [r[1], r]))('%s', (_file, r) => {
    const [, file, subjectCn, issuerCn, serial, validity, sha1, sha256] = r as string[];
    const f = certFacts(pemToDer(fs.readFileSync(path.join(GENUINE, file), 'utf8')));
    const [from, to] = validity.split('->').map((d) => new Date(d.trim()).toISOString().replace('.000Z', 'Z'));
    expect(f).toMatchObject({
      parsed: true, serial, sha1: sha1.toLowerCase(), sha256: sha256.toLowerCase(), notBefore: from, notAfter: to,
      subject: { commonName: subjectCn }, issuer: { commonName: issuerCn },
    });
    expect(f.basicConstraints?.ca).toBe(true);
    expect(f.selfIssued).toBe(subjectCn === issuerCn);
    if (f.selfIssued) expect(f.selfSignatureValid).toBe(true);
  });
});

describe('certificates made with openssl (fixed dates)', () => {
  const dir = makeWorkDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let ca: MadeCert;
  let leaf: MadeCert;
  let ec: MadeCert;
  beforeAll(() => {
    ca = makeCert(dir, {
      key: 'rsa:1024', subject: '/C=US/O=Test Root\\, Inc./CN=Test Root 1024', startDate: '20200101000000Z',
      endDate: '20400101000000Z', serial: '00FF01', extensions: ['basicConstraints = critical,CA:TRUE,pathlen:1',
        'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash'],
    });
    leaf = makeCert(dir, {
      key: 'rsa:2048', issuer: ca, subject: '/C=DE/ST=Berlin/O=#Hash\\+Plus;Semi <x>/OU=a+CN=multi.example/CN= spaced ',
      startDate: '20210305123456Z', endDate: '20220305123456Z', serial: '0A0B0C0D0E0F1011',
      extensions: ['basicConstraints = critical,CA:FALSE', 'keyUsage = digitalSignature,keyEncipherment',
        'extendedKeyUsage = serverAuth,clientAuth', 'subjectAltName = DNS:www.example.test,DNS:*.example.test,IP:192.0.2.7,IP:2001:db8::1,email:ops@example.test,URI:https://example.test/x',
        'authorityKeyIdentifier = keyid', 'subjectKeyIdentifier = hash',
        'authorityInfoAccess = OCSP;URI:http://ocsp.example.test,caIssuers;URI:http://ca.example.test/ca.crt',
        'certificatePolicies = 2.23.140.1.2.1,1.3.6.1.4.1.99999.1'],
    });
    ec = makeCert(dir, {
      key: 'ec:P-256', subject: '/CN=ec.example/C=US/ST=CA/O=Ex', startDate: '19690101000000Z', endDate: '20500101000000Z',
      serial: '01', extensions: ['keyUsage = digitalSignature', 'extendedKeyUsage = serverAuth', 'subjectAltName = DNS:ec.example',
        'subjectKeyIdentifier = none'],
    });
  });

  it('reads names, serial and validity exactly as openssl -nameopt RFC2253,-esc_msb prints them', () => {
    for (const c of [ca, leaf, ec]) {
      const f = certFacts(c.der);
      const o = openssl(c.certPath);
      expect([f.subject.rfc4514, f.issuer.rfc4514, f.serial]).toEqual([o.subject, o.issuer, o.serial]);
    }
    expect(certFacts(leaf.der).subject.rfc4514).toBe('CN=\\ spaced\\ ,CN=multi.example+OU=a,O=\\#Hash\\+Plus\\;Semi \\<x\\>,ST=Berlin,C=DE');
  });

  it('reads a 2048-bit RSA leaf with SAN, EKU, key usage, AIA and policies', () => {
    const f = certFacts(leaf.der);
    const caFacts = certFacts(ca.der);
    expect(f).toMatchObject({
      parsed: true, version: 3, serial: '0A0B0C0D0E0F1011', notBefore: '2021-03-05T12:34:56Z', notAfter: '2022-03-05T12:34:56Z',
      publicKey: { type: 'rsa', bits: 2048, rsaExponent: 65537, algorithmOid: '1.2.840.113549.1.1.1' },
      signatureAlgorithm: { oid: '1.2.840.113549.1.1.11', name: 'sha256WithRSAEncryption' },
      san: { dns: ['www.example.test', '*.example.test'], ip: ['192.0.2.7', '2001:db8::1'], email: ['ops@example.test'], uri: ['https://example.test/x'] },
      basicConstraints: { ca: false, critical: true }, keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth', 'clientAuth'], authorityKeyId: caFacts.subjectKeyId,
      aia: { ocsp: ['http://ocsp.example.test'], caIssuers: ['http://ca.example.test/ca.crt'] },
      policies: ['2.23.140.1.2.1', '1.3.6.1.4.1.99999.1'], selfIssued: false,
      subject: { commonName: 'multi.example' }, issuer: { commonName: 'Test Root 1024', rfc4514: 'CN=Test Root 1024,O=Test Root\\, Inc.,C=US' },
    });
    expect(f.selfSignatureValid).toBeUndefined();
    const spki = execFileSync('sh', ['-c', `openssl x509 -in ${leaf.certPath} -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r`]);
    expect(f.spkiSha256).toBe(spki.toString().split(' ')[0]);
  });

  it('reads a self-signed 1024-bit RSA CA and checks its self-signature', () => {
    expect(certFacts(ca.der)).toMatchObject({
      publicKey: { type: 'rsa', bits: 1024 }, serial: 'FF01', selfIssued: true, selfSignatureValid: true,
      basicConstraints: { ca: true, pathLength: 1, critical: true }, keyUsage: ['keyCertSign', 'cRLSign'],
    });
  });

  it('reads an EC P-256 certificate with a pre-1970 UTCTime notBefore', () => {
    expect(certFacts(ec.der)).toMatchObject({
      publicKey: { type: 'ec', curve: 'P-256', bits: 256 }, notBefore: '1969-01-01T00:00:00Z', notAfter: '2050-01-01T00:00:00Z',
      signatureAlgorithm: { name: 'ecdsa-with-SHA256' }, selfIssued: true, selfSignatureValid: true,
    });
  });

  it('JA4X matches the FoxIO example (technical_details/JA4X.md: CN,C,ST,O names; keyUsage, extKeyUsage, SAN)', () => {
    // https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4X.md
    expect(ja4xRaw(ec.der)).toBe('550403,550406,550408,55040a_550403,550406,550408,55040a_551d0f,551d25,551d11');
    expect(ja4x(ec.der)).toBe('96a6439c8f5c_96a6439c8f5c_aae71e8db6d7');
    expect(certFacts(ec.der).ja4x).toBe('96a6439c8f5c_96a6439c8f5c_aae71e8db6d7');
  });

  it('JA4X of a certificate without extensions ends in twelve zeros (FoxIO rust/ja4x/src/lib.rs test_hash12)', () => {
    // ValiCert Class 2 Policy Validation Authority is an X.509 v1 root: no extensions (baselines/reference/removed-roots.json).
    const valicert = shippedRemovedRoots().find((r) => r.name === 'ValiCert Class 2 Policy Validation Authority');
    const f = certFacts(pemToDer(valicert?.pem as string));
    expect(f.version).toBe(1);
    expect(f.extensionOids).toEqual([]);
    expect(f.ja4x).toMatch(/^[0-9a-f]{12}_[0-9a-f]{12}_000000000000$/);
  });

  it('a self-signed certificate whose signature bytes are altered is self-issued but not validly self-signed', () => {
    const bad = Buffer.from(ca.der);
    bad[bad.length - 5] ^= 0xff;
    expect(certFacts(bad)).toMatchObject({ parsed: true, selfIssued: true, selfSignatureValid: false });
  });

  it('prints a NUL byte inside a name as \\00 (as the corpus shows for suricata-tls-issuer-zero.pcap)', () => {
    const der = Buffer.from(leaf.der);
    const at = der.indexOf(Buffer.from('Test Root 1024'));
    der[at + 4] = 0;
    expect(certFacts(der).issuer.rfc4514).toBe('CN=Test\\00Root 1024,O=Test Root\\, Inc.,C=US');
  });

  it('an attribute of a type OpenSSL does not know prints as #hex of its DER, as openssl does', () => {
    const der = Buffer.from(ec.der);
    // Turn the subject's ST (2.5.4.8 = 06 03 55 04 08) into 2.5.4.127, an arc with no name.
    const subjectAt = der.lastIndexOf(Buffer.from('0603550408', 'hex'));
    der[subjectAt + 4] = 0x7f;
    const file = path.join(dir, 'unknown-attr.der');
    fs.writeFileSync(file, der);
    const o = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb']).toString().trim();
    const f = certFacts(der);
    expect('subject=' + f.subject.rfc4514).toBe(o);
    expect(f.subject.rfc4514).toContain('2.5.4.127=#0C024341');
    expect(f.subject.attributes.find((a) => a.oid === '2.5.4.127')?.value).toBe('CA');
  });

  it('never throws on damaged DER and keeps what precedes the damage', () => {
    const half = leaf.der.subarray(0, Math.floor(leaf.der.length / 2));
    const f = certFacts(Buffer.from(half));
    expect(f.parsed).toBe(false);
    expect(f.serial).toBe('0A0B0C0D0E0F1011');
    expect(f.issuer.commonName).toBe('Test Root 1024');
    for (const junk of [Buffer.alloc(0), Buffer.from([0x30, 0x82, 0x05]), Buffer.from('3082ffff0000000000', 'hex'), Buffer.alloc(64, 0xff)]) {
      const j = certFacts(junk);
      expect(j.parsed).toBe(false);
      expect(j.sha256).toHaveLength(64);
    }
    for (let cut = 1; cut < ec.der.length; cut += 7) expect(() => certFacts(Buffer.from(ec.der.subarray(0, cut)))).not.toThrow();
  });
});
