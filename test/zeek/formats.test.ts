/**
 * The same corpus logs (/work/shared/corpus/zeek-logs/, Zeek btest baselines) read as TSV, as Zeek JSON (made
 * here by test/helpers/zeek-logs.ts, epoch and ISO 8601 times, flat and nested keys), gzip-compressed, and as
 * rotated files, must give the same handshakes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLines } from '../../src/logs';
import { readZeekLogs, TsvParser, type ZeekAnomaly, type ZeekFileState, type ZeekHandshake } from '../../src/zeek';
import { linesOf, tsvToJson, unmask } from '../helpers/zeek-logs';

const LOGS = join(__dirname, '../../../shared/corpus/zeek-logs');
const corpus = (name: string): string => unmask(readFileSync(join(LOGS, name), 'utf8'));

/** What must not depend on the log format. */
function summary(hs: ZeekHandshake[]): unknown[] {
  return hs.map((h) => ({
    ts: h.ts, client: h.client, server: h.server, version: h.version, cipher: h.cipherSuite, sni: h.serverName,
    completed: h.completed, resumed: h.resumed, transport: h.transport,
    serverCerts: h.serverChain.certs.map((c) => [c.sha256, c.facts?.subject.rfc4514, c.facts?.issuer.rfc4514, c.facts?.notBefore, c.facts?.serial, c.facts?.san.dns.length]),
    clientCerts: h.clientChain.certs.map((c) => [c.sha256, c.facts?.subject.rfc4514]),
  }));
}

async function read(files: Array<{ name: string; text: string }>, anomalies: ZeekAnomaly[] = []): Promise<ZeekHandshake[]> {
  const out: ZeekHandshake[] = [];
  for await (const h of readZeekLogs(files.map((f) => ({ name: f.name, lines: linesOf(f.text) })), (a) => anomalies.push(a))) out.push(h);
  return out;
}

const PAIRS = ['zeek-tls1_1.pcap', 'zeek-globus-url-copy.pcap', 'zeek-dtls1_0.pcap', 'zeek-smtp-starttls.pcap'];

describe('TSV and JSON give the same handshakes', () => {
  test.each(PAIRS)('%s: JSON with epoch times', async (capture) => {
    const ssl = corpus(`${capture}.ssl.log`);
    const x509 = corpus(`${capture}.x509.log`);
    const tsv = await read([{ name: 'x509.log', text: x509 }, { name: 'ssl.log', text: ssl }]);
    const anomalies: ZeekAnomaly[] = [];
    const json = await read([{ name: 'x509.json', text: tsvToJson(x509) }, { name: 'ssl.json', text: tsvToJson(ssl) }], anomalies);
    expect(tsv.length).toBeGreaterThan(0);
    expect(tsv[0].ts).toEqual({ sec: 1700000000, nsec: 250000000 });
    expect(summary(json)).toEqual(summary(tsv));
    expect(anomalies).toEqual([]);
  });

  test('JSON with ISO 8601 times (LogAscii::json_timestamps = JSON::TS_ISO8601)', async () => {
    const ssl = corpus('zeek-tls1_1.pcap.ssl.log');
    const x509 = corpus('zeek-tls1_1.pcap.x509.log');
    const tsv = await read([{ name: 'x', text: x509 }, { name: 's', text: ssl }]);
    const iso = await read([{ name: 'x', text: tsvToJson(x509, 'iso') }, { name: 's', text: tsvToJson(ssl, 'iso') }]);
    expect(tsvToJson(ssl, 'iso')).toContain('"ts":"2023-11-14T22:13:20.250000Z"');
    expect(summary(iso)).toEqual(summary(tsv));
    // expected.json: not_before of 22a920a5… is 2017-11-01T13:48:56Z
    expect(iso[0].serverChain.certs[0].facts?.notBefore).toBe('2017-11-01T13:48:56Z');
  });

  test('nested JSON objects ({"id": {"orig_h": …}}) read like dotted keys', async () => {
    const flat = tsvToJson(corpus('zeek-tls1_1.pcap.ssl.log')).trim();
    const obj = JSON.parse(flat) as Record<string, unknown>;
    const nested: Record<string, unknown> = { id: {} };
    for (const [k, v] of Object.entries(obj)) {
      if (k.startsWith('id.')) (nested.id as Record<string, unknown>)[k.slice(3)] = v;
      else nested[k] = v;
    }
    const [a] = await read([{ name: 'flat', text: flat }]);
    const [b] = await read([{ name: 'nested', text: JSON.stringify(nested) }]);
    expect(b.client).toEqual({ ip: '192.168.17.58', port: 62987 });
    expect(summary([b])).toEqual(summary([a]));
  });
});

describe('files: gzip, rotation, resuming', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-zeek-'));

  test('gzip logs are found by magic bytes, not by name, and read like plain ones', async () => {
    const ssl = corpus('zeek-tls1.2.pcap.ssl.log');
    const x509 = corpus('zeek-tls1.2.pcap.x509.log');
    writeFileSync(join(dir, 'x509.log.gz'), gzipSync(x509));
    writeFileSync(join(dir, 'ssl-compressed.log'), gzipSync(ssl)); // no .gz suffix on purpose
    const opened = await Promise.all(['x509.log.gz', 'ssl-compressed.log'].map(async (n) => ({ name: n, lines: openLines(join(dir, n)).lines })));
    const gz: ZeekHandshake[] = [];
    for await (const h of readZeekLogs(opened)) gz.push(h);
    const plain = await read([{ name: 'x', text: x509 }, { name: 's', text: ssl }]);
    expect(gz.length).toBe(1);
    expect(summary(gz)).toEqual(summary(plain));
  });

  test('a cut-off .gz and a missing file end their lines with an error, never a throw', async () => {
    const ssl = corpus('zeek-globus-url-copy.pcap.ssl.log');
    const gz = gzipSync(ssl);
    writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, gz.length - 12)); // the trailer and some data are gone
    const errors: string[] = [];
    const got: string[] = [];
    for await (const line of openLines(join(dir, 'cut.log.gz'), undefined, (m) => errors.push(m)).lines) got.push(line);
    expect(got.length).toBeGreaterThan(5);
    expect(ssl.startsWith(got.slice(0, -1).join('\n'))).toBe(true);
    expect(errors).toEqual([expect.stringContaining('gzip')]);
    const missing: string[] = [];
    for await (const line of openLines(join(dir, 'no-such.log'), undefined, (m) => missing.push(m)).lines) got.push(line);
    expect(missing).toEqual([expect.stringContaining('no-such.log')]);
  });

  test('rotation: x509 of day 1, ssl of day 2 whose x509 lines were deduplicated away, listed ssl first', async () => {
    const x509 = corpus('zeek-tls1_1.pcap.x509.log');
    const ssl = corpus('zeek-tls1_1.pcap.ssl.log');
    const emptyDay2 = x509.split('\n').filter((l) => l.startsWith('#')).join('\n') + '\n';
    const files = [
      { name: 'ssl.2024-01-02-00-00-00.log', text: ssl },
      { name: 'x509.2024-01-01-00-00-00.log', text: x509 },
      { name: 'x509.2024-01-02-00-00-00.log', text: emptyDay2 },
    ];
    const anomalies: ZeekAnomaly[] = [];
    const hs = await read(files, anomalies);
    expect(hs).toHaveLength(1);
    expect(hs[0].source).toEqual({ file: 'ssl.2024-01-02-00-00-00.log', line: 10 });
    expect(hs[0].serverChain.certs.map((c) => c.facts?.subject.commonName)).toEqual(['*.google.com', 'Google Internet Authority G2', 'GeoTrust Global CA']);
    expect(hs[0].logAnomalies).toEqual([]);
    expect(anomalies).toEqual([]);
  });

  test('an ssl line read before its x509 line (one mixed JSON stream) waits for it', async () => {
    const ssl = tsvToJson(corpus('zeek-tls1_1.pcap.ssl.log'));
    const x509 = tsvToJson(corpus('zeek-tls1_1.pcap.x509.log'));
    const hs = await read([{ name: 'mixed.json', text: ssl + x509 }]);
    expect(hs).toHaveLength(1);
    expect(hs[0].serverChain.certs.every((c) => c.facts !== undefined)).toBe(true);
  });

  test('incremental sweep: a log that grew is read on from the cursor and state of the last sweep', async () => {
    const full = corpus('zeek-globus-url-copy.pcap.ssl.log').replace(/#close.*\n/, '');
    const lines = full.split('\n');
    const cut = lines.findIndex((l) => l !== '' && !l.startsWith('#')) + 1; // the header and the first data line
    const path = join(dir, 'growing-ssl.log');
    writeFileSync(path, lines.slice(0, cut).join('\n') + '\n');
    const x509 = { name: 'x509.log', lines: linesOf(corpus('zeek-globus-url-copy.pcap.x509.log')) };
    const states = new Map<string, ZeekFileState>();
    const first = openLines(path);
    const sweep1: ZeekHandshake[] = [];
    for await (const h of readZeekLogs([x509, { name: path, lines: first.lines }], undefined, { onFileDone: (n, s) => states.set(n, s) })) sweep1.push(h);
    expect(sweep1.map((h) => h.uid)).toEqual(['CHhAvVGS1DHFjwGM9']);
    writeFileSync(path, full); // Zeek appended a line
    const again = openLines(path, first.cursor());
    const sweep2: ZeekHandshake[] = [];
    const x509Again = { name: 'x509.log', lines: linesOf(corpus('zeek-globus-url-copy.pcap.x509.log')) };
    for await (const h of readZeekLogs([x509Again, { name: path, lines: again.lines, resume: states.get(path) }])) sweep2.push(h);
    expect(sweep2.map((h) => [h.uid, h.source.line])).toEqual([['ClEkJM2Vm5giqnMf4h', cut + 1]]);
    expect(sweep2[0].serverChain.certs.every((c) => c.facts)).toBe(true);
  });

  test('a plain file resumes at the byte offset and line a cursor gave, with the saved header', async () => {
    const ssl = corpus('crosscheck-only/zeek-google-duplicate.pcap.ssl.log');
    const path = join(dir, 'ssl.log');
    writeFileSync(path, ssl);
    const first = openLines(path);
    const parser = new TsvParser({ file: path });
    const seen: number[] = [];
    for await (const line of first.lines) {
      if (parser.push(line)) {
        seen.push(parser.line);
        break; // stop after the first data line
      }
    }
    const cursor = first.cursor();
    expect(cursor.line).toBe(seen[0]);
    expect(cursor.compressed).toBe(false);
    const all = ssl.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[1]);
    // the same cursor resumes the gzip copy too (decompressed offset; skipped by reading)
    writeFileSync(path + '.gz', gzipSync(ssl));
    for (const [file, at] of [[path, cursor], [path + '.gz', { ...cursor, compressed: true }]] as const) {
      const rest = openLines(file, at);
      const resumed = new TsvParser({ file, header: parser.header, lineOffset: at.line });
      const later: Array<string | undefined> = [];
      for await (const line of rest.lines) {
        const rec = resumed.push(line);
        if (rec) later.push(rec.fields.uid as string);
      }
      expect(later).toEqual(all.slice(1));
      expect(rest.cursor().offset).toBe(Buffer.byteLength(ssl));
    }
  });
});
