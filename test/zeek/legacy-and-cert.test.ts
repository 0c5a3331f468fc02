/**
 * Older logs (Zeek < 4.1: ssl.log `cert_chain_fuids`, x509.log keyed by file `id`, no fingerprints) and logs with
 * the base64 `cert` column of zeek scripts/policy/protocols/ssl/log-certs-base64.zeek, whose certificate is made
 * here with the openssl CLI.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZeekLogs, ZeekJoiner, type ZeekAnomaly, type ZeekHandshake } from '../../src/zeek';
import { linesOf, tsvLog } from '../helpers/zeek-logs';

async function read(files: Array<{ name: string; text: string }>, anomalies: ZeekAnomaly[] = [], joiner?: ZeekJoiner): Promise<ZeekHandshake[]> {
  const out: ZeekHandshake[] = [];
  const inputs = files.map((f) => ({ name: f.name, lines: linesOf(f.text) }));
  for await (const h of readZeekLogs(inputs, (a) => anomalies.push(a), joiner ? { joiner } : {})) out.push(h);
  return out;
}

const X509_FIELDS = ['ts', 'id', 'certificate.version', 'certificate.serial', 'certificate.subject', 'certificate.issuer',
  'certificate.not_valid_before', 'certificate.not_valid_after', 'certificate.key_alg', 'certificate.sig_alg',
  'certificate.key_type', 'certificate.key_length', 'certificate.exponent', 'certificate.curve', 'san.dns', 'san.uri',
  'san.email', 'san.ip', 'basic_constraints.ca', 'basic_constraints.path_len'];
const X509_TYPES = ['time', 'string', 'count', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string',
  'count', 'string', 'string', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[addr]', 'bool', 'count'];

describe('Zeek < 4.1 logs: cert_chain_fuids joined to x509.id', () => {
  // Values of the leaf and intermediate in /work/shared/corpus/zeek-logs/zeek-tls1_1.pcap.x509.log; file ids made up.
  const x509 = tsvLog('x509', X509_FIELDS, X509_TYPES, [
    ['1509544200.100000', 'FkYAzx1hp6uuNhcQqe', '3', '3D1DE44E346ECE68', 'CN=*.google.com,O=Google Inc,L=Mountain View,ST=California,C=US',
      'CN=Google Internet Authority G2,O=Google Inc,C=US', '1509544136.000000', '1516800660.000000', 'rsaEncryption',
      'sha256WithRSAEncryption', 'rsa', '2048', '65537', '-', '*.google.com,*.android.com', '-', '-', '-', 'F', '-'],
    ['1509544200.100000', 'FhWVKm3c1Yv3GhTyse', '3', '0100212588B0FA59A777EF057B6627DF', 'CN=Google Internet Authority G2,O=Google Inc,C=US',
      'CN=GeoTrust Global CA,O=GeoTrust Inc.,C=US', '1495452757.000000', '1546300799.000000', 'rsaEncryption',
      'sha256WithRSAEncryption', 'rsa', '2048', '65537', '-', '-', '-', '-', '-', 'T', '0'],
  ]);
  const ssl = tsvLog('ssl',
    ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'resumed', 'established', 'cert_chain_fuids', 'client_cert_chain_fuids', 'subject', 'issuer', 'validation_status'],
    ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]', 'string', 'string', 'string'],
    [['1509544200.050000', 'CHhAvVGS1DHFjwGM9', '192.168.17.58', '62987', '216.58.192.14', '443', 'TLSv11', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'www.google.com', 'F', 'T',
      'FkYAzx1hp6uuNhcQqe,FhWVKm3c1Yv3GhTyse,FnoSuchFile00000', '(empty)', 'CN=*.google.com,O=Google Inc,L=Mountain View,ST=California,C=US', 'CN=Google Internet Authority G2,O=Google Inc,C=US', 'ok']],
  );

  test('the chain gets the facts of each file id; unknown ids stay as references', async () => {
    const joiner = new ZeekJoiner();
    const [h] = await read([{ name: 'ssl.log', text: ssl }, { name: 'x509.log', text: x509 }], [], joiner);
    expect(h.ts).toEqual({ sec: 1509544200, nsec: 50000000 });
    expect(h.serverChain.status).toBe('present');
    const certs = h.serverChain.certs;
    expect(certs.map((c) => c.fuid)).toEqual(['FkYAzx1hp6uuNhcQqe', 'FhWVKm3c1Yv3GhTyse', 'FnoSuchFile00000']);
    expect(certs.map((c) => c.facts?.subject.commonName)).toEqual(['*.google.com', 'Google Internet Authority G2', undefined]);
    // these logs carry no digest: each certificate is known by its serial, names and validity, labelled as such
    expect(certs.map((c) => c.sha256.replace(/^fields:[0-9a-f]{64}$/, 'fields:…'))).toEqual(['fields:…', 'fields:…', '']);
    expect(certs[0].sha256).not.toBe(certs[1].sha256);
    expect(h.logAnomalies).toEqual(['unknown-certificate']);
    expect(h.clientChain).toEqual({ status: 'absent', certs: [] });
    const leaf = joiner.factsFor('fuid:FkYAzx1hp6uuNhcQqe');
    expect(leaf).toMatchObject({ serial: '3D1DE44E346ECE68', notAfter: '2018-01-24T13:31:00Z', san: { dns: ['*.google.com', '*.android.com'] }, publicKey: { type: 'rsa', bits: 2048, rsaExponent: 65537, algorithmOid: '1.2.840.113549.1.1.1' } });
    expect(joiner.factsFor('fuid:FhWVKm3c1Yv3GhTyse')?.basicConstraints).toEqual({ ca: true, pathLength: 0, critical: false });
  });
});

describe('x509.log with the base64 cert column (log-certs-base64.zeek)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-zeek-cert-'));
  const key = join(dir, 'key.pem');
  const pem = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', pem,
    '-days', '30', '-utf8', '-subj', '/C=DE/O=Test, Inc./CN=Zoë Café', '-addext', 'subjectAltName=DNS:zoe.example,IP:192.0.2.7', '-set_serial', '0x0a0b0c'], { stdio: 'pipe' });
  const der = execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER']);
  const show = (nameopt: string): string => execFileSync('openssl', ['x509', '-in', pem, '-noout', '-subject', '-nameopt', nameopt]).toString().trim().replace(/^subject=/, '');
  // Zeek prints names with XN_FLAG_RFC2253 (ESC_MSB on); certhound's form is `-nameopt RFC2253,-esc_msb`.
  const zeekSubject = show('RFC2253');
  const certhoundSubject = show('RFC2253,-esc_msb');
  const dates = execFileSync('openssl', ['x509', '-in', pem, '-noout', '-startdate', '-enddate', '-dateopt', 'iso_8601']).toString();
  const notBefore = /notBefore=(\S+) (\S+)/.exec(dates)!;
  const notAfter = /notAfter=(\S+) (\S+)/.exec(dates)!;
  const epoch = (d: RegExpExecArray): string => String(Date.parse(`${d[1]}T${d[2]}`) / 1000) + '.000000';
  const sha256 = createHash('sha256').update(der).digest('hex');
  const sha1 = createHash('sha1').update(der).digest('hex');

  const fields = ['ts', 'fingerprint', 'certificate.version', 'certificate.serial', 'certificate.subject', 'certificate.issuer',
    'certificate.not_valid_before', 'certificate.not_valid_after', 'certificate.key_alg', 'certificate.sig_alg', 'certificate.key_type',
    'certificate.key_length', 'certificate.exponent', 'certificate.curve', 'san.dns', 'san.uri', 'san.email', 'san.ip',
    'basic_constraints.ca', 'basic_constraints.path_len', 'host_cert', 'client_cert', 'cert'];
  const types = ['time', 'string', 'count', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string', 'count',
    'string', 'string', 'vector[string]', 'vector[string]', 'vector[string]', 'vector[addr]', 'bool', 'count', 'bool', 'bool', 'string'];
  const x509Row = (fp: string): string[] => ['1700000000.000000', fp, '3', '0A0B0C', zeekSubject, zeekSubject, epoch(notBefore), epoch(notAfter),
    'id-ecPublicKey', 'ecdsa-with-SHA256', 'ecdsa', '256', '-', 'prime256v1', 'zoe.example', '-', '-', '192.0.2.7', 'T', '-', 'T', 'F', der.toString('base64')];
  const ssl = tsvLog('ssl', ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'established', 'resumed', 'cert_chain_fps', 'client_cert_chain_fps'],
    ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]'],
    [['1700000000.100000', 'Cabc', '2001:db8::1', '50000', '2001:db8::2', '8443', 'TLSv12', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'T', 'F', sha256, '(empty)']]);

  test('the DER is decoded into CertBlob.der with both digests, and the name escapes match the capture path', async () => {
    expect(zeekSubject).toContain('\\C3\\AB'); // the form Zeek logs
    const [h] = await read([{ name: 'x509.log', text: tsvLog('x509', fields, types, [x509Row(sha256)]) }, { name: 'ssl.log', text: ssl }]);
    const [blob] = h.serverChain.certs;
    expect(blob.der?.equals(der)).toBe(true);
    expect({ sha256: blob.sha256, sha1: blob.sha1 }).toEqual({ sha256, sha1 });
    expect(blob.facts?.subject.rfc4514).toBe(certhoundSubject);
    expect(blob.facts?.subject.commonName).toBe('Zoë Café');
    expect(blob.facts?.subject.attributes).toEqual([
      { type: 'C', oid: '2.5.4.6', value: 'DE' },
      { type: 'O', oid: '2.5.4.10', value: 'Test, Inc.' },
      { type: 'CN', oid: '2.5.4.3', value: 'Zoë Café' },
    ]);
    expect(blob.facts).toMatchObject({
      selfIssued: true, serial: '0A0B0C', notBefore: `${notBefore[1]}T${notBefore[2]}`, notAfter: `${notAfter[1]}T${notAfter[2]}`,
      publicKey: { type: 'ec', curve: 'P-256', bits: 256, algorithmOid: '1.2.840.10045.2.1' },
      signatureAlgorithm: { oid: '1.2.840.10045.4.3.2', name: 'ecdsa-with-SHA256' },
      san: { dns: ['zoe.example'], ip: ['192.0.2.7'], email: [], uri: [] }, hostCert: true, clientCert: false, fromLog: true,
    });
    expect(blob.facts?.unknown).not.toContain('sha1');
    expect(h).toMatchObject({ client: { ip: '2001:db8::1', port: 50000 }, cipherSuite: 0xc02b, version: 0x0303 });
  });

  test('a cert column that does not hash to the fingerprint is reported, the DER digest wins', async () => {
    const wrong = 'ab'.repeat(32);
    const anomalies: ZeekAnomaly[] = [];
    const joiner = new ZeekJoiner({ onAnomaly: (a) => anomalies.push(a) });
    await read([{ name: 'x509.log', text: tsvLog('x509', fields, types, [x509Row(wrong)]) }], [], joiner);
    expect(anomalies).toEqual([expect.objectContaining({ kind: 'fingerprint-mismatch', file: 'x509.log', line: 9 })]);
    expect(joiner.factsFor(sha256)?.sha256).toBe(sha256);
  });
});

describe('X509::hash_function redefined to SHA-1', () => {
  test('ssl and x509 lines join on the SHA-1; the SHA-256 stays unknown (the certificate is known by its SHA-1, labelled) and that is reported once', async () => {
    // SHA-1 of each certificate from /work/shared/corpus/expected.json (zeek-tls1_1.pcap)
    const corpusDir = join(__dirname, '../../../shared/corpus');
    const expected = JSON.parse(readFileSync(join(corpusDir, 'expected.json'), 'utf8'))['zeek-tls1_1.pcap'];
    const chain = expected.certificates[0].chain as Array<{ sha1: string; sha256: string; subject: string }>;
    let x509 = readFileSync(join(corpusDir, 'zeek-logs/zeek-tls1_1.pcap.x509.log'), 'utf8');
    let ssl = readFileSync(join(corpusDir, 'zeek-logs/zeek-tls1_1.pcap.ssl.log'), 'utf8');
    for (const c of chain) {
      x509 = x509.replace(c.sha256, c.sha1);
      ssl = ssl.replace(c.sha256, c.sha1);
    }
    const anomalies: ZeekAnomaly[] = [];
    const [h] = await read([{ name: 'x509.log', text: x509 }, { name: 'ssl.log', text: ssl }], anomalies);
    expect(h.serverChain.certs.map((c) => [c.sha1, c.sha256, c.facts?.subject.rfc4514])).toEqual(chain.map((c) => [c.sha1, `sha1:${c.sha1}`, c.subject]));
    expect(h.logAnomalies).toEqual(['masked-timestamp']);
    expect(anomalies.filter((a) => a.kind === 'not-sha256')).toHaveLength(1);
  });
});
