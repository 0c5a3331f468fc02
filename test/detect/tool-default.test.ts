/**
 * tool-default against certificates shaped like each tool's default, made in the test (facts and sources:
 * baselines/reference/c2-defaults.json and DETECT-DATA.md), and an ordinary certificate.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import type { Signal } from '../../src/detect/types';
import { certFacts } from '../../src/x509/cert-facts';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, leafExtensions, letsEncryptStyleChain, makeCert, opensslCert, rsaKey, shippedReference, type Rdn } from '../helpers/detect-certs';

const reference = shippedReference();
const AT = '2025-06-01T00:00:00Z';
const CS_DN: Rdn[] = [['C', 'Earth'], ['ST', 'Cyberspace'], ['L', 'Somewhere'], ['O', 'cobaltstrike'], ['OU', 'AdvancedPenTesting'], ['CN', 'Major Cobalt Strike']];

function signal(id: string, facts: CertFacts, at = AT): Signal | undefined {
  const chain = [facts];
  const f = evaluateCertificate(facts, chain, anchorTrust([])(chain, new Date(at)), DEFAULT_CONFIG, new Date(at), reference);
  return f.signals.find((s) => s.id === id);
}

function toolSignal(facts: CertFacts, at = AT): Signal | undefined {
  return signal('tool-default', facts, at);
}

const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2035-05-01T00:00:00Z' };

describe('tool-default: C2 frameworks', () => {
  it('a Cobalt-Strike-shaped keytool certificate: default DN, serial 146473198, SKI as the only extension', () => {
    const facts = makeCert({ subject: CS_DN, serial: '08bb00ee', extensions: [{ name: 'subjectKeyIdentifier' }], ...dates }).facts;
    expect(parseInt(facts.serial, 16)).toBe(146473198);
    const s = toolSignal(facts)!;
    expect(s.severity).toBe('critical');
    expect(s.evidence.matches).toEqual(['cobalt-strike-keystore', 'cobalt-strike-keystore-dn', 'cobalt-strike-default-serial']);
    expect(s.evidence.tools).toEqual(['Cobalt Strike']);
    expect(s.reason).toMatch(/Cobalt Strike default/);
    // keytool's extension shape is the developer detector's, and says it is not attack evidence on its own.
    expect(signal('developer-default', facts)?.evidence.matches).toEqual(['java-keytool-shape']);
  });

  const keytool = spawnSync('keytool', ['-help']).status === 0;
  (keytool ? it : it.skip)('a real `keytool -genkeypair` certificate has the same extension shape', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certhound-keytool-'));
    try {
      execFileSync('keytool', ['-genkeypair', '-keystore', path.join(dir, 'ks.p12'), '-storepass', '123456', '-keypass', '123456', '-alias', 'cs',
        '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-dname', 'CN=Major Cobalt Strike, OU=AdvancedPenTesting, O=cobaltstrike, L=Somewhere, ST=Cyberspace, C=Earth'], { stdio: 'pipe' });
      const der = execFileSync('keytool', ['-exportcert', '-keystore', path.join(dir, 'ks.p12'), '-storepass', '123456', '-alias', 'cs'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const facts = certFacts(der, { keepDer: true });
      const at = new Date(Date.parse(facts.notBefore) + 86_400_000).toISOString();
      expect(toolSignal(facts, at)!.evidence.matches).toEqual(['cobalt-strike-keystore-dn']);
      expect(signal('developer-default', facts, at)!.evidence.matches).toEqual(['java-keytool-shape']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Metasploit's Rex shape: random issuer, but signed by the certificate's own key", () => {
    const subject: Rdn[] = [['C', 'US'], ['ST', 'TX'], ['L', 'Qzmwlhte'], ['O', 'Vkbreaj'], ['CN', 'uhjqwtml.example']];
    const issuerName: Rdn[] = [['C', 'US'], ['O', 'Xmfdwq'], ['CN', 'Jrtdi Wqlk']];
    const rexDates = { notBefore: '2023-05-01T00:00:00Z', notAfter: '2029-04-29T00:00:00Z' }; // 6 x 365 days, as rand(4..9) years
    const own = makeCert({ subject, issuerName, key: rsaKey(2048, 65537, 30), serial: '5a17c0de33aa0b19', extensions: [{ name: 'basicConstraints', cA: false }], ...rexDates }).facts;
    expect(toolSignal(own)?.evidence.matches).toEqual(['metasploit-rex-random-issuer']);
    expect(toolSignal(own)?.severity).toBe('critical');
    // Same names, but an issuer's key signed it: an ordinary issued certificate, not the Rex shape.
    const issued = makeCert({ subject, issuerName, key: rsaKey(2048, 65537, 30), signWith: rsaKey(2048, 65537, 31), serial: '5a17c0de33aa0b19', extensions: [{ name: 'basicConstraints', cA: false }], ...rexDates }).facts;
    expect(toolSignal(issued)).toBeUndefined();
  });

  it('Covenant, PoshC2, Sliver operators and Empire DNs', () => {
    const cases: Array<[Rdn[], Rdn[] | undefined, string]> = [
      [[['CN', 'Covenant']], undefined, 'covenant-default'],
      [[['C', 'US'], ['ST', 'Minnesota'], ['L', 'Minnetonka'], ['O', 'Pajfds'], ['OU', 'Jethpro'], ['CN', 'P18055077']], undefined, 'poshc2-dn'],
      [[['C', 'US']], undefined, 'empire-subj-c-us'],
    ];
    for (const [subject, issuerName, id] of cases) {
      const facts = makeCert({ subject, issuerName, signWith: issuerName ? rsaKey(2048, 65537, 32) : undefined, ...dates }).facts;
      expect({ id, matches: toolSignal(facts)?.evidence.matches }).toEqual({ id, matches: [id] });
    }
  });

  it("Sliver's empty issuer", () => {
    const facts = makeCert({ subject: [['CN', '203.0.113.7']], issuerName: [['O', '']], signWith: rsaKey(2048, 65537, 33), ...dates }).facts;
    const s = toolSignal(facts)!;
    expect(s.evidence.matches).toEqual(['sliver-empty-issuer']);
    expect(s.evidence.tools).toEqual(['Sliver']);
    expect(s.severity).toBe('high');
  });

  it("Mythic's self-signed ECDSA P-384 'O=Mythic C2' (made with openssl: node-forge has no EC)", () => {
    const der = opensslCert(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-subj', '/O=Mythic C2', '-days', '365']);
    const facts = certFacts(der, { keepDer: true });
    expect(facts.publicKey.curve).toBe('P-384');
    expect(toolSignal(facts, new Date(Date.parse(facts.notBefore) + 3_600_000).toISOString())?.evidence.matches).toEqual(['mythic-http-profile']);
  });
});

describe('tool-default: certificate tools', () => {
  it("makecert's 'Joe's-Software-Emporium' issued by 'Root Agency' is a developer default at low, not a tool default", () => {
    const facts = makeCert({ subject: [['CN', "Joe's-Software-Emporium"]], issuerName: [['CN', 'Root Agency']], signWith: rsaKey(2048, 65537, 34), ...dates }).facts;
    expect(toolSignal(facts)).toBeUndefined();
    const s = signal('developer-default', facts)!;
    expect(s.evidence.matches).toEqual(['makecert-root-agency', 'makecert-default-subject']);
    expect(s.severity).toBe('low');
    expect(s.reason).toMatch(/makecert.*not attack evidence on its own/);
  });
});

describe('tool-default: negatives', () => {
  it('an ordinary CA-issued leaf and a self-signed certificate with chosen names match nothing', () => {
    const { leaf } = letsEncryptStyleChain();
    expect(toolSignal(leaf.facts)).toBeUndefined();
    const custom = makeCert({ subject: [['C', 'DE'], ['O', 'Beispiel GmbH'], ['CN', 'intranet.beispiel.de']], extensions: leafExtensions(['intranet.beispiel.de']), ...dates }).facts;
    expect(toolSignal(custom)).toBeUndefined();
  });

  it('the Cobalt Strike DN with one field changed and another serial is not Cobalt Strike', () => {
    const facts = makeCert({ subject: CS_DN.map(([t, v]) => [t, t === 'O' ? 'contoso' : v] as Rdn), serial: '1234', ...dates }).facts;
    expect(toolSignal(facts)).toBeUndefined();
  });
});
