/**
 * Incremental sweeps (ZeekSweep + the baseline's cursors): a line read once is never read again, across growth,
 * Zeek's rotation (rename + gzip by the archiver, a new ssl.log), JSON and TSV, old `cert_chain_fuids` logs, the
 * base64 `cert` column, and x509 lines read in an earlier sweep than the ssl lines that name them.
 * Certificates: /work/shared/corpus/zeek-logs/zeek-tls1.2.pcap.x509.log (Zeek btest baseline, ts unmasked here).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BaselineStore } from '../../src/baseline';
import { BaselineCursors } from '../../src/baseline/cursors';
import { ZeekSweep, type SweepWindow, type ZeekHandshake } from '../../src/zeek';
import { tsvLog, tsvToJson, unmask } from '../helpers/zeek-logs';
import { eachTempStore } from '../helpers/temp-store';

const corpus = (name: string): string => readFileSync(join(__dirname, '../../../shared/corpus/zeek-logs', name), 'utf8');
const X509 = unmask(corpus('zeek-tls1.2.pcap.x509.log'), 1700000000);
const CHAIN = X509.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[1]);

const SSL_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'server_name', 'resumed', 'established', 'cert_chain_fps', 'client_cert_chain_fps'];
const SSL_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]'];

/** ssl rows `from`..`to-1`: uid C<n>, ts 1700000000 + n, naming the corpus chain. */
function sslRows(from: number, to: number): string[][] {
  const rows: string[][] = [];
  for (let n = from; n < to; n++) {
    rows.push([`${1700000000 + n}.000000`, `C${n}`, '10.0.0.80', String(40000 + n), '68.233.76.12', '443', 'TLSv12', 'TLS_RSA_WITH_RC4_128_MD5', `h${n}.example`, 'F', 'T', CHAIN.join(','), '(empty)']);
  }
  return rows;
}

/** A whole ssl.log as Zeek writes it, opened at `open` (which makes its head, hence its identity). */
function sslLog(from: number, to: number, open: string): string {
  return tsvLog('ssl', SSL_FIELDS, SSL_TYPES, sslRows(from, to)).replace(/#open\t.*\n/, `#open\t${open}\n`).replace(/#close.*\n/, '');
}
const dataLines = (from: number, to: number): string => sslRows(from, to).map((r) => r.join('\t') + '\n').join('');

let dir: string;
let store: BaselineStore;
eachTempStore('certhound-sweep-', (d, s) => {
  dir = d;
  store = s;
});

async function sweep(names: string[], window: SweepWindow = {}, notes: string[] = []): Promise<{ hs: ZeekHandshake[]; linesRead: number; resumed: number }> {
  const s = new ZeekSweep(new BaselineCursors(store), window);
  const hs: ZeekHandshake[] = [];
  for await (const h of s.read(names.map((n) => join(dir, n)), { onProblem: (file, message) => notes.push(`${file}: ${message}`) })) hs.push(h);
  await s.commit();
  return { hs, linesRead: s.counters.linesRead, resumed: s.counters.resumed };
}
const uids = (hs: ZeekHandshake[]): Array<string | undefined> => hs.map((h) => h.uid);
const seq = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `C${from + i}`);

describe('incremental Zeek sweeps', () => {
  test('TSV: a grown log gives only its new lines; an unchanged folder reads no line', async () => {
    writeFileSync(join(dir, 'x509.log'), X509);
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 3, '2026-11-27-10-00-00'));
    const first = await sweep(['x509.log', 'ssl.log']);
    expect(uids(first.hs)).toEqual(seq(0, 3));
    appendFileSync(join(dir, 'ssl.log'), dataLines(3, 5));
    const second = await sweep(['x509.log', 'ssl.log']);
    expect(uids(second.hs)).toEqual(seq(3, 5));
    expect(second.linesRead).toBe(2);
    expect(second.hs[0].source.line).toBe(first.hs[2].source.line! + 1);
    // the certificates' x509 lines were read in the first sweep only: they are carried in the baseline
    expect(second.hs[0].serverChain.certs.map((c) => c.facts?.sha256)).toEqual(CHAIN);
    expect(second.hs[0].logAnomalies).toEqual([]);
    const third = await sweep(['x509.log', 'ssl.log']);
    expect(third).toEqual({ hs: [], linesRead: 0, resumed: 2 });
  });

  test('JSON: the same', async () => {
    writeFileSync(join(dir, 'x509.json'), tsvToJson(X509));
    writeFileSync(join(dir, 'ssl.json'), tsvToJson(sslLog(0, 2, 'x')));
    expect(uids((await sweep(['x509.json', 'ssl.json'])).hs)).toEqual(seq(0, 2));
    appendFileSync(join(dir, 'ssl.json'), tsvToJson(tsvLog('ssl', SSL_FIELDS, SSL_TYPES, sslRows(2, 4))));
    const second = await sweep(['x509.json', 'ssl.json']);
    expect(uids(second.hs)).toEqual(seq(2, 4));
    expect(second.hs[1].serverChain.certs.every((c) => c.facts)).toBe(true);
  });

  test('rotation between two sweeps: the gzip archive goes on where ssl.log was left, the new ssl.log starts at 0', async () => {
    writeFileSync(join(dir, 'x509.log'), X509);
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 3, '2026-11-27-10-00-00'));
    expect(uids((await sweep(['x509.log', 'ssl.log'])).hs)).toEqual(seq(0, 3));
    // Zeek logs two more lines, rotates (rename), the archiver gzips; a new ssl.log opens
    appendFileSync(join(dir, 'ssl.log'), dataLines(3, 5) + '#close\t2026-11-27-11-00-00\n');
    renameSync(join(dir, 'ssl.log'), join(dir, 'ssl.2026-11-27-10-00-00.log'));
    const archived = join(dir, 'ssl.2026-11-27-10-00-00-11-00-00.log.gz');
    writeFileSync(archived, gzipSync(readFileSync(join(dir, 'ssl.2026-11-27-10-00-00.log'))));
    rmSync(join(dir, 'ssl.2026-11-27-10-00-00.log'));
    writeFileSync(join(dir, 'ssl.log'), sslLog(5, 7, '2026-11-27-11-00-00'));
    const second = await sweep(['x509.log', 'ssl.2026-11-27-10-00-00-11-00-00.log.gz', 'ssl.log']);
    expect(uids(second.hs).sort()).toEqual(seq(3, 7));
    expect(second.resumed).toBe(2); // x509.log and the archive
    const third = await sweep(['x509.log', 'ssl.2026-11-27-10-00-00-11-00-00.log.gz', 'ssl.log']);
    expect(third.hs).toEqual([]);
    expect(third.linesRead).toBe(0);
    // an archive read to its end is not inflated again: lines that (impossibly) appeared in it are not seen
    writeFileSync(archived, gzipSync(Buffer.concat([gunzipSync(readFileSync(archived)), Buffer.from(dataLines(90, 91))])));
    expect((await sweep(['x509.log', 'ssl.2026-11-27-10-00-00-11-00-00.log.gz', 'ssl.log'])).hs).toEqual([]);
  });

  test('a renamed file still being there under both names (before the archiver removes it) is read once', async () => {
    writeFileSync(join(dir, 'x509.log'), X509);
    const text = sslLog(0, 4, '2026-11-27-12-00-00');
    writeFileSync(join(dir, 'ssl.old.log'), text);
    writeFileSync(join(dir, 'ssl.old.log.gz'), gzipSync(text));
    const { hs } = await sweep(['x509.log', 'ssl.old.log', 'ssl.old.log.gz']);
    expect(uids(hs)).toEqual(seq(0, 4));
  });

  test('a line Zeek is still writing (no newline yet) waits for the next sweep', async () => {
    writeFileSync(join(dir, 'x509.log'), X509);
    const whole = sslLog(0, 2, 'y');
    writeFileSync(join(dir, 'ssl.log'), whole + dataLines(2, 3).slice(0, 30));
    expect(uids((await sweep(['x509.log', 'ssl.log'])).hs)).toEqual(seq(0, 2));
    writeFileSync(join(dir, 'ssl.log'), whole + dataLines(2, 3));
    expect(uids((await sweep(['x509.log', 'ssl.log'])).hs)).toEqual(['C2']);
  });

  test('--since leaves earlier lines out for good; --until stops each file there and the next sweep starts there', async () => {
    writeFileSync(join(dir, 'x509.log'), X509);
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 10, 'z'));
    const windowed = await sweep(['x509.log', 'ssl.log'], { since: 1700000002, until: 1700000006 });
    expect(uids(windowed.hs)).toEqual(seq(2, 6));
    const rest = await sweep(['x509.log', 'ssl.log']);
    expect(uids(rest.hs)).toEqual(seq(6, 10));
  });

  test('a file shorter than its head key is found again by inode once it grew', async () => {
    const line = (n: number): string => JSON.stringify({ ts: 1700000000 + n, uid: `C${n}`, 'id.orig_h': '10.0.0.80', 'id.orig_p': 40000 + n, 'id.resp_h': '192.0.2.1', 'id.resp_p': 443, established: true, resumed: false }) + '\n';
    writeFileSync(join(dir, 'ssl.json'), line(0));
    expect(line(0).length).toBeLessThan(256);
    expect(uids((await sweep(['ssl.json'])).hs)).toEqual(['C0']);
    appendFileSync(join(dir, 'ssl.json'), line(1) + line(2) + line(3));
    expect(uids((await sweep(['ssl.json'])).hs)).toEqual(seq(1, 4));
    expect((await sweep(['ssl.json'])).hs).toEqual([]);
  });
  test('another Zeek log in the folder (conn.log) is not read past its first data line', async () => {
    writeFileSync(join(dir, 'x509.log'), X509);
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 2, 'c'));
    const rows = Array.from({ length: 1000 }, (_, i) => [`${1700000000 + i}.0`, `C${i}`, '10.0.0.1', '1', '10.0.0.2', '80']);
    const conn = tsvLog('conn', ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'], ['time', 'string', 'addr', 'port', 'addr', 'port'], rows);
    writeFileSync(join(dir, 'conn.log'), conn);
    const lines = (text: string): number => text.split('\n').length - 1;
    const { hs, linesRead } = await sweep(['conn.log', 'x509.log', 'ssl.log']);
    expect(uids(hs)).toEqual(seq(0, 2));
    const connHeader = conn.split('\n').findIndex((l) => !l.startsWith('#'));
    expect(linesRead).toBe(lines(X509) + lines(sslLog(0, 2, 'c')) + connHeader + 1);
  });
});

describe('older and richer logs across sweeps', () => {
  test('cert_chain_fuids logs (Zeek < 4.1): new lines join the x509 lines of their own sweep', async () => {
    const x509Fields = ['ts', 'id', 'certificate.version', 'certificate.serial', 'certificate.subject', 'certificate.issuer', 'certificate.not_valid_before', 'certificate.not_valid_after', 'certificate.key_alg', 'certificate.sig_alg', 'certificate.key_type', 'certificate.key_length'];
    const x509Types = ['time', 'string', 'count', 'string', 'string', 'string', 'time', 'time', 'string', 'string', 'string', 'count'];
    const x509Row = (n: number): string[] => [`${1600000000 + n}.0`, `F${n}`, '3', `0${n}`, `CN=host${n}.example`, 'CN=Old CA', '1500000000.0', '1700000000.0', 'rsaEncryption', 'sha256WithRSAEncryption', 'rsa', '2048'];
    const fields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'established', 'resumed', 'cert_chain_fuids', 'client_cert_chain_fuids'];
    const types = ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]'];
    const sslRow = (n: number): string[] => [`${1600000000 + n}.0`, `C${n}`, '10.0.0.1', String(50000 + n), '10.0.0.2', '443', 'TLSv12', 'T', 'F', `F${n}`, '(empty)'];
    const x509 = tsvLog('x509', x509Fields, x509Types, [x509Row(0)]).replace(/#close.*\n/, '');
    const ssl = tsvLog('ssl', fields, types, [sslRow(0)]).replace(/#close.*\n/, '');
    writeFileSync(join(dir, 'x509.log'), x509);
    writeFileSync(join(dir, 'ssl.log'), ssl);
    const first = await sweep(['x509.log', 'ssl.log']);
    expect(first.hs.map((h) => h.serverChain.certs[0].facts?.subject.commonName)).toEqual(['host0.example']);
    appendFileSync(join(dir, 'x509.log'), x509Row(1).join('\t') + '\n');
    appendFileSync(join(dir, 'ssl.log'), sslRow(1).join('\t') + '\n');
    const second = await sweep(['x509.log', 'ssl.log']);
    expect(second.hs.map((h) => [h.uid, h.serverChain.certs[0].facts?.subject.commonName])).toEqual([['C1', 'host1.example']]);
    expect(second.linesRead).toBe(2);
  });

  test('an x509 line with the base64 cert column read in one sweep gives its DER to the next sweep', async () => {
    const key = join(dir, 'k.pem');
    const pem = join(dir, 'c.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', pem, '-days', '30', '-subj', '/CN=carried.example'], { stdio: 'pipe' });
    const der = execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER']);
    const sha256 = createHash('sha256').update(der).digest('hex');
    const x509 = tsvLog('x509', ['ts', 'fingerprint', 'certificate.version', 'certificate.subject', 'certificate.issuer', 'cert'], ['time', 'string', 'count', 'string', 'string', 'string'],
      [['1700000000.0', sha256, '3', 'CN=carried.example', 'CN=carried.example', der.toString('base64')]]);
    const row = (n: number): string[] => [`${1700000000 + n}.000000`, `C${n}`, '10.0.0.80', '40000', '192.0.2.1', '443', 'TLSv12', 'TLS_RSA_WITH_RC4_128_MD5', '-', 'F', 'T', sha256, '(empty)'];
    writeFileSync(join(dir, 'x509.log'), x509);
    writeFileSync(join(dir, 'ssl.log'), tsvLog('ssl', SSL_FIELDS, SSL_TYPES, [row(0)]).replace(/#close.*\n/, ''));
    await sweep(['x509.log', 'ssl.log']);
    appendFileSync(join(dir, 'ssl.log'), row(1).join('\t') + '\n');
    const { hs } = await sweep(['x509.log', 'ssl.log']);
    expect(uids(hs)).toEqual(['C1']);
    expect(hs[0].serverChain.certs[0].der?.equals(der)).toBe(true);
    expect(hs[0].serverChain.certs[0].facts?.subject.commonName).toBe('carried.example');
  });
});

describe('cursor identity (device and inode, head, bytes before the offset, path)', () => {
  beforeEach(() => {
    writeFileSync(join(dir, 'x509.log'), X509);
    mkdirSync(join(dir, 'sensor-a'));
    mkdirSync(join(dir, 'sensor-b'));
  });

  test('two sensors whose logs were opened in the same second (same first 256 bytes) are both read in full, each on its own cursor', async () => {
    writeFileSync(join(dir, 'sensor-a/ssl.log'), sslLog(0, 3, '2026-11-27-10-00-00'));
    writeFileSync(join(dir, 'sensor-b/ssl.log'), sslLog(100, 105, '2026-11-27-10-00-00'));
    const a = readFileSync(join(dir, 'sensor-a/ssl.log'));
    expect(a.subarray(0, 256).equals(readFileSync(join(dir, 'sensor-b/ssl.log')).subarray(0, 256))).toBe(true);
    const names = ['x509.log', 'sensor-a/ssl.log', 'sensor-b/ssl.log'];
    const first = await sweep(names);
    expect(uids(first.hs).sort()).toEqual([...seq(0, 3), ...seq(100, 105)].sort());
    appendFileSync(join(dir, 'sensor-a/ssl.log'), dataLines(3, 4));
    appendFileSync(join(dir, 'sensor-b/ssl.log'), dataLines(105, 107));
    expect(uids((await sweep(names)).hs).sort()).toEqual(['C105', 'C106', 'C3']);
    expect((await sweep(names)).hs).toEqual([]);
  });

  test('Zeek rotation while a new ssl.log opens in the same second: the renamed file goes on by inode, the new one starts at 0', async () => {
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 3, '2026-11-27-10-00-00'));
    await sweep(['x509.log', 'ssl.log']);
    appendFileSync(join(dir, 'ssl.log'), dataLines(3, 5));
    renameSync(join(dir, 'ssl.log'), join(dir, 'ssl.2026-11-27-10-00-00.log'));
    writeFileSync(join(dir, 'ssl.log'), sslLog(5, 6, '2026-11-27-10-00-00'));
    const second = await sweep(['x509.log', 'ssl.2026-11-27-10-00-00.log', 'ssl.log']);
    expect(uids(second.hs).sort()).toEqual(seq(3, 6));
    // the archiver gzips the renamed file: nothing in it is new
    writeFileSync(join(dir, 'ssl.2026-11-27-10-00-00.log.gz'), gzipSync(readFileSync(join(dir, 'ssl.2026-11-27-10-00-00.log'))));
    rmSync(join(dir, 'ssl.2026-11-27-10-00-00.log'));
    expect((await sweep(['x509.log', 'ssl.2026-11-27-10-00-00.log.gz', 'ssl.log'])).hs).toEqual([]);
  });

  test("logrotate's copytruncate of a JSON log (and a later gzip of the copy) reads every line once", async () => {
    const json = (from: number, to: number): string => tsvToJson(tsvLog('ssl', SSL_FIELDS, SSL_TYPES, sslRows(from, to)));
    writeFileSync(join(dir, 'x509.json'), tsvToJson(X509));
    writeFileSync(join(dir, 'ssl.json'), json(0, 3));
    expect(uids((await sweep(['x509.json', 'ssl.json'])).hs)).toEqual(seq(0, 3));
    appendFileSync(join(dir, 'ssl.json'), json(3, 6)); // written after the sweep, before the copy
    writeFileSync(join(dir, 'ssl.json.1'), readFileSync(join(dir, 'ssl.json'))); // copy …
    truncateSync(join(dir, 'ssl.json')); // … and truncate: the writer goes on in the same file
    appendFileSync(join(dir, 'ssl.json'), json(6, 8));
    const notes: string[] = [];
    const second = await sweep(['x509.json', 'ssl.json.1', 'ssl.json'], {}, notes);
    expect(uids(second.hs).sort()).toEqual(seq(3, 8));
    // the truncation is said; the copy went on from the cursor, so no line was read twice
    expect(notes).toEqual([expect.stringMatching(/ssl\.json: not what the last sweep read under this name \(truncated/)]);
    writeFileSync(join(dir, 'ssl.json.2.gz'), gzipSync(readFileSync(join(dir, 'ssl.json.1'))));
    rmSync(join(dir, 'ssl.json.1'));
    appendFileSync(join(dir, 'ssl.json'), json(8, 9));
    expect(uids((await sweep(['x509.json', 'ssl.json.2.gz', 'ssl.json'])).hs)).toEqual(['C8']);
  });

  test('a live file truncated and rewritten with the same head is read from its start, and the sweep says so', async () => {
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 6, 'same'));
    expect((await sweep(['x509.log', 'ssl.log'])).hs).toHaveLength(6);
    // shorter than before: the cursor's offset lies past the end
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 1, 'same') + dataLines(50, 51));
    const notes: string[] = [];
    expect(uids((await sweep(['x509.log', 'ssl.log'], {}, notes)).hs)).toEqual(['C0', 'C50']);
    expect(notes).toEqual([expect.stringMatching(/ssl\.log: not what the last sweep read under this name \(truncated or rewritten in place since\): read from its start/)]);
    // as long as before but other lines: the bytes before the offset differ
    writeFileSync(join(dir, 'ssl.log'), sslLog(0, 1, 'same') + dataLines(60, 61) + dataLines(61, 70));
    const again: string[] = [];
    expect(uids((await sweep(['x509.log', 'ssl.log'], {}, again)).hs)).toEqual(['C0', ...seq(60, 70)]);
    expect(again).toHaveLength(1);
  });
});
