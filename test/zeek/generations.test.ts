/**
 * Issue 15 item 2 and issue 13 item 5: every Zeek log generation gives its certificates, each under its own
 * identity. Bro 2.1–2.2 ssl.log carries the leaf on the line (base/protocols/ssl/main.bro: subject,
 * issuer_subject, not_valid_before, not_valid_after; policy/protocols/ssl/cert-hash.bro: cert_hash, the MD5 of the
 * DER); Bro 2.3 to Zeek 4.0 join ssl.log's cert_chain_fuids to x509.log's `id` and log no digest; a lone x509.log
 * with the base64 `cert` column (policy/protocols/ssl/log-certs-base64.zeek) is judged on the DER. Certificates
 * are made here with the openssl CLI.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FindingCollector } from '../../src/pipeline/collect-findings';
import type { InputProblem } from '../../src/pipeline/extract';
import { scan } from '../../src/pipeline/scan';
import { findingDocument } from '../../src/output/ecs-finding';
import { tsvLog } from '../helpers/zeek-logs';

const dir = mkdtempSync(join(tmpdir(), 'certhound-generations-'));

interface Made {
  der: Buffer;
  subject: string;
  issuer: string;
  notBefore: number;
  notAfter: number;
  serial: string;
}

/** A self-signed certificate made by openssl; names as Zeek prints them (RFC 2253), times as epoch seconds. */
function opensslCert(cn: string, serial: number): Made {
  const key = join(dir, `${cn}.key`);
  const pem = join(dir, `${cn}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', pem,
    '-days', '90', '-subj', `/O=Generations/CN=${cn}`, '-set_serial', String(serial)], { stdio: 'pipe' });
  const der = execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER']);
  const text = execFileSync('openssl', ['x509', '-in', pem, '-noout', '-subject', '-issuer', '-startdate', '-enddate', '-serial', '-nameopt', 'RFC2253', '-dateopt', 'iso_8601']).toString();
  const field = (name: string): string => new RegExp(`^${name}=(.*)$`, 'm').exec(text)![1].trim();
  const epoch = (iso: string): number => Date.parse(iso.replace(' ', 'T')) / 1000;
  return { der, subject: field('subject'), issuer: field('issuer'), notBefore: epoch(field('notBefore')), notAfter: epoch(field('notAfter')), serial: field('serial') };
}

async function findingsOf(files: Record<string, string>): Promise<{ findings: ReturnType<FindingCollector['findings']>; problems: InputProblem[]; handshakes: number }> {
  const sub = mkdtempSync(join(dir, 'logs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
  const found = new FindingCollector();
  const problems: InputProblem[] = [];
  const r = await scan([sub], { onFinding: found.onFinding, onProblem: (p) => problems.push(p) }, { findings: true });
  return { findings: found.findings(), problems, handshakes: r.stats.handshakes };
}

const T0 = 1700000000;

describe('Bro 2.1 ssl.log: the certificate columns on the ssl line', () => {
  const a = opensslCert('bro-a.example', 1001);
  const b = opensslCert('bro-b.example', 1002);
  const md5 = (m: Made): string => createHash('md5').update(m.der).digest('hex');
  const row = (n: number, m: Made, server: string): string[] => [`${T0 + n}.000000`, `C${n}`, '10.1.1.1', String(40000 + n), server, '443', 'TLSv10', 'TLS_RSA_WITH_RC4_128_SHA', '-', '-',
    m.subject, m.issuer, `${m.notBefore}.000000`, `${m.notAfter}.000000`, '-', '-', '-', md5(m), 'self signed certificate'];
  const ssl = tsvLog('ssl',
    ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'session_id', 'subject', 'issuer_subject',
      'not_valid_before', 'not_valid_after', 'last_alert', 'client_subject', 'client_issuer_subject', 'cert_hash', 'validation_status'],
    ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string', 'string', 'string'],
    [row(0, a, '192.0.2.10'), row(1, b, '192.0.2.11'), row(2, a, '192.0.2.12')]);

  test('each leaf is known by its cert_hash (MD5, labelled), with the names and validity the line gives', async () => {
    const { findings, handshakes } = await findingsOf({ 'ssl.log': ssl });
    expect(handshakes).toBe(3);
    expect(findings.map((f) => f.sha256).sort()).toEqual([`md5:${md5(a)}`, `md5:${md5(b)}`].sort());
    const fa = findings.find((f) => f.sha256 === `md5:${md5(a)}`)!;
    expect(fa.facts).toMatchObject({ subject: a.subject, issuer: a.issuer, notBefore: new Date(a.notBefore * 1000).toISOString().replace('.000Z', 'Z'), selfIssued: true });
    expect(fa.sightings).toMatchObject({ count: 2, distinctServers: 2 });
    expect(fa.trust.verdict).toBe('not-verifiable');
    const doc = findingDocument(fa) as { tls: { server: { hash: Record<string, string> } }; certhound: { identity: unknown } };
    expect(doc.tls.server.hash).toEqual({ md5: md5(a).toUpperCase() });
    expect(doc.certhound.identity).toEqual({ kind: 'md5', value: `md5:${md5(a)}` });
  });
});

describe('issue 13 item 5: Zeek < 4.1 logs joined by file ids', () => {
  const certs = Array.from({ length: 20 }, (_, i) => opensslCert(`fuid-${i}.example`, 2000 + i));
  const x509 = tsvLog('x509',
    ['ts', 'id', 'certificate.version', 'certificate.serial', 'certificate.subject', 'certificate.issuer', 'certificate.not_valid_before', 'certificate.not_valid_after',
      'certificate.key_alg', 'certificate.sig_alg', 'certificate.key_type', 'certificate.key_length', 'basic_constraints.ca'],
    ['time', 'string', 'count', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string', 'count', 'bool'],
    certs.map((m, i) => [`${T0 + i}.000000`, `Fx509file${String(i).padStart(8, '0')}`, '3', m.serial, m.subject, m.issuer, `${m.notBefore}.000000`, `${m.notAfter}.000000`,
      'id-ecPublicKey', 'ecdsa-with-SHA256', 'ecdsa', '256', 'F']));
  const ssl = tsvLog('ssl',
    ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'resumed', 'established', 'cert_chain_fuids', 'client_cert_chain_fuids', 'subject', 'issuer'],
    ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]', 'string', 'string'],
    certs.map((m, i) => [`${T0 + i}.500000`, `C${i}`, '10.2.2.2', String(50000 + i), `198.51.100.${i + 1}`, '443', 'TLSv12', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', `fuid-${i}.example`, 'F', 'T',
      `Fx509file${String(i).padStart(8, '0')}`, '(empty)', m.subject, m.issuer]));

  test('20 distinct certificates on 20 servers give 20 identities and no reuse alert', async () => {
    const { findings } = await findingsOf({ 'ssl.log': ssl, 'x509.log': x509 });
    expect(findings).toHaveLength(20);
    expect(new Set(findings.map((f) => f.sha256)).size).toBe(20);
    expect(new Set(findings.map((f) => f.id)).size).toBe(20);
    expect(findings.every((f) => /^fields:[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(findings.every((f) => f.sightings.distinctServers === 1)).toBe(true);
    expect(findings.flatMap((f) => f.signals.map((s) => s.id))).not.toContain('reused-certificate');
    // labelled as such in the output
    const doc = findingDocument(findings[0]) as { certhound: { identity: { kind: string } } };
    expect(doc.certhound.identity.kind).toBe('fields');
  });

  test('the ssl.log alone says that only the x509.log of the same hours names its certificates', async () => {
    const { findings, problems, handshakes } = await findingsOf({ 'ssl.log': ssl });
    expect(handshakes).toBe(20);
    expect(findings).toEqual([]);
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/20 ssl lines name certificates no x509 line described.*20 name them by file id only \(Zeek < 4\.1\)/));
  });
});

describe('a lone x509.log', () => {
  const certs = [opensslCert('lone-a.example', 3001), opensslCert('lone-b.example', 3002)];
  const sha = (m: Made): string => createHash('sha256').update(m.der).digest('hex');
  const fields = ['ts', 'fingerprint', 'certificate.version', 'certificate.serial', 'certificate.subject', 'certificate.issuer', 'certificate.not_valid_before',
    'certificate.not_valid_after', 'certificate.key_alg', 'certificate.sig_alg', 'certificate.key_type', 'certificate.key_length', 'host_cert', 'client_cert'];
  const types = ['time', 'string', 'count', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string', 'count', 'bool', 'bool'];
  const row = (m: Made, i: number): string[] => [`${T0 + i}.000000`, sha(m), '3', m.serial, m.subject, m.issuer, `${m.notBefore}.000000`, `${m.notAfter}.000000`,
    'id-ecPublicKey', 'ecdsa-with-SHA256', 'ecdsa', '256', 'T', 'F'];

  test('with the base64 cert column: every certificate, judged on its DER like a capture', async () => {
    const x509 = tsvLog('x509', [...fields, 'cert'], [...types, 'string'], certs.map((m, i) => [...row(m, i), m.der.toString('base64')]));
    const { findings, handshakes } = await findingsOf({ 'x509.log': x509 });
    expect(handshakes).toBe(0);
    expect(findings.map((f) => f.sha256).sort()).toEqual(certs.map(sha).sort());
    for (const f of findings) {
      expect(f.trust.verdict).toBe('untrusted'); // a chain verdict needs the DER: self-signed, verified
      expect(f.facts.spkiSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.roles).toEqual(['server']);
      expect(f.sightings).toMatchObject({ count: 1, distinctServers: 0, servers: [] });
      expect(f.signals.map((s) => s.id)).toContain('self-signed');
    }
  });

  test('without it: the same certificates by fingerprint, with what the log tells', async () => {
    const { findings } = await findingsOf({ 'x509.log': tsvLog('x509', fields, types, certs.map(row)) });
    expect(findings.map((f) => f.sha256).sort()).toEqual(certs.map(sha).sort());
    expect(findings.every((f) => f.trust.verdict === 'not-verifiable')).toBe(true);
  });
});

test('a log none of whose lines can be read is a warning naming the file', async () => {
  const header = tsvLog('ssl', ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'established', 'resumed'], ['time', 'string', 'addr', 'port', 'addr', 'port', 'bool', 'bool'], []);
  const { problems } = await findingsOf({ 'ssl.log': header.replace(/#close.*\n/, '') + 'garbage\tline\nmore\n' });
  expect(problems.map((p) => `${p.file.split('/').pop()}: ${p.message}`)).toContainEqual('ssl.log: none of its lines could be read as a Zeek record: nothing read from it');
});
