/**
 * Zeek btest baseline logs of /work/shared/corpus/zeek-logs/ (see its README and baselines.tsv) against the
 * capture oracle /work/shared/corpus/expected.json: the log path must give the same certificates as the capture
 * path (sha256 sets per role; subject, issuer, serial and validity of each certificate).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLines } from '../../src/logs';
import { readZeekLogs, ZeekJoiner, type ZeekAnomaly, type ZeekHandshake } from '../../src/zeek';

const CORPUS = join(__dirname, '../../../shared/corpus');
const LOGS = join(CORPUS, 'zeek-logs');
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, any>;
const captures = readdirSync(LOGS).filter((f) => f.endsWith('.ssl.log')).map((f) => f.slice(0, -'.ssl.log'.length));

/** Zeek also decodes the TLS handshake carried base64 in FTP ADAT commands (corpus README, "Known disagreements"). */
const GLOBUS_ADAT_CHAIN = '5d3015916579d36adff0d813c94ab4354cd9ed3d23646b40e4d137b79c77c860';

async function sweep(capture: string): Promise<{ hs: ZeekHandshake[]; joiner: ZeekJoiner; anomalies: ZeekAnomaly[] }> {
  const anomalies: ZeekAnomaly[] = [];
  const joiner = new ZeekJoiner({ onAnomaly: (a) => anomalies.push(a) });
  const names = [`${capture}.ssl.log`, `${capture}.x509.log`].map((n) => join(LOGS, n)).filter((p) => existsSync(p));
  const files = names.map((name) => ({ name, lines: openLines(name).lines }));
  const hs: ZeekHandshake[] = [];
  for await (const h of readZeekLogs(files, (a) => anomalies.push(a), { joiner })) hs.push(h);
  return { hs, joiner, anomalies };
}

const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();

describe('corpus zeek-logs against expected.json', () => {
  test('all 15 baseline pairs are present', () => {
    expect(captures).toHaveLength(15);
  });

  test.each(captures)('%s: same server and client certificate sets as the capture', async (capture) => {
    const exp = expected[capture];
    const { hs, anomalies } = await sweep(capture);
    expect(hs.length).toBeGreaterThan(0);
    let server = sorted(hs.flatMap((h) => h.serverChain.certs.map((c) => c.sha256)));
    if (capture === 'zeek-globus-url-copy.pcap') {
      expect(server).toContain(GLOBUS_ADAT_CHAIN);
      server = server.filter((s) => s !== GLOBUS_ADAT_CHAIN);
    }
    expect(server).toEqual(sorted(exp.unique_server_cert_sha256));
    expect(sorted(hs.flatMap((h) => h.clientChain.certs.map((c) => c.sha256)))).toEqual(sorted(exp.unique_client_cert_sha256));
    // btest masks ts: tolerated, counted, never fatal
    expect(hs.every((h) => h.ts.sec === 0 && h.logAnomalies.includes('masked-timestamp'))).toBe(true);
    expect(anomalies.filter((a) => a.fatal)).toEqual([]);
    expect(anomalies.some((a) => a.kind === 'masked-timestamp' && a.count === hs.length)).toBe(true);
  });

  test.each(captures)('%s: names, serial and validity equal the capture oracle', async (capture) => {
    const { joiner } = await sweep(capture);
    let compared = 0;
    for (const entry of expected[capture].certificates) {
      for (const cert of entry.chain) {
        const facts = joiner.factsFor(cert.sha256);
        if (!facts || !cert.der_parse_ok) continue;
        compared++;
        expect({ s: facts.subject.rfc4514, i: facts.issuer.rfc4514, n: facts.serial, b: facts.notBefore, a: facts.notAfter })
          .toEqual({ s: cert.subject, i: cert.issuer, n: cert.serial, b: cert.not_before, a: cert.not_after });
        expect(facts.fromLog).toBe(true);
        expect(facts.sha1).toBe(''); // x509.log carries SHA-256 only
      }
    }
    const hasX509 = existsSync(join(LOGS, `${capture}.x509.log`));
    if (hasX509) expect(compared).toBeGreaterThan(0);
  });

  const crosscheck = readdirSync(join(LOGS, 'crosscheck-only')).filter((f) => f.endsWith('.x509.log'));
  test.each(crosscheck)('crosscheck-only/%s: every certificate equals the oracle', async (name) => {
    const joiner = new ZeekJoiner();
    const path = join(LOGS, 'crosscheck-only', name);
    for await (const h of readZeekLogs([{ name: path, lines: openLines(path).lines }], undefined, { joiner })) void h;
    const certs = (expected[name.slice(0, -'.x509.log'.length)].certificates as any[]).flatMap((c) => c.chain);
    let compared = 0;
    for (const cert of certs) {
      const facts = joiner.factsFor(cert.sha256);
      if (!facts) continue;
      compared++;
      expect([facts.subject.rfc4514, facts.issuer.rfc4514, facts.serial, facts.notBefore, facts.notAfter])
        .toEqual([cert.subject, cert.issuer, cert.serial, cert.not_before, cert.not_after]);
    }
    expect(compared).toBeGreaterThan(0);
  });

  test('TLS 1.3 without certificates is reported as encrypted, not absent (zeek-tls13_wolfssl.pcap)', async () => {
    const { hs } = await sweep('zeek-tls13_wolfssl.pcap');
    expect(hs).toHaveLength(expected['zeek-tls13_wolfssl.pcap'].tls13_connections_without_visible_cert);
    expect(hs[0]).toMatchObject({ version: 0x0304, cipherSuite: 0x1302, serverChain: { status: 'encrypted', certs: [] } });
  });

  test('DTLS lines become udp/dtls handshakes (zeek-dtls1_2.pcap)', async () => {
    const { hs } = await sweep('zeek-dtls1_2.pcap');
    expect(hs[0]).toMatchObject({
      transport: 'udp', protocol: 'dtls', version: 0xfefd, cipherSuite: 0xc030,
      client: { ip: '192.168.17.58', port: 60934 }, server: { ip: '165.227.57.17', port: 4400 }, completed: true,
    });
  });

  test('an ssl.log without its x509.log keeps the chain fingerprints and flags them (zeek-tls-fragmented-handshake.pcap)', async () => {
    const { hs, anomalies } = await sweep('zeek-tls-fragmented-handshake.pcap');
    expect(hs[0].serverChain.status).toBe('present');
    expect(hs[0].serverChain.certs.map((c) => c.sha256)).toEqual(expected['zeek-tls-fragmented-handshake.pcap'].unique_server_cert_sha256);
    expect(hs[0].logAnomalies).toContain('unknown-certificate');
    expect(hs[0].serverName).toBe('104.236.167.107');
    expect(anomalies.some((a) => a.kind === 'unknown-certificate' && a.count === 1)).toBe(true);
  });
});
