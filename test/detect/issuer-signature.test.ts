/**
 * A leaf served without the CA it names is checked against that CA's genuine key (baselines/reference/genuine-cas/
 * and the trust store's roots): a forged signature is impersonation at high, a genuine one clears the name. The
 * genuine leaf is www.google.com from ../shared/corpus/pcap/zeek-google-cert-repeat.pcap (GTS CA 1C3), judged
 * alone as a server that left out its intermediate would present it.
 */
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import { genuineIssuerSignature } from '../../src/detect/reference/issuer-signature';
import type { CertContext, Signal, TrustResult } from '../../src/detect/types';
import { extract } from '../../src/pipeline/extract';
import { certFacts } from '../../src/x509/cert-facts';
import * as signature from '../../src/x509/signature';
import type { CertFacts } from '../../src/x509/types';
import { CORPUS_DIR } from '../helpers/corpus';
import { leafExtensions, makeCert, mozillaTrust, rsaKey, shippedReference } from '../helpers/detect-certs';

const reference = shippedReference();
const dates = { notBefore: '2025-05-01T00:00:00Z', notAfter: '2026-05-01T00:00:00Z' };
const INCOMPLETE: TrustResult = { verdict: 'incomplete', reason: "issuer 'GTS CA 1C3' is neither presented nor a known root" };

let googleLeaf: Buffer;
let editedLeaf: Buffer;

beforeAll(async () => {
  await extract([path.join(CORPUS_DIR, 'pcap', 'zeek-google-cert-repeat.pcap')], {
    onHandshake: (h) => {
      const leaf = h.serverChain.certs[0];
      if (!googleLeaf && leaf?.der) googleLeaf = leaf.der;
    },
    onProblem: () => undefined,
  });
  // suricata-verify's tls-altname-zero: a Let's Encrypt (R3) leaf whose SAN was edited to hold a NUL.
  await extract([path.join(CORPUS_DIR, 'pcap', 'suricata-tls-altname-zero.pcap')], {
    onHandshake: (h) => {
      const leaf = h.serverChain.certs[0];
      if (!editedLeaf && leaf?.der) editedLeaf = leaf.der;
    },
    onProblem: () => undefined,
  });
});

function impersonation(facts: CertFacts, trust: TrustResult, at = new Date(facts.notBefore)): Signal | undefined {
  return evaluateCertificate(facts, [facts], trust, DEFAULT_CONFIG, at, reference).signals.find((s) => s.id === 'impersonates-known-ca');
}

function context(facts: CertFacts, trust: TrustResult): CertContext {
  const at = new Date(facts.notBefore);
  return {
    facts, chainFacts: [facts], position: 0, trust, sightings: [], sightingCount: 0, firstSeen: { sec: at.getTime() / 1000, nsec: 0 },
    lastSeen: { sec: at.getTime() / 1000, nsec: 0 }, reuse: { servers: 1, serverNames: 1, subjectsForKey: 1 }, config: DEFAULT_CONFIG, reference,
  } as unknown as CertContext;
}

describe("a leaf served without the CA it names, checked against that CA's genuine key", () => {
  it("Google's genuine www.google.com leaf without GTS CA 1C3 verifies under the genuine key: no impersonation", () => {
    const facts = certFacts(googleLeaf, { keepDer: true });
    expect(facts.issuer.commonName).toBe('GTS CA 1C3');
    expect(genuineIssuerSignature(context(facts, INCOMPLETE))).toMatchObject({ valid: true, name: 'GTS CA 1C3' });
    expect(impersonation(facts, INCOMPLETE)).toBeUndefined();
  });

  it('the same leaf with one byte of its signature changed is high impersonation naming the genuine key', () => {
    const der = Buffer.from(googleLeaf);
    der[der.length - 5] ^= 0x01;
    const s = impersonation(certFacts(der, { keepDer: true }), INCOMPLETE)!;
    expect(s.severity).toBe('high');
    expect(s.reason).toBe("claims issuer 'GTS CA 1C3', which it was served without, but its signature does not verify under the genuine 'GTS CA 1C3' key (genuine-cas/gts_ca_1c3.pem)");
  });

  it("a leaf naming a Mozilla root ('ISRG Root X1') as issuer, with no key id, signed by another key is high", () => {
    const isrg: Array<[string, string]> = [['C', 'US'], ['O', 'Internet Security Research Group'], ['CN', 'ISRG Root X1']];
    const facts = makeCert({ subject: [['CN', 'shop.example.org']], issuerName: isrg, signWith: rsaKey(2048, 65537, 46), extensions: leafExtensions(['shop.example.org']), ...dates }).facts;
    expect(facts.authorityKeyId).toBeUndefined();
    const trust = mozillaTrust()([facts], new Date('2025-06-01T00:00:00Z'));
    const s = impersonation(facts, trust, new Date('2025-06-01T00:00:00Z'))!;
    expect(s.severity).toBe('high');
    expect(s.reason).toBe("claims issuer 'ISRG Root X1', which it was served without, but its signature does not verify under the genuine 'ISRG Root X1' key (Node's Mozilla root store)");
  });

  it('a leaf of a private CA with a name of its own is not checked; nor is one without DER (Zeek logs)', () => {
    const facts = makeCert({ subject: [['CN', 'intranet.example.org']], issuerName: [['O', 'Example Corp'], ['CN', 'Example Corp Issuing CA']], signWith: rsaKey(2048, 65537, 47), ...dates }).facts;
    expect(genuineIssuerSignature(context(facts, INCOMPLETE))).toBeUndefined();
    const zeek = { ...certFacts(googleLeaf, { keepDer: true }), der: undefined };
    expect(genuineIssuerSignature(context(zeek, INCOMPLETE))).toBeUndefined();
  });

  it('verifies once per distinct leaf, however often it is judged', () => {
    const facts = certFacts(googleLeaf, { keepDer: true });
    const spy = jest.spyOn(signature, 'certificateSignatureValid');
    for (let i = 0; i < 3; i++) impersonation(facts, INCOMPLETE);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it("an R3 leaf whose SAN was edited after signing no longer verifies; the reason leads with the NUL that explains it", () => {
    const facts = certFacts(editedLeaf, { keepDer: true });
    const trust: TrustResult = { verdict: 'incomplete', reason: "issuer 'R3' is neither presented nor a known root" };
    expect(genuineIssuerSignature(context(facts, trust))).toMatchObject({ valid: false, name: 'R3' });
    const s = impersonation(facts, trust)!;
    expect(s.severity).toBe('high');
    expect(s.reason).toMatch(/^SAN .* hides a control character/);
  });
});
