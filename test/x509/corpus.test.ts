/**
 * The conformance corpus (shared/corpus/, see its README): every certificate the oracle saw, parsed by certFacts
 * and compared with `openssl x509 -nameopt RFC2253,-esc_msb` as recorded in expected.json; and chain verdicts at
 * the capture time for chains whose status is public knowledge. DER comes from the capture → net → tls stages
 * (src/pipeline/extract.ts), since expected.json holds only digests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract } from '../../src/pipeline/extract';
import { chainVerdict } from '../../src/x509/chain-verdict';
import { CertFactsCache } from '../../src/x509/facts-cache';
import { TrustStore } from '../../src/x509/trust-store';
import type { TrustVerdict } from '../../src/x509/types';

const CORPUS = path.join(__dirname, '../../../shared/corpus');

interface ExpectedCert {
  sha256: string; der_parse_ok: boolean; subject: string | null; issuer: string | null; serial: string | null;
  not_before: string | null; not_after: string | null;
}
interface ExpectedFile { certificates: Array<{ role: string; chain: ExpectedCert[] }> }

const expected: Record<string, ExpectedFile> = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8'));

interface SeenChain { file: string; at: Date; ders: Buffer[] }

const ders = new Map<string, Buffer>();
const chains: SeenChain[] = [];

beforeAll(async () => {
  for (const file of Object.keys(expected)) {
    await extract([path.join(CORPUS, 'pcap', file)], {
      onHandshake: (h) => {
        for (const chain of [h.serverChain, h.clientChain]) for (const c of chain.certs) if (c.der) ders.set(c.sha256, c.der);
        const list = h.serverChain.certs.flatMap((c) => (c.der ? [c.der] : []));
        if (list.length) chains.push({ file, at: new Date(h.ts.sec * 1000 + Math.floor(h.ts.nsec / 1e6)), ders: list });
      },
      onProblem: () => undefined,
    });
  }
});

describe('certFacts against expected.json (openssl x509 -nameopt RFC2253,-esc_msb, -dateopt iso_8601)', () => {
  const unique = new Map<string, ExpectedCert>();
  for (const e of Object.values(expected)) for (const c of e.certificates) for (const x of c.chain) unique.set(x.sha256, x);

  it('the pipeline delivered nearly every certificate the oracle saw', () => {
    const missing = [...unique.keys()].filter((s) => !ders.has(s));
    expect(missing.length).toBeLessThanOrEqual(Math.ceil(unique.size * 0.05));
  });

  it('subject, issuer, serial and validity equal openssl for every parsable certificate', () => {
    const cache = new CertFactsCache();
    const mismatches: string[] = [];
    let compared = 0;
    for (const [sha256, x] of unique) {
      const der = ders.get(sha256);
      if (!der) continue;
      const f = cache.get(der);
      if (!x.der_parse_ok) {
        if (f.parsed) mismatches.push(`${sha256}: openssl could not parse it, certFacts did`);
        continue;
      }
      compared++;
      const got = [f.subject.rfc4514, f.issuer.rfc4514, f.serial, f.notBefore, f.notAfter];
      const want = [x.subject, x.issuer, x.serial, x.not_before, x.not_after];
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${sha256}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });
});

describe('certificates no ordinary parser reads (corpus README)', () => {
  const cache = new CertFactsCache();
  const leafOf = (file: string): Buffer => {
    const c = chains.find((x) => x.file === file);
    if (!c) throw new Error(`no chain extracted from ${file}`);
    return c.ders[0];
  };

  it('zeek-ml-dsa-44-cert.pcap: names read, the ML-DSA-44 key reported by its OID (FIPS 204)', () => {
    expect(cache.get(leafOf('zeek-ml-dsa-44-cert.pcap'))).toMatchObject({
      parsed: true, publicKey: { type: 'unknown', algorithmOid: '2.16.840.1.101.3.4.3.17' }, signatureAlgorithm: { name: 'ML-DSA-44' },
      subject: { commonName: 'ml-dsa.example.com' },
    });
  });

  it('zeek-CVE-2015-3194.pcap: malformed RSA-PSS parameters give facts, not a crash', () => {
    const f = cache.get(leafOf('zeek-CVE-2015-3194.pcap'));
    expect(f).toMatchObject({ parsed: true, signatureAlgorithm: { name: 'rsassaPss' }, subject: { commonName: 'bro.org' } });
  });

  it('suricata-tls-issuer-zero.pcap: the NUL inside the issuer CN is kept and escaped', () => {
    const f = cache.get(leafOf('suricata-tls-issuer-zero.pcap'));
    expect(f.issuer.commonName).toBe('Microsoft RSA TL\u0000 CA 01');
    expect(f.issuer.rfc4514.startsWith('CN=Microsoft RSA TL\\00 CA 01,')).toBe(true);
  });

  it('suricata-bug-1450 files: 7- and 8-byte "certificates" are unparsed facts with digests', () => {
    for (const file of ['suricata-bug-1450-04-tls_DER-incomplete-header.pcap', 'suricata-bug-1450-05-tls_DER-incomplete-content.pcap']) {
      const f = cache.get(leafOf(file));
      expect(f.parsed).toBe(false);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

/**
 * Chains whose status is public knowledge: real sites with certificates from public CAs (trusted at capture time,
 * some only through roots Mozilla has removed since), test servers with private or self-signed roots, and the
 * corpus README's special cases (missing intermediate, CVE-2015-3194 forged issuer).
 */
const KNOWN: Array<[file: string, leafCn: string, verdicts: TrustVerdict[], why: string]> = [
  ['zeek-google-cert-repeat.pcap', 'www.google.com', ['trusted'], 'GTS CA 1C3 -> GTS Root R1 (bundled)'],
  ['zeek-google-duplicate.pcap', '*.google.com', ['trusted'], 'Google Internet Authority G2 -> GeoTrust Global CA (removed since)'],
  ['zeek-ecdhe.pcap', '*.google.com', ['trusted'], 'GIAG2 -> GeoTrust Global CA cross-signed by Equifax'],
  ['zeek-smtp-starttls.pcap', 'mx.google.com', ['trusted'], 'GIAG2 -> GeoTrust'],
  ['zeek-tls1_1.pcap', '*.google.com', ['trusted'], 'GIAG2 -> GeoTrust, 2017'],
  ['zeek-socks-with-ssl.pcap', 'www.google.com', ['trusted'], 'Thawte SGC CA -> VeriSign Class 3 PCA (G1), 2012'],
  ['zeek-tls-conn-with-extensions.pcap', '*.gstatic.com', ['trusted'], 'Google Internet Authority -> Equifax Secure CA, 2012'],
  ['zeek-ocsp-stapling.pcap', 'login.live.com', ['trusted'], 'VeriSign EV SSL CA -> G5 cross-signed by PCA G1, 2014'],
  ['zeek-tls1.2.pcap', '*.taleo.net', ['trusted'], 'COMODO High-Assurance -> AddTrust External CA Root, 2013'],
  ['zeek-imap-starttls.pcap', 'imap.gmx.net', ['trusted'], 'TeleSec ServerPass DE-1 -> Deutsche Telekom Root CA 2 (presented)'],
  ['zeek-client-certificate.pcap', 'certauth.idrix.fr', ['trusted'], "Let's Encrypt R3 -> ISRG Root X1"],
  ['suricata-tls-subjectaltname.pcap', 'www.bing.com', ['trusted'], 'Microsoft RSA TLS CA 01 -> Baltimore CyberTrust Root, 2022'],
  ['wireshark-http2_follow_multistream.pcapng', 'mozilla.org', ['trusted'], 'DigiCert SHA2 EV Server CA -> DigiCert High Assurance EV Root'],
  ['zeek-ssl.v3.pcap', 'www.dresdner-privat.de', ['trusted'], 'VeriSign International Server CA -> VeriSign Class 3 PCA, 2007'],
  ['zeek-x509-generalizedtime.pcap', 'bro-generalizedtime-test', ['untrusted'], 'self-signed test certificate'],
  ['zeek-tls-fragmented-handshake.pcap', 'Bro', ['untrusted'], 'self-signed test certificate'],
  ['suricata-tls-cert-issuer.pcap', 'SELKS', ['untrusted'], 'self-signed appliance certificate'],
  ['zeek-xmpp-starttls.pcap', 'jabber.ccc.de', ['untrusted'], 'CAcert root, never in the Mozilla store'],
  ['suricata-tls-client-auth.pcap', 'SampleServer', ['untrusted'], 'private test root'],
  ['zeek-tls-expired-cert.pcap', 'www.spidh.org', ['untrusted'], 'leaf expired before the capture (file name says so)'],
  ['zeek-missing-intermediate.pcap', 'www.cviis.org', ['incomplete'], 'server omits the intermediate (corpus README)'],
  ['zeek-CVE-2015-3194.pcap', 'bro.org', ['bad-signature', 'untrusted'], 'self-signed certificate naming Visa eCommerce Root as issuer'],
];

describe('chain verdicts at capture time (TrustStore.default())', () => {
  it.each(KNOWN)('%s %s: %j (%s)', (file, leafCn, verdicts) => {
    const cache = new CertFactsCache();
    const seen = chains.filter((c) => c.file === file && cache.get(c.ders[0]).subject.commonName === leafCn);
    expect(seen.length).toBeGreaterThan(0);
    for (const c of seen) expect(verdicts).toContain(chainVerdict(c.ders, c.at, TrustStore.default(), cache).verdict);
  });

  it('never throws on any chain of the corpus', () => {
    const cache = new CertFactsCache();
    for (const c of chains) expect(() => chainVerdict(c.ders, c.at, TrustStore.default(), cache)).not.toThrow();
  });
});
