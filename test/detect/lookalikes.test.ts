/**
 * Look-alikes that survive encoding (punycode, confusables, digits for letters, swapped TLDs, brand plus a word),
 * control characters inside names (the null-prefix attack), a leaf that names a known CA as issuer with another
 * authority key id, and genuine CA names that must never read as copies of each other.
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { lookalikeName } from '../../src/detect/reference/brand-match';
import { editDistance, hostLookalike } from '../../src/detect/reference/host-lookalike';
import { displayHost, leetKey, skeletonKey } from '../../src/detect/reference/name-keys';
import type { Finding, Signal, TrustResult } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, leafExtensions, makeCert, rsaKey, shippedReference } from '../helpers/detect-certs';

const reference = shippedReference();
const AT = '2025-06-01T00:00:00Z';
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2025-08-01T00:00:00Z' };

function judge(facts: CertFacts, trust?: TrustResult): Finding {
  const chain = [facts];
  return evaluateCertificate(facts, chain, trust ?? anchorTrust([])(chain, new Date(AT)), DEFAULT_CONFIG, new Date(AT), reference);
}

function impersonation(facts: CertFacts, trust?: TrustResult): Signal | undefined {
  return judge(facts, trust).signals.find((s) => s.id === 'impersonates-known-ca');
}

function selfSignedLeaf(host: string): CertFacts {
  return makeCert({ subject: [['CN', host]], key: rsaKey(2048, 65537, 40), extensions: leafExtensions([host]), ...dates }).facts;
}

const TRUSTED: TrustResult = { verdict: 'trusted', reason: 'chains to a test root' };

describe('keys: UTS #39 skeletons', () => {
  it('fold look-alike characters, case and i/l, but keep digits that name different CAs', () => {
    expect(skeletonKey('Micros0ft')).toBe(skeletonKey('MICROSOFT'));
    expect(skeletonKey('Mіcrosoft')).toBe(skeletonKey('Microsoft')); // Cyrillic і
    expect(skeletonKey('rnicrosoft')).toBe(skeletonKey('microsoft')); // UTS #39 reads m as rn
    expect(skeletonKey('COMODO ECC Domain Validation Secure Server CA 2')).not.toBe(skeletonKey('COMODO ECC Domain Validation Secure Server CA'));
    expect(leetKey('paypa1')).toBe(leetKey('paypal'));
    expect(leetKey('4mazon')).toBe(leetKey('amazon'));
  });

  it('decode punycode before judging a host', () => {
    expect(displayHost('XN--PYPAL-4VE.com.')).toBe('p\u0430ypal.com');
    expect(displayHost('*.example.org')).toBe('example.org');
  });

  it('count typos as edits and adjacent swaps', () => {
    expect(editDistance('mamzon', 'amazon', 2)).toBe(2);
    expect(editDistance('amzaon', 'amazon', 2)).toBe(1);
    expect(editDistance('microsoft', 'amazon', 2)).toBe(3);
  });
});

describe('genuine CA names are never look-alikes of each other', () => {
  it("the genuine Sectigo 'COMODO ECC Domain Validation Secure Server CA 2' is not a copy of '... CA'", () => {
    expect(lookalikeName('COMODO ECC Domain Validation Secure Server CA 2', reference)).toBeNull();
    const leaf = makeCert({
      subject: [['CN', 'sni.cloudflaressl.com']], issuerName: [['C', 'GB'], ['ST', 'Greater Manchester'], ['L', 'Salford'], ['O', 'COMODO CA Limited'], ['CN', 'COMODO ECC Domain Validation Secure Server CA 2']],
      signWith: rsaKey(2048, 65537, 41), extensions: leafExtensions(['sni.cloudflaressl.com']), ...dates,
    }).facts;
    expect(impersonation(leaf, TRUSTED)).toBeUndefined();
    // Cloudflare's own sni.cloudflaressl.com glues the brand to a word: on a trusted chain that is no look-alike.
    expect(impersonation(selfSignedLeaf('sni.cloudflaressl.com'), TRUSTED)).toBeUndefined();
    expect(impersonation(selfSignedLeaf('sni.cloudflaressl.com'))?.severity).toBe('high');
  });

  it("every root of Node's store is genuine, so none reads as a look-alike", () => {
    for (const name of ['GTS Root R2', 'GTS Root R4', 'DigiCert Global Root G3', 'ISRG Root X2', 'Microsoft RSA Root Certificate Authority 2017']) {
      expect({ name, look: lookalikeName(name, reference) }).toEqual({ name, look: null });
    }
  });

  it('still catches a forged name: Micros0ft IT TLS CA 5', () => {
    expect(lookalikeName('Micros0ft IT TLS CA 5', reference)).toEqual({ kind: 'look-alike characters', target: 'Microsoft IT TLS CA 5' });
  });
});

describe('host names that imitate a brand', () => {
  it("the IDN homograph xn--pypal-4ve.com (Cyrillic 'а') on a self-signed leaf is high and names PayPal", () => {
    const s = impersonation(selfSignedLeaf('xn--pypal-4ve.com'))!;
    expect(s.severity).toBe('high');
    expect(s.reason).toBe('host name xn--pypal-4ve.com (p\u0430ypal.com) imitates PayPal domain paypal.com (look-alike characters)');
  });

  it('the typo and TLD swap mamzon.ru is high', () => {
    const s = impersonation(selfSignedLeaf('mamzon.ru'))!;
    expect(s.severity).toBe('high');
    expect(s.evidence).toMatchObject({ brand: 'Amazon', kind: 'typo', imitates: 'amazon.com' });
  });

  it('a swapped TLD, a brand plus a word, and digits for letters', () => {
    expect(hostLookalike('amazon.ru', reference)).toMatchObject({ kind: 'tld-swap', brand: 'Amazon' });
    expect(hostLookalike('paypal-secure-login.net', reference)).toMatchObject({ kind: 'brand-plus-word', brand: 'PayPal' });
    expect(hostLookalike('www.paypal.com.account-verify.example', reference)).toMatchObject({ kind: 'brand-plus-word', brand: 'PayPal' });
    expect(hostLookalike('microsoftsupport.example', reference)).toMatchObject({ kind: 'brand-plus-word', brand: 'Microsoft' });
    expect(hostLookalike('paypa1.com', reference)).toMatchObject({ kind: 'homograph', brand: 'PayPal' });
  });

  it("the brands' own domains and ordinary names are left alone", () => {
    for (const host of ['www.paypal.com', 'login.microsoftonline.com', 'xn--bcher-kva.example', 'pineapple.example', 'mail.example.com', 'apply.example.org', '203.0.113.5']) {
      expect({ host, hit: hostLookalike(host, reference) }).toEqual({ host, hit: null });
    }
  });

  it('on a trusted chain a homograph is medium; typos and brand-plus-word domains only low; short links of the brand nothing', () => {
    expect(impersonation(selfSignedLeaf('xn--pypal-4ve.com'), TRUSTED)?.severity).toBe('medium');
    expect(impersonation(selfSignedLeaf('paypal-rewards.example'), TRUSTED)?.severity).toBe('low');
    expect(impersonation(selfSignedLeaf('mamzon.ru'), TRUSTED)?.severity).toBe('low');
    expect(impersonation(selfSignedLeaf('youtu.be'), TRUSTED)).toBeUndefined(); // Google's own short domain
  });
});

describe('control characters inside names', () => {
  it('a SAN with an embedded NUL (null-prefix attack) is high, and the reason shows what a C client reads', () => {
    const facts = makeCert({ subject: [['CN', 'example.org']], key: rsaKey(2048, 65537, 42), extensions: leafExtensions(['www.paypal.com\u0000.evil.example']), ...dates }).facts;
    expect(facts.san.dns[0]).toContain('\u0000');
    const s = impersonation(facts)!;
    expect(s.severity).toBe('high');
    expect(s.reason).toContain("SAN dNSName 'www.paypal.com\\u0000.evil.example' hides a control character (NUL: a client that stops there reads 'www.paypal.com')");
  });

  it("an issuer CN with a NUL ('Microsoft RSA TL\\0 CA 01', as in suricata-verify's tls-issuer-zero) is high", () => {
    const facts = makeCert({
      subject: [['CN', 'go.microsoft.example']], issuerName: [['O', 'Microsoft Corporation'], ['CN', 'Microsoft RSA TL\u0000 CA 01']], signWith: rsaKey(2048, 65537, 45), ...dates,
    }).facts;
    expect(impersonation(facts)?.reason).toMatch(/^issuer CN 'Microsoft RSA TL\\u0000 CA 01' hides a control character/);
  });

  it('a CN with a line feed is high; an ordinary CN is not flagged', () => {
    const cn = makeCert({ subject: [['CN', 'portal.example.org\nX-Injected: 1']], key: rsaKey(2048, 65537, 43), ...dates }).facts;
    expect(impersonation(cn)?.reason).toMatch(/subject CN .* hides a control character/);
    expect(impersonation(selfSignedLeaf('portal.example.org'))).toBeUndefined();
  });
});

describe("a leaf that names a known CA as issuer with another CA's key", () => {
  const gts: Array<[string, string]> = [['C', 'US'], ['O', 'Google Trust Services LLC'], ['CN', 'GTS CA 1C3']];

  function gtsLeaf(aki: string): CertFacts {
    return makeCert({
      subject: [['CN', 'www.example.org']], issuerName: gts, signWith: rsaKey(2048, 65537, 44),
      extensions: [...leafExtensions(['www.example.org']), { name: 'authorityKeyIdentifier', keyIdentifier: Buffer.from(aki, 'hex').toString('binary') }], ...dates,
    }).facts;
  }

  it("'GTS CA 1C3' with an authority key id that is not Google's, intermediate not presented: high impersonation", () => {
    const facts = gtsLeaf('0102030405060708090a0b0c0d0e0f1011121314');
    const f = judge(facts, { verdict: 'incomplete', reason: "issuer 'GTS CA 1C3' not presented" });
    const s = f.signals.find((x) => x.id === 'impersonates-known-ca')!;
    expect(s.severity).toBe('high');
    expect(s.reason).toBe("claims issuer 'GTS CA 1C3', which it was served without, but its signature does not verify under the genuine 'GTS CA 1C3' key (genuine-cas/gts_ca_1c3.pem)");
    expect(['high', 'critical']).toContain(f.severity);
  });

  it("Google's own key id copied onto a leaf Google did not sign is high too: the signature is checked, not the key id", () => {
    const facts = gtsLeaf('8a747faf85cdee95cd3d9cd0e24614f371351d27');
    const s = impersonation(facts, { verdict: 'incomplete', reason: "issuer 'GTS CA 1C3' not presented" })!;
    expect(s.severity).toBe('high');
    expect(s.reason).toMatch(/^claims issuer 'GTS CA 1C3', which it was served without, but its signature does not verify/);
  });
});
