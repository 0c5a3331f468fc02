/**
 * tool-default against certificates made the way each tool's code makes them (fresh keys, the tool's names, attribute
 * order, extensions, serial width, dates; source files cited per case and in baselines/reference/c2-defaults.json),
 * each with a benign near-miss. A default reaches high with a reason naming the tool, and no certificate is put on a
 * tool whose code could not have made it.
 */
import { DEFAULT_CONFIG } from '../../src/detect/config';
import { evaluateCertificate } from '../../src/detect/evaluate-certificate';
import type { Finding, Signal } from '../../src/detect/types';
import { SEVERITY_RANK } from '../../src/detect/types';
import type { CertFacts } from '../../src/x509/types';
import { anchorTrust, opensslCert, shippedReference } from '../helpers/detect-certs';
import { certFacts } from '../../src/x509/cert-facts';
import { DAY, EKU, KU, ext, plusDays, toolCert, toolKey, type Attr, type CryptoKeyPair } from '../helpers/tool-certs';

jest.setTimeout(60_000);

const reference = shippedReference();
const NOW = new Date('2025-06-01T00:00:00Z');

function judge(facts: CertFacts, chain: CertFacts[] = [facts]): Finding {
  return evaluateCertificate(facts, chain, anchorTrust([])(chain, NOW), DEFAULT_CONFIG, NOW, reference);
}

function toolSignal(facts: CertFacts, chain?: CertFacts[]): Signal | undefined {
  return judge(facts, chain).signals.find((s) => s.id === 'tool-default');
}

/** The default reaches at least `min`, its reason names the tool, and only the tools that could make it are named. */
function expectTool(facts: CertFacts, tool: string, id: string, min: 'high' | 'critical', couldMake: string[] = [tool], chain?: CertFacts[]): Signal {
  const s = toolSignal(facts, chain);
  expect(s).toBeDefined();
  expect(s!.evidence.matches).toContain(id);
  expect(SEVERITY_RANK[s!.severity]).toBeGreaterThanOrEqual(SEVERITY_RANK[min]);
  expect(s!.reason).toContain(tool);
  for (const named of s!.evidence.tools as string[]) expect(couldMake).toContain(named);
  return s!;
}

/** A hex serial of exactly `bits` bits (top bit set), with the leading 00 DER needs when it falls on a byte edge. */
function serialOfBits(bits: number, seed = 0x5a): string {
  const nibbles = Math.ceil(bits / 4);
  let hex = '';
  for (let i = 0; i < nibbles; i++) hex += ((seed * (i + 7)) % 16).toString(16);
  const topBits = bits - (nibbles - 1) * 4;
  hex = ((1 << (topBits - 1)) | (parseInt(hex[0], 16) & ((1 << (topBits - 1)) - 1))).toString(16) + hex.slice(1);
  if (hex.length % 2) hex = `0${hex}`;
  return parseInt(hex.slice(0, 2), 16) >= 0x80 ? `00${hex}` : hex;
}

const GO_CA_USAGE = KU.keyCertSign | KU.keyEncipherment | KU.digitalSignature;

describe('RAT builders: AsyncRAT, Quasar, DcRat, VenomRAT', () => {
  // NYAN-x-CAT/AsyncRAT-C-Sharp Server/Helper/CreateCertificate.cs; quasar/Quasar Quasar.Server/Helper/CertificateHelper.cs
  async function builderCa(cn: string, hash: 'SHA-512' | 'SHA-256' = 'SHA-512', notAfter = new Date('9999-12-31T23:59:59Z')): Promise<CertFacts> {
    const key = await toolKey('rsa-4096', hash);
    return (await toolCert({
      subject: [['CN', cn]], key, hash, serial: serialOfBits(120), notBefore: new Date(NOW.getTime() - 2 * DAY), notAfter,
      extensions: [await ext.ski(key), ext.basicConstraints(true)],
    })).facts;
  }

  it("AsyncRAT's default 'AsyncRAT Server' CA is critical, named AsyncRAT, and carries the JA4X published for it", async () => {
    const facts = await builderCa('AsyncRAT Server');
    const s = expectTool(facts, 'AsyncRAT', 'asyncrat-default', 'critical');
    expect(s.severity).toBe('critical');
    expect(s.reason).toMatch(/CN 'AsyncRAT Server'.*AsyncRAT default/);
    expect(facts.ja4x).toBe('7022c563de38_7022c563de38_0147df7a0c11');
  });

  it("Quasar's 'Quasar Server CA' is critical and named Quasar", async () => {
    expectTool(await builderCa('Quasar Server CA'), 'Quasar', 'quasar-default', 'critical');
  });

  it('the same helper with a name of its own is the family shape: high, naming every builder that shares it', async () => {
    const s = expectTool(await builderCa('Operator Panel CA'), 'AsyncRAT', 'quasar-family-ca', 'high', ['AsyncRAT', 'Quasar', 'AsyncRAT/Quasar forks']);
    expect(s.evidence.tools).toEqual(['AsyncRAT', 'Quasar', 'AsyncRAT/Quasar forks']);
  });

  it('near-miss: a private root CA with a CN only, SHA-256 and an ordinary end date is no builder default', async () => {
    const facts = await builderCa('Example Corp Root CA', 'SHA-256', new Date('2045-01-01T00:00:00Z'));
    expect(toolSignal(facts)).toBeUndefined();
  });

  // qwqdanchun/DcRat Server/Helper/CreateCertificate.cs: subject CN=DcRat, issuer names "<caName>,OU=qwqdanchun,...",
  // signed by its own 1024-bit key, 160-bit prime serial, now-285 days to now+3650 days.
  async function dcratStyle(product: string): Promise<CertFacts> {
    const key = await toolKey('rsa-1024', 'SHA-512');
    return (await toolCert({
      subject: [['CN', product]], issuer: [['CN', `${product} Server`], ['OU', 'qwqdanchun'], ['O', `${product} By qwqdanchun`], ['L', 'SH'], ['C', 'CN']],
      key, hash: 'SHA-512', serial: serialOfBits(160), notBefore: new Date(NOW.getTime() - 285 * DAY), notAfter: plusDays(NOW, 3650),
      extensions: [await ext.ski(key), ext.basicConstraints(true)],
    })).facts;
  }

  it("DcRat's default is critical and named DcRat; its JA4X is the one published for DcRat and VenomRAT", async () => {
    const facts = await dcratStyle('DcRat');
    expectTool(facts, 'DcRat', 'dcrat-default', 'critical', ['DcRat', 'VenomRAT', 'DcRat forks']);
    expect(facts.ja4x).toBe('c9ed8d15cf91_7022c563de38_0147df7a0c11');
  });

  it("VenomRAT's default (DcRat's helper renamed) is critical and named VenomRAT", async () => {
    expectTool(await dcratStyle('VenomRAT'), 'VenomRAT', 'venomrat-default', 'critical', ['DcRat', 'VenomRAT', 'DcRat forks']);
  });
});

describe('Sliver (BishopFox/sliver server/certs/)', () => {
  async function httpsCa(): Promise<{ key: CryptoKeyPair; facts: CertFacts }> {
    // GenerateCertificateAuthority(HTTPSCA, ""): ECDSA, empty subject, self-signed CA.
    const key = await toolKey('ec-P-384', 'SHA-256', 1);
    const ca = await toolCert({
      subject: [], key, serial: serialOfBits(127), notBefore: new Date(NOW.getTime() - 100 * DAY), notAfter: plusDays(new Date(NOW.getTime() - 100 * DAY), 1095),
      extensions: [ext.keyUsage(GO_CA_USAGE), ext.eku(EKU.serverAuth, EKU.clientAuth), ext.basicConstraints(true), await ext.ski(key)],
    });
    return { key, facts: ca.facts };
  }

  it('the HTTPS listener certificate (randomised Go subject with an empty street, empty-DN CA) is critical and named Sliver', async () => {
    const ca = await httpsCa();
    const key = await toolKey('rsa-2048', 'SHA-256', 2);
    const notBefore = new Date(NOW.getTime() - 40 * DAY);
    const subject: Attr[] = [['C', 'US'], ['O', 'Golden Ferret, llc'], ['L', 'San Francisco'], ['ST', 'California'], ['street', ''], ['CN', 'updates.example.com']];
    const leaf = await toolCert({
      subject, issuer: [], key, signer: ca.key, serial: serialOfBits(126), notBefore, notAfter: plusDays(notBefore, 730),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), await ext.aki(ca.key), ext.sanDns('updates.example.com')],
    });
    const s = expectTool(leaf.facts, 'Sliver', 'sliver-https-listener', 'critical', ['Sliver'], [leaf.facts, ca.facts]);
    expect(s.evidence.tools).toEqual(['Sliver']);
  });

  it('the mTLS listener bound to no address (empty subject, empty-DN CA, ECDSA) is high and named Sliver only', async () => {
    const caKey = await toolKey('ec-P-521', 'SHA-256', 3);
    const key = await toolKey('ec-P-256', 'SHA-256', 4);
    const notBefore = new Date(NOW.getTime() - 10 * DAY);
    const leaf = await toolCert({
      subject: [], issuer: [], key, signer: caKey, serial: serialOfBits(125), notBefore, notAfter: plusDays(notBefore, 1095),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), await ext.aki(caKey)],
    });
    expectTool(leaf.facts, 'Sliver', 'sliver-mtls', 'high', ['Sliver']);
  });

  it("the multiplayer listener ('CN=multiplayer' from 'CN=operators', P-256) is critical", async () => {
    const caKey = await toolKey('ec-P-384', 'SHA-256', 5);
    const key = await toolKey('ec-P-256', 'SHA-256', 6);
    const notBefore = new Date(NOW.getTime() - 200 * DAY);
    const leaf = await toolCert({
      subject: [['CN', 'multiplayer']], issuer: [['CN', 'operators']], key, signer: caKey, serial: serialOfBits(124), notBefore, notAfter: plusDays(notBefore, 730),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), await ext.aki(caKey), ext.sanDns('multiplayer')],
    });
    expectTool(leaf.facts, 'Sliver', 'sliver-multiplayer', 'critical');
  });

  it('near-miss: a Go leaf with the same usages from a named private CA is no Sliver default', async () => {
    const caKey = await toolKey('ec-P-384', 'SHA-256', 7);
    const key = await toolKey('ec-P-256', 'SHA-256', 8);
    const leaf = await toolCert({
      subject: [['CN', 'api.internal.example']], issuer: [['O', 'Example Corp'], ['CN', 'Example Issuing CA']], key, signer: caKey, serial: serialOfBits(120),
      notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: plusDays(NOW, 355),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), await ext.aki(caKey), ext.sanDns('api.internal.example')],
    });
    expect(toolSignal(leaf.facts)).toBeUndefined();
  });
});

describe("Merlin and Havoc: Go shapes that are not Sliver's", () => {
  it("Merlin's generated listener certificate (empty names, self-signed, RSA 4096) is named Merlin, not Sliver", async () => {
    // Ne0nd0g/merlin pkg/servers/http/tls.go GenerateTLSCert(nil, ..., true)
    const key = await toolKey('rsa-4096', 'SHA-256', 9);
    const notBefore = new Date(NOW.getTime() - 77 * DAY);
    const facts = (await toolCert({
      subject: [], key, serial: serialOfBits(127), notBefore, notAfter: new Date(Date.UTC(notBefore.getUTCFullYear() + 2, notBefore.getUTCMonth(), notBefore.getUTCDate(), notBefore.getUTCHours())),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature | KU.keyCertSign), ext.eku(EKU.serverAuth), ext.basicConstraints(false)],
    })).facts;
    const s = expectTool(facts, 'Merlin', 'merlin-generated', 'high', ['Merlin']);
    expect(s.evidence.tools).toEqual(['Merlin']);
  });

  it("Merlin's publicly distributed testing certificate is critical by its fingerprint", () => {
    // Ne0nd0g/merlin data/x509/server.crt @ba35a798 (the OpenSSL default DN)
    const pem = `MIIDXTCCAkWgAwIBAgIJAMXjCgaIHqtBMA0GCSqGSIb3DQEBCwUAMEUxCzAJBgNVBAYTAkFVMRMwEQYDVQQIDApTb21lLVN0YXRlMSEwHwYDVQQKDBhJbnRlcm5ldCBXaWRnaXRzIFB0eSBMdGQwHhcNMTYxMDIzMDAzODA3WhcNMjYxMDIxMDAzODA3WjBFMQswCQYDVQQGEwJBVTETMBEGA1UECAwKU29tZS1TdGF0ZTEhMB8GA1UECgwYSW50ZXJuZXQgV2lkZ2l0cyBQdHkgTHRkMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr+gMy078qmcT45NY2cIRsEstXdaMtqH+2WuMy1CofokSPmzpLON1gfIRrrumgylZjbGVVA2Md3SGkmdc4rjbLxr/bT3GvDFcNNtVUYewjZebSSy2Hco8icscgDZPB8DV3z/B9x6V4wfnFyIyjjRou9P0jtSfSFDvIWDHqmhTsM1s8kAiwiK1TE0ug8MBoysdmdmK/pVgS6ABo8W14gKDMRvKuArr3RxmIqujU363RGQ8KL9KxaSqpP+/dSN0mjkoecUFgHvWPOsL1KqU4Ntj5qJdJNwlBPIDmH5+BcU/CvXdAD641N+zSNUDPEH0e8PIPNeVtEYY6gIj2gpDgjpQBwIDAQABo1AwTjAdBgNVHQ4EFgQUtr9XjXfjt85kkB8xMhZ4Dtl9FRAwHwYDVR0jBBgwFoAUtr9XjXfjt85kkB8xMhZ4Dtl9FRAwDAYDVR0TBAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAP6y1atvDy/NdZjDig9wo/GaDNvNA/70/C44N6aSo243eicL+0RrRrkh8cp9C6UVRQ/LpfH/Mmhm+MYXJq+dIb02mUW7lHgLk+iksIvSa3AmagMAtpeQ6XtWY64COY2aU4jke9Fc6kJkKNR9B9uVP8+1g1B13TG6yKy3SAHwlrCL1RYhhxsR8yhLAMrTu4oTBwXEbupwqKxKLdeoBujARxZ7H5ybC7dqGmP4jm1m9zQNkpyalZJbXyIQphWMxHb3/HSCY2j8g8HXGKdO8E1nCNEDlULSeCu2dIhi6RyiFqREbKThHNPG0PEUvNVSZHO+zyHpgecQy9u1+fkxsIAJ4OQ==`;
    const facts = certFacts(Buffer.from(pem, 'base64'), { keepDer: true });
    expect(facts.sha256).toBe('4af9224c77821bc8a46503cfc2764b94b1fc8aa2521afc627e835f0b3c449f50');
    expectTool(facts, 'Merlin', 'merlin-testing-certificate', 'critical');
  });

  it("Havoc's HTTPS certificate (self-signed CA, random C=US subject with a four-digit postalCode) is critical and named Havoc", async () => {
    // HavocFramework/Havoc teamserver/pkg/common/certs/https.go
    const key = await toolKey('rsa-2048', 'SHA-256', 10);
    const notBefore = new Date(NOW.getTime() - 120 * DAY);
    const facts = (await toolCert({
      subject: [['C', 'US'], ['O', 'SYNERGY LLC'], ['L', 'Tacoma'], ['ST', 'Washington'], ['street', ''], ['postalCode', '4821'], ['CN', '198.51.100.7']],
      key, serial: serialOfBits(128), notBefore, notAfter: plusDays(notBefore, 1095),
      extensions: [ext.keyUsage(GO_CA_USAGE), ext.eku(EKU.serverAuth, EKU.clientAuth), ext.basicConstraints(true), await ext.ski(key), ext.sanIp('198.51.100.7')],
    })).facts;
    const s = expectTool(facts, 'Havoc', 'havoc-https', 'critical');
    expect(s.evidence.tools).toEqual(['Havoc']);
  });
});

describe('Metasploit (rapid7/metasploit-framework lib/msf/core/cert_provider.rb, rapid7/rex-socket)', () => {
  async function fakerCert(email: string, usage: number): Promise<CertFacts> {
    const key = await toolKey('rsa-2048', 'SHA-256', 11);
    const notBefore = new Date(NOW.getTime() - 700 * DAY);
    return (await toolCert({
      subject: [['C', 'US'], ['ST', 'TN'], ['O', 'Effertz-Kozey'], ['OU', 'redundant'], ['CN', 'effertz.kozey.info'], ['emailAddress', email]],
      key, serial: '5f3a9c0e12ab77d1', notBefore, notAfter: plusDays(notBefore, 7 * 365),
      extensions: [ext.basicConstraints(true), await ext.ski(key), ext.keyUsage(usage, false)],
    })).facts;
  }

  it("msfconsole's Faker certificate (emailAddress = OU@CN, a CA key usage, 7 x 365 days) is critical", async () => {
    expectTool(await fakerCert('redundant@effertz.kozey.info', KU.keyCertSign | KU.cRLSign), 'Metasploit', 'metasploit-faker-ca', 'critical');
  });

  it('near-miss: the same names with another address and a server key usage are no Metasploit default', async () => {
    expect(toolSignal(await fakerCert('admin@kozey.example', KU.digitalSignature | KU.keyEncipherment))).toBeUndefined();
  });

  it("Rex's 2017 certificate that writes the whole DN into one C attribute is critical", async () => {
    const key = await toolKey('rsa-2048', 'SHA-256', 12);
    const notBefore = new Date(NOW.getTime() - 900 * DAY);
    const facts = (await toolCert({
      subject: [['C', 'US/ST=WI/L=Denise/O=Gary/CN=41tw6z.yl.biz']], issuer: [['C', 'US/O=Timothy/CN=Alan Jessica']], key, serial: '1c2d3e4f5a6b7c8d',
      notBefore, notAfter: plusDays(notBefore, 3 * 365), extensions: [ext.basicConstraints(false, false)],
    })).facts;
    expectTool(facts, 'Metasploit', 'metasploit-rex-c-attribute', 'critical');
  });

  it("2014-2017 certificates copied Debian's 'snakeoil' shape on purpose: a shared shape, low, naming both makers; the random CN adds its own signal", async () => {
    const key = await toolKey('rsa-2048', 'SHA-256', 13);
    const notBefore = new Date(NOW.getTime() - 400 * DAY);
    const facts = (await toolCert({
      subject: [['CN', 'ucbigdz']], key, serial: '2a3b4c5d6e7f8091', notBefore, notAfter: plusDays(notBefore, 3650), extensions: [ext.basicConstraints(false, false)],
    })).facts;
    const f = judge(facts);
    expect(f.signals.find((s) => s.id === 'tool-default')).toBeUndefined();
    const dev = f.signals.find((s) => s.id === 'developer-default')!;
    expect(dev.evidence.tools).toEqual(['Debian/Ubuntu ssl-cert (snakeoil)', 'Metasploit']);
    expect(dev.severity).toBe('low');
    expect(f.signals.find((s) => s.id === 'random-looking-name')?.evidence.parts).toEqual(['ucbigdz']);
  });
});

describe('other C2 frameworks', () => {
  it("PoshC2's default (exact DN, serial 1000, SHA-1, no extensions) is critical", async () => {
    const key = await toolKey('rsa-2048', 'SHA-1', 14);
    const facts = (await toolCert({
      subject: [['C', 'US'], ['ST', 'Minnesota'], ['L', 'Minnetonka'], ['O', 'Pajfds'], ['OU', 'Jethpro'], ['CN', 'P18055077']],
      key, hash: 'SHA-1', serial: '03e8', notBefore: NOW, notAfter: plusDays(NOW, 3650),
    })).facts;
    expectTool(facts, 'PoshC2', 'poshc2-default', 'critical');
  });

  it("Pupy's CA and CONTROL certificate (O of ten random letters, serials 1 and 2) are critical", async () => {
    const caKey = await toolKey('rsa-2048', 'SHA-256', 15);
    const ca = await toolCert({ subject: [['O', 'QwErTyUiOp']], key: caKey, serial: '01', notBefore: NOW, notAfter: plusDays(NOW, 365), extensions: [ext.basicConstraints(true, false)] });
    expectTool(ca.facts, 'Pupy', 'pupy-ca', 'critical');
    const key = await toolKey('rsa-2048', 'SHA-256', 16);
    const leaf = await toolCert({
      subject: [['O', 'ZxCvBnMaSd'], ['OU', 'CONTROL']], issuer: [['O', 'QwErTyUiOp']], key, signer: caKey, serial: '02', notBefore: NOW, notAfter: plusDays(NOW, 1095),
      extensions: [ext.basicConstraints(false), ext.keyUsage(KU.keyEncipherment)],
    });
    expectTool(leaf.facts, 'Pupy', 'pupy-leaf', 'critical', ['Pupy'], [leaf.facts, ca.facts]);
  });

  it("DeimosC2's listener certificate (O=Acme Co, notBefore = notAfter = 2020-01-24 12:00) is critical; Go's generate_cert alone is only a developer default", async () => {
    const key = await toolKey('ec-P-256', 'SHA-256', 17);
    const at = new Date('2020-01-24T12:00:00Z');
    const deimos = await toolCert({
      subject: [['O', 'Acme Co']], key, serial: serialOfBits(127), notBefore: at, notAfter: at,
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), ext.basicConstraints(false), ext.sanIp('203.0.113.9')],
    });
    expectTool(deimos.facts, 'DeimosC2', 'deimosc2-listener', 'critical');
    const dev = await toolCert({
      subject: [['O', 'Acme Co']], key, serial: serialOfBits(126), notBefore: NOW, notAfter: plusDays(NOW, 365),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), ext.basicConstraints(false), ext.sanDns('localhost')],
    });
    const f = judge(dev.facts);
    expect(f.signals.find((s) => s.id === 'tool-default')).toBeUndefined();
    expect(f.signals.find((s) => s.id === 'developer-default')?.severity).toBe('low');
  });

  it("Mythic's front-end certificate (O=Mythic, P-384, 365 days) is critical; gophish's admin certificate is high", async () => {
    const key = await toolKey('ec-P-384', 'SHA-256', 18);
    const mythic = await toolCert({
      subject: [['O', 'Mythic']], key, serial: serialOfBits(127), notBefore: NOW, notAfter: plusDays(NOW, 365),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), ext.basicConstraints(false)],
    });
    expectTool(mythic.facts, 'Mythic', 'mythic-nginx', 'critical');
    const gophish = await toolCert({
      subject: [['O', 'Gophish']], key, serial: serialOfBits(125), notBefore: NOW, notAfter: plusDays(NOW, 3650),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), ext.basicConstraints(false)],
    });
    expectTool(gophish.facts, 'gophish', 'gophish-admin', 'high');
  });

  it("Empire's setup/cert.sh (openssl req -x509 -days 365 -subj /C=US) is high", () => {
    const facts = certFacts(opensslCert(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '365', '-subj', '/C=US']), { keepDer: true });
    expectTool(facts, 'Empire', 'empire-cert-sh', 'high');
  });
});

describe('interception and phishing tools', () => {
  it('a mitmproxy leaf for a bank-like brand domain: critical tool default (the CA key reused) and the brand named', async () => {
    // mitmproxy/certs.py create_ca and dummy_cert: the leaf carries the CA's public key.
    const caKey = await toolKey('rsa-2048', 'SHA-256', 19);
    const ca = await toolCert({
      subject: [['CN', 'mitmproxy'], ['O', 'mitmproxy']], key: caKey, serial: serialOfBits(159), notBefore: new Date(NOW.getTime() - 2 * DAY), notAfter: plusDays(NOW, 3648),
      extensions: [ext.basicConstraints(true), ext.eku(EKU.serverAuth), ext.keyUsage(KU.keyCertSign | KU.cRLSign), await ext.ski(caKey)],
    });
    expectTool(ca.facts, 'mitmproxy', 'mitmproxy-ca', 'high');
    const leaf = await toolCert({
      subject: [['CN', 'www.paypal.com']], issuer: [['CN', 'mitmproxy'], ['O', 'mitmproxy']], key: caKey, serial: serialOfBits(158),
      notBefore: new Date(NOW.getTime() - 2 * DAY), notAfter: plusDays(NOW, 197),
      extensions: [ext.eku(EKU.serverAuth), ext.sanDns('www.paypal.com'), await ext.aki(caKey)],
    });
    expectTool(leaf.facts, 'mitmproxy', 'mitmproxy-leaf', 'critical', ['mitmproxy'], [leaf.facts]);
    const f = judge(leaf.facts, [leaf.facts]);
    expect(f.signals.find((s) => s.id === 'impersonates-known-ca')?.reason).toMatch(/PayPal domain www\.paypal\.com/);
  });

  it("bettercap's fake 'Go Daddy Secure Certificate Authority - G2' and the 1024-bit leaves it signs are critical", async () => {
    // bettercap/bettercap tls/cert.go DefaultSpoofConfig, tls/sign.go SignCertificateForHost (Go name order C, O, OU, L, CN)
    const dn: Attr[] = [['C', 'US'], ['O', 'GoDaddy.com, Inc.'], ['OU', 'https://certs.godaddy.com/repository/'], ['L', 'Scottsdale'], ['CN', 'Go Daddy Secure Certificate Authority - G2']];
    const caKey = await toolKey('rsa-4096', 'SHA-256', 9);
    const ca = await toolCert({
      subject: dn, key: caKey, serial: serialOfBits(127), notBefore: NOW, notAfter: plusDays(NOW, 365),
      extensions: [ext.keyUsage(GO_CA_USAGE), ext.eku(EKU.clientAuth, EKU.serverAuth), ext.basicConstraints(true), await ext.ski(caKey)],
    });
    expectTool(ca.facts, 'bettercap', 'bettercap-spoof-ca', 'critical');
    const key = await toolKey('rsa-1024', 'SHA-256', 20);
    const leaf = await toolCert({
      subject: [['CN', 'login.example.org']], issuer: dn, key, signer: caKey, serial: '0a1b2c3d', notBefore: NOW, notAfter: plusDays(NOW, 90),
      extensions: [ext.basicConstraints(false), await ext.aki(caKey), ext.sanDns('login.example.org')],
    });
    expectTool(leaf.facts, 'bettercap', 'bettercap-spoofed-leaf', 'critical', ['bettercap'], [leaf.facts, ca.facts]);
  });

  it("evilginx's 'Evilginx Super-Evil Root CA' and its phishing-host leaf are critical", async () => {
    // kgretzky/evilginx2 core/certdb.go
    const caKey = await toolKey('rsa-2048', 'SHA-256', 21);
    const caDn: Attr[] = [['O', 'Evilginx Signature Trust Co.'], ['CN', 'Evilginx Super-Evil Root CA']];
    const ca = await toolCert({
      subject: caDn, key: caKey, serial: serialOfBits(127), notBefore: NOW, notAfter: plusDays(NOW, 3650),
      extensions: [ext.keyUsage(GO_CA_USAGE), ext.eku(EKU.clientAuth, EKU.serverAuth), ext.basicConstraints(true), await ext.ski(caKey)],
    });
    expectTool(ca.facts, 'evilginx', 'evilginx-ca', 'critical');
    const key = await toolKey('rsa-1024', 'SHA-256', 22);
    const leaf = await toolCert({
      subject: [['O', 'Evilginx Signature Trust Co.'], ['CN', 'login.examp1e-portal.net']], issuer: caDn, key, signer: caKey, serial: serialOfBits(126),
      notBefore: NOW, notAfter: plusDays(NOW, 180),
      extensions: [ext.keyUsage(KU.keyEncipherment | KU.digitalSignature), ext.eku(EKU.serverAuth), ext.basicConstraints(false), await ext.aki(caKey), ext.sanDns('login.examp1e-portal.net')],
    });
    expectTool(leaf.facts, 'evilginx', 'evilginx-leaf', 'critical', ['evilginx'], [leaf.facts, ca.facts]);
  });

  it('near-miss: a corporate TLS-inspection CA with its own name is no tool default', async () => {
    const caKey = await toolKey('rsa-2048', 'SHA-256', 23);
    const ca = await toolCert({
      subject: [['C', 'US'], ['O', 'Example Corp'], ['CN', 'Example Corp TLS Inspection CA']], key: caKey, serial: serialOfBits(127), notBefore: NOW, notAfter: plusDays(NOW, 3650),
      extensions: [ext.basicConstraints(true), ext.keyUsage(KU.keyCertSign | KU.cRLSign), await ext.ski(caKey)],
    });
    expect(toolSignal(ca.facts)).toBeUndefined();
  });
});

describe('developer and admin defaults', () => {
  // MicrosoftDocs/windows-powershell-docs docset/winserver2019-ps/pki/New-SelfSignedCertificate.md: the first -DnsName
  // is subject and issuer, every name goes to the SAN, key usage DigitalSignature + KeyEncipherment, NotBefore 10 minutes
  // before creation, NotAfter one year after, a pseudo-random 16-byte serial.
  it("PowerShell New-SelfSignedCertificate -DnsName is a developer default: low, hygiene, never tool-default", async () => {
    const key = await toolKey('rsa-2048');
    const created = new Date('2025-03-10T09:30:00Z');
    const notAfter = new Date(created);
    notAfter.setUTCFullYear(created.getUTCFullYear() + 1);
    const facts = (await toolCert({
      subject: [['CN', 'www.fabrikam.com']], key, serial: '5a1c0e7f93b2446d8a0c5e71f2d39b04', notBefore: new Date(created.getTime() - 10 * 60_000), notAfter,
      extensions: [ext.keyUsage(KU.digitalSignature | KU.keyEncipherment, false), ext.sanDns('www.fabrikam.com', 'www.contoso.com')],
    })).facts;
    const f = judge(facts);
    const dev = f.signals.find((s) => s.id === 'developer-default')!;
    expect(dev.severity).toBe('low');
    expect(dev.class).toBe('hygiene');
    expect(dev.evidence.tools).toEqual(['PowerShell New-SelfSignedCertificate']);
    expect(toolSignal(facts)).toBeUndefined();
  });

  it("near-miss: openssl req -x509 -days 365 -subj /CN=... is not PowerShell's (exactly 365 days, a 20-byte serial, no key usage)", () => {
    const facts = certFacts(opensslCert(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '365', '-subj', '/CN=www.fabrikam.com']), { keepDer: true });
    expect(judge(facts).signals.find((s) => s.id === 'developer-default')?.evidence.tools ?? []).not.toContain('PowerShell New-SelfSignedCertificate');
  });
});
