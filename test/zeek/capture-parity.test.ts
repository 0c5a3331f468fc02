/**
 * Log facts against the capture path: certificates made here with the openssl CLI are described the way Zeek's
 * x509.log describes them (names from `openssl -nameopt RFC2253`, which is Zeek's XN_FLAG_RFC2253; serial, dates,
 * key and SAN as X509.cc logs them) and the facts read from that line must equal the x509 stage's `certFacts`
 * of the same DER on every field a log carries.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certFacts } from '../../src/x509/cert-facts';
import { x509Facts } from '../../src/zeek';

const dir = mkdtempSync(join(tmpdir(), 'certhound-zeek-parity-'));
let n = 0;

interface Made {
  der: Buffer;
  fields: Record<string, string | number | boolean | string[]>;
}

/** Makes a self-signed certificate and the x509.log fields Zeek would write for it. */
function make(keyArgs: string[], subj: string, san: string, zeekKey: { key_alg: string; key_type: string; key_length: number; curve?: string; exponent?: string }, sig: string): Made {
  const base = join(dir, `c${n++}`);
  execFileSync('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-keyout', `${base}.key`, '-out', `${base}.pem`, '-days', '400', '-utf8',
    '-subj', subj, '-addext', `subjectAltName=${san}`, '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:2', '-set_serial', '0x00f1e2d3c4b5a69788'], { stdio: 'pipe' });
  const show = (...args: string[]): string => execFileSync('openssl', ['x509', '-in', `${base}.pem`, '-noout', ...args]).toString().replace(/\n$/, ''); // a name may end in an escaped space
  const der = execFileSync('openssl', ['x509', '-in', `${base}.pem`, '-outform', 'DER']);
  const name = (which: string): string => show(`-${which}`, '-nameopt', 'RFC2253').replace(/^\w+=/, '');
  const date = (which: string): number => Date.parse(show(`-${which}date`).replace(/^\w+=/, '')) / 1000;
  return {
    der,
    fields: {
      'certificate.version': 3,
      'certificate.serial': show('-serial').replace(/^serial=/, ''),
      'certificate.subject': name('subject'),
      'certificate.issuer': name('issuer'),
      'certificate.not_valid_before': date('start'),
      'certificate.not_valid_after': date('end'),
      'certificate.key_alg': zeekKey.key_alg,
      'certificate.sig_alg': sig,
      'certificate.key_type': zeekKey.key_type,
      'certificate.key_length': zeekKey.key_length,
      ...(zeekKey.exponent ? { 'certificate.exponent': zeekKey.exponent } : {}),
      ...(zeekKey.curve ? { 'certificate.curve': zeekKey.curve } : {}),
      'san.dns': san.split(',').filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)),
      'san.ip': san.split(',').filter((s) => s.startsWith('IP:')).map((s) => s.slice(3)),
      'basic_constraints.ca': true,
      'basic_constraints.path_len': 2,
    },
  };
}

function shared(f: ReturnType<typeof certFacts>): unknown {
  return {
    subject: f.subject, issuer: f.issuer, serial: f.serial, version: f.version, notBefore: f.notBefore, notAfter: f.notAfter,
    key: { type: f.publicKey.type, bits: f.publicKey.bits, curve: f.publicKey.curve, oid: f.publicKey.algorithmOid, e: f.publicKey.rsaExponent },
    sig: f.signatureAlgorithm, dns: f.san.dns, ip: f.san.ip, ca: f.basicConstraints?.ca, pathLength: f.basicConstraints?.pathLength,
    selfIssued: f.selfIssued,
  };
}

describe('x509.log facts equal the capture path facts', () => {
  test.each([
    ['RSA, UTF-8 and escaped characters, multi-valued RDN',
      () => make(['-newkey', 'rsa:2048'], '/C=FR/ST=Île-de-France/O=Dupont \\+ Fils; "SARL"/OU=a\\,b/CN=Zoë+UID=z1', 'DNS:zoe.example,DNS:*.zoe.example,IP:192.0.2.1',
        { key_alg: 'rsaEncryption', key_type: 'rsa', key_length: 2048, exponent: '65537' }, 'sha256WithRSAEncryption')],
    ['EC P-384, leading and trailing spaces, < > #',
      () => make(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp384r1'], '/O=#hash <corp> /CN= spaced ', 'DNS:ec.example',
        { key_alg: 'id-ecPublicKey', key_type: 'ecdsa', key_length: 384, curve: 'secp384r1' }, 'ecdsa-with-SHA256')],
  ])('%s', (_label, build) => {
    const { der, fields } = build();
    const fromDer = certFacts(der);
    const fromLog = x509Facts(fields);
    expect(shared(fromLog)).toEqual(shared(fromDer));
    // no fingerprint column given here, no DER: known by its serial, names and validity, labelled as such
    expect(fromLog.sha256).toMatch(/^fields:[0-9a-f]{64}$/);
    expect(fromLog.unknown).toContain('sha256');
    expect(x509Facts({ ...fields }).sha256).toBe(fromLog.sha256);
    expect(x509Facts({ ...fields, fingerprint: fromDer.sha256 }).sha256).toBe(fromDer.sha256);
  });
});
