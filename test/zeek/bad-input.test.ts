/** Damaged Zeek logs: a missing required column ends that file with an error naming it; bad lines are counted. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZeekLogs, type ZeekAnomaly, type ZeekHandshake } from '../../src/zeek';
import { MAX_REPORTS_PER_KIND } from '../../src/zeek/consts';
import { linesOf, tsvToJson, unmask } from '../helpers/zeek-logs';

const LOGS = join(__dirname, '../../../shared/corpus/zeek-logs');
const corpus = (name: string): string => unmask(readFileSync(join(LOGS, name), 'utf8'));

async function read(files: Array<{ name: string; text: string }>): Promise<{ hs: ZeekHandshake[]; anomalies: ZeekAnomaly[] }> {
  const hs: ZeekHandshake[] = [];
  const anomalies: ZeekAnomaly[] = [];
  for await (const h of readZeekLogs(files.map((f) => ({ name: f.name, lines: linesOf(f.text) })), (a) => anomalies.push(a))) hs.push(h);
  return { hs, anomalies };
}

/** Drops one column (header and data) from a TSV log. */
function dropColumn(text: string, name: string): string {
  const fieldsLine = text.split('\n').find((l) => l.startsWith('#fields\t'))!;
  const index = fieldsLine.split('\t').indexOf(name) - 1;
  return text.split('\n').map((l) => {
    if (l === '' || (l.startsWith('#') && !l.startsWith('#fields') && !l.startsWith('#types'))) return l;
    const parts = l.split('\t');
    parts.splice(l.startsWith('#') ? index + 1 : index, 1);
    return parts.join('\t');
  }).join('\n');
}

describe('bad input', () => {
  test('x509.log without a fingerprint column: a fatal error naming the file; other files go on', async () => {
    const x509 = dropColumn(corpus('zeek-tls1_1.pcap.x509.log'), 'fingerprint');
    const { hs, anomalies } = await read([
      { name: '/logs/x509.log', text: x509 },
      { name: '/logs/ssl.log', text: corpus('zeek-tls1_1.pcap.ssl.log') },
    ]);
    const fatal = anomalies.filter((a) => a.fatal);
    expect(fatal).toEqual([expect.objectContaining({ kind: 'missing-column', file: '/logs/x509.log', line: 10 })]);
    expect(fatal[0].message).toContain('/logs/x509.log');
    expect(fatal[0].message).toContain("'fingerprint'");
    // the ssl file is still read; its chain keeps the fingerprints, without facts
    expect(hs).toHaveLength(1);
    expect(hs[0].serverChain.certs.map((c) => c.sha256)).toHaveLength(3);
    expect(hs[0].logAnomalies).toContain('unknown-certificate');
  });

  test('ssl.log without id.resp_p: fatal for that file', async () => {
    const { hs, anomalies } = await read([{ name: 'ssl.log', text: dropColumn(corpus('zeek-tls1_1.pcap.ssl.log'), 'id.resp_p') }]);
    expect(hs).toEqual([]);
    expect(anomalies).toEqual([expect.objectContaining({ kind: 'missing-column', file: 'ssl.log', fatal: true, message: expect.stringContaining('id.resp_p') })]);
  });

  test('malformed TSV lines are counted with their line numbers and the rest is read', async () => {
    const lines = corpus('zeek-globus-url-copy.pcap.ssl.log').split('\n');
    const first = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
    lines.splice(first + 1, 0, 'only\tthree\tcolumns', '');
    const { hs, anomalies } = await read([{ name: 'ssl.log', text: lines.join('\n') }]);
    expect(hs).toHaveLength(2);
    expect(hs.map((h) => h.source.line)).toEqual([first + 1, first + 4]);
    expect(anomalies.filter((a) => a.kind === 'malformed-line')).toEqual([
      { kind: 'malformed-line', file: 'ssl.log', line: first + 2, message: 'expected 18 columns, found 3' },
    ]);
  });

  test('malformed JSON lines are counted with their line numbers; past the cap they are summed up', async () => {
    const good = tsvToJson(corpus('zeek-tls1_1.pcap.ssl.log')).trim();
    const bad = Array.from({ length: MAX_REPORTS_PER_KIND + 5 }, (_, i) => (i % 2 ? '{"ts": 1, "uid": ' : 'not json at all'));
    const { hs, anomalies } = await read([{ name: 'ssl.json', text: [good, ...bad, good].join('\n') }]);
    expect(hs).toHaveLength(2);
    expect(hs.map((h) => h.source.line)).toEqual([1, bad.length + 2]);
    const malformed = anomalies.filter((a) => a.kind === 'malformed-line');
    expect(malformed.slice(0, 2)).toEqual([
      { kind: 'malformed-line', file: 'ssl.json', line: 2, message: 'not a JSON object' },
      { kind: 'malformed-line', file: 'ssl.json', line: 3, message: 'invalid JSON' },
    ]);
    expect(malformed).toHaveLength(MAX_REPORTS_PER_KIND + 1);
    expect(malformed[MAX_REPORTS_PER_KIND]).toMatchObject({ count: bad.length });
  });

  test('data before any header, a non-log file and a log of another path do not stop the sweep', async () => {
    const conn = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
      '1.0\tC1\t10.0.0.1\t1\t10.0.0.2\t443\ttcp'].join('\n');
    const { hs, anomalies } = await read([
      { name: 'garbage.txt', text: 'hello\nworld\n' },
      { name: 'conn.log', text: conn },
      { name: 'ssl.log', text: corpus('zeek-tls1_1.pcap.ssl.log') },
    ]);
    expect(hs).toHaveLength(1);
    expect(anomalies).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'unknown-format', file: 'garbage.txt', fatal: true }),
      expect.objectContaining({ kind: 'ignored-log', file: 'conn.log', line: 8 }),
    ]));
  });

  test('names of Object.prototype members in values or keys are plain data', async () => {
    const text = corpus('zeek-tls1_1.pcap.ssl.log').replace('\tTLSv11\t', '\tconstructor\t').replace('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', '__proto__');
    const [h] = (await read([{ name: 'ssl.log', text }])).hs;
    expect(h.version).toBeUndefined();
    expect(h.cipherSuite).toBeUndefined();
    const json = '{"ts":1,"uid":"C","__proto__":["x"],"id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":2,"established":true}';
    const [j] = (await read([{ name: 'ssl.json', text: json }])).hs;
    expect(j.server).toEqual({ ip: '10.0.0.2', port: 2 });
  });

  test('values of the wrong type never throw: the line is read with what makes sense', async () => {
    const text = corpus('zeek-tls1_1.pcap.ssl.log').replace('\t62987\t', '\tnot-a-port\t').replace('\tTLSv11\t', '\tTLSv99\t');
    const { hs, anomalies } = await read([{ name: 'ssl.log', text }]);
    expect(hs).toEqual([]); // no client port: not a connection
    expect(anomalies).toEqual([expect.objectContaining({ kind: 'malformed-line', file: 'ssl.log', line: 10 })]);
    const text2 = corpus('zeek-tls1_1.pcap.ssl.log').replace('\tTLSv11\t', '\tTLSv99\t').replace('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_MADE_UP');
    const [h] = (await read([{ name: 'ssl.log', text: text2 }])).hs;
    expect(h.version).toBeUndefined();
    expect(h.versionName).toBe('TLSv99');
    expect(h.cipherSuite).toBeUndefined();
    expect(h.cipherName).toBe('TLS_MADE_UP');
    expect(h.logAnomalies).toEqual(expect.arrayContaining(['unknown-version', 'unknown-cipher']));
  });
});
