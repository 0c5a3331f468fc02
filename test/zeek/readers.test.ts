/**
 * The TSV reader follows the header (zeek src/threading/formatters/Ascii.cc: `\xNN` escapes, reserved values
 * escaped as `\x2d`/`\x28…`, set separator escaped inside elements), the JSON reader Zeek's JSON writer, and the
 * sniffer tells them apart by content.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZeekJson, readZeekLogs, readZeekTsv, sniffZeekLog, type ZeekAnomaly, type ZeekHandshake, type ZeekRecord } from '../../src/zeek';
import { asTimestamp, unescapeZeek } from '../../src/zeek/values';
import { rfc2253Name } from '../../src/logs/name-text';
import { linesOf } from '../helpers/zeek-logs';

const LOGS = join(__dirname, '../../../shared/corpus/zeek-logs');

async function tsv(text: string, anomalies: ZeekAnomaly[] = []): Promise<ZeekRecord[]> {
  const out: ZeekRecord[] = [];
  for await (const r of readZeekTsv(linesOf(text), { file: 't.log', onAnomaly: (a) => anomalies.push(a) })) out.push(r);
  return out;
}

describe('TSV reader', () => {
  test('types, unset and empty values, escapes inside strings and vector elements', async () => {
    const text = [
      '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tx509',
      '#fields\tts\tname\tn\tflag\tlist\tunset\tempty_list\tempty_string\tdash',
      '#types\ttime\tstring\tcount\tbool\tvector[string]\tstring\tvector[string]\tstring\tstring',
      '1700000000.500000\tCN=a\\x09b\\x5cc\tdef\tT\tx\\x2cy,z\t-\t(empty)\t(empty)\t\\x2d',
    ].join('\n');
    const [r] = await tsv(text);
    expect(r.line).toBe(8);
    expect(r.header?.path).toBe('x509');
    expect(r.fields).toEqual({
      ts: 1700000000.5, name: 'CN=a\tb\\c', n: 'def', flag: true, list: ['x,y', 'z'], empty_list: [], empty_string: '', dash: '-',
    });
  });

  test('a custom separator and unset marker from the header', async () => {
    const text = ['#separator \\x7c', '#set_separator|;', '#empty_field|EMPTY', '#unset_field|NULL', '#path|ssl',
      '#fields|a|b|c', '#types|port|vector[count]|string', '443|1;2;3|NULL'].join('\n');
    const [r] = await tsv(text);
    expect(r.fields).toEqual({ a: 443, b: [1, 2, 3] });
  });

  test('concatenated logs: a new header mid-file replaces the old one', async () => {
    const ssl = readFileSync(join(LOGS, 'zeek-tls1_1.pcap.ssl.log'), 'utf8');
    const frag = readFileSync(join(LOGS, 'zeek-tls-fragmented-handshake.pcap.ssl.log'), 'utf8');
    const recs = await tsv(ssl + frag);
    expect(recs).toHaveLength(2);
    expect(recs[0].header?.fields).not.toContain('subject');
    expect(recs[1].header?.fields).toContain('subject');
    expect(recs[1].fields.subject).toBe('CN=Bro');
    expect(recs[1].line).toBe(ssl.split('\n').length - 1 + 10);
  });

  test('header damage is reported, not thrown', async () => {
    const anomalies: ZeekAnomaly[] = [];
    const recs = await tsv(['#separator', '#fields\ta\tb', '#types\tcount', '1\t2', 'x'].join('\n'), anomalies);
    expect(recs.map((r) => r.fields)).toEqual([{ a: '1', b: '2' }]); // untyped columns stay text
    expect(anomalies.map((a) => [a.kind, a.line])).toEqual([['bad-header', 1], ['bad-header', 3], ['malformed-line', 5]]);
  });
});

describe('JSON reader', () => {
  test('null is unset; nested objects flatten; arrays stay arrays', async () => {
    const out: ZeekRecord[] = [];
    const text = '{"ts":1.5,"id":{"orig_h":"10.0.0.1","orig_p":5},"cert_chain_fps":["a","b"],"server_name":null}\n\n';
    for await (const r of readZeekJson(linesOf(text), { file: 'j' })) out.push(r);
    expect(out).toEqual([{ line: 1, fields: { ts: 1.5, 'id.orig_h': '10.0.0.1', 'id.orig_p': 5, cert_chain_fps: ['a', 'b'] } }]);
  });

  test('a flat line is its record; one null, object in an array or __proto__ key anywhere is cleaned the same', async () => {
    const out: ZeekRecord[] = [];
    const lines = [
      '{"ts":2,"uid":"C1","cert_chain_fps":["a"],"established":true}',
      '{"ts":3,"uid":"C2","cert_chain_fps":["a",{"x":1},null,"b"]}',
      '{"ts":4,"uid":"C3","__proto__":["x"],"resumed":false}',
      '{"ts":5,"uid":"C4","version":null}',
    ];
    for await (const r of readZeekJson(linesOf(lines.join('\n')), { file: 'j' })) out.push(r);
    expect(out.map((r) => r.fields)).toEqual([
      { ts: 2, uid: 'C1', cert_chain_fps: ['a'], established: true },
      { ts: 3, uid: 'C2', cert_chain_fps: ['a', 'b'] },
      { ts: 4, uid: 'C3', resumed: false },
      { ts: 5, uid: 'C4' },
    ]);
    expect(Object.getPrototypeOf(out[2].fields)).toBe(Object.prototype);
    expect(Object.keys(out[2].fields)).not.toContain('__proto__');
  });
});

describe('sniffZeekLog', () => {
  test('TSV by its header (the btest comment line first), path from #path', () => {
    const head = readFileSync(join(LOGS, 'zeek-tls1_1.pcap.x509.log'), 'utf8').slice(0, 600);
    expect(sniffZeekLog(head)).toEqual({ format: 'tsv', path: 'x509' });
  });

  test('JSON by its keys, even when the head cuts the first object', () => {
    const ssl = '{"ts":1700000000.1,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":443,"established":true,"cert_chain_fps":["aa"]}';
    expect(sniffZeekLog(ssl + '\n')).toEqual({ format: 'json', path: 'ssl' });
    expect(sniffZeekLog(ssl.slice(0, 120))).toEqual({ format: 'json', path: 'ssl' });
    expect(sniffZeekLog('{"ts":"2023-11-14T22:13:20.000000Z","fingerprint":"ab","certificate.version":3}')).toEqual({ format: 'json', path: 'x509' });
    expect(sniffZeekLog('{"_path":"conn","ts":1,"uid":"C1"}')).toEqual({ format: 'json', path: 'conn' });
  });

  test('other JSON, text and binary are not Zeek logs', () => {
    expect(sniffZeekLog('{"@timestamp":"2024-01-01T00:00:00Z","event":{"code":1}}')).toBeNull();
    expect(sniffZeekLog('#!/bin/sh\necho hi\n')).toBeNull();
    expect(sniffZeekLog('\u00d4\u00c3\u00b2\u00a1\u0002\u0000')).toBeNull(); // pcap magic read as text
    expect(sniffZeekLog('')).toBeNull();
  });
});

describe('ssl.log columns of add-on packages', () => {
  test('ja3/ja3s (salesforce/ja3), ja4/ja4_r/ja4s/ja4s_r (FoxIO-LLC/ja4 zeek/ja4*/main.zeek), ALPN, certificate request', async () => {
    // JA4/JA4S values from the FoxIO JA4+ README (https://github.com/FoxIO-LLC/ja4); they are passed through, not computed
    const fields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'version', 'cipher', 'next_protocol', 'established', 'resumed',
      'cert_chain_fps', 'client_cert_chain_fps', 'requested_client_certificate_authorities', 'ja3', 'ja3s', 'ja4', 'ja4_r', 'ja4s', 'ja4s_r'];
    const types = ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'bool', 'bool', 'vector[string]', 'vector[string]',
      'vector[string]', 'string', 'string', 'string', 'string', 'string', 'string'];
    const row = ['1700000000.000001', 'C1', '10.0.0.1', '51000', '10.0.0.2', '443', 'TLSv13-draft23', 'unknown-4867', 'h2', 'T', 'T', '(empty)', '(empty)',
      '(empty)', 'ada70206e40642a3e4461f35503241d5', 'f4febc55ea12b31ae17cfb7e614afda8', 't13d1516h2_8daaf6152771_b186095e22b6',
      't13d1516h2_002f,0035_0005,000a', 't130200_1301_234ea6891581', '(empty)'];
    const text = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tssl',
      `#fields\t${fields.join('\t')}`, `#types\t${types.join('\t')}`, row.join('\t')].join('\n');
    const hs: ZeekHandshake[] = [];
    for await (const h of readZeekLogs([{ name: 'ssl.log', lines: linesOf(text) }])) hs.push(h);
    expect(hs[0]).toMatchObject({
      version: 0x7f17, cipherSuite: 4867, alpn: 'h2', resumed: true, completed: true, certificateRequested: true,
      serverChain: { status: 'encrypted', certs: [] },
      ja3: { value: 'ada70206e40642a3e4461f35503241d5', raw: '' },
      ja3s: { value: 'f4febc55ea12b31ae17cfb7e614afda8', raw: '' },
      ja4: { value: 't13d1516h2_8daaf6152771_b186095e22b6', raw: 't13d1516h2_002f,0035_0005,000a' },
      ja4s: { value: 't130200_1301_234ea6891581', raw: '' },
      ts: { sec: 1700000000, nsec: 1000 },
    });
    expect(hs[0].logAnomalies).toEqual([]);
  });
});

describe('values and names', () => {
  test('\\xNN escapes decode to UTF-8 next to characters outside the BMP; other backslashes stay', () => {
    expect(unescapeZeek('a\\x09b 😀 \\xc3\\xa9 \\, \\xZZ')).toBe('a\tb 😀 é \\, \\xZZ');
  });

  test('times: epoch text, epoch number, ISO 8601, milliseconds, masked', () => {
    expect(asTimestamp('1509544136.123456')).toEqual({ sec: 1509544136, nsec: 123456000 });
    expect(asTimestamp(1509544136.123456)).toEqual({ sec: 1509544136, nsec: 123456000 });
    expect(asTimestamp('2017-11-01T13:48:56.000001Z')).toEqual({ sec: 1509544136, nsec: 1000 });
    expect(asTimestamp(1509544136123)).toEqual({ sec: 1509544136, nsec: 123000000 });
    expect(asTimestamp('-1.000000')).toEqual({ sec: -1, nsec: 0 }); // pre-1970 certificates (suricata-tls-pre-1970.pcap)
    expect(asTimestamp('XXXXXXXXXX.XXXXXX')).toBeUndefined();
  });

  test('Zeek names: RFC 4514 escapes kept, ESC_MSB bytes decoded, multi-valued RDNs, certificate order', () => {
    const dn = rfc2253Name('CN=Jon\\, Jr.+UID=jj,O=Caf\\C3\\A9 \\3Cx\\3E,C=DE');
    expect(dn.rfc4514).toBe('CN=Jon\\, Jr.+UID=jj,O=Café \\3Cx\\3E,C=DE');
    expect(dn.attributes).toEqual([
      { type: 'C', oid: '2.5.4.6', value: 'DE' },
      { type: 'O', oid: '2.5.4.10', value: 'Café <x>' },
      { type: 'UID', oid: '0.9.2342.19200300.100.1.1', value: 'jj' },
      { type: 'CN', oid: '2.5.4.3', value: 'Jon, Jr.' },
    ]);
    expect(dn.commonName).toBe('Jon, Jr.');
    // suricata-tls-issuer-zero.pcap: a NUL inside the CN prints as \00 in both forms
    expect(rfc2253Name('CN=a\\00b').rfc4514).toBe('CN=a\\00b');
    expect(rfc2253Name('1.2.3.4=#0403616263').attributes).toEqual([{ type: '1.2.3.4', oid: '1.2.3.4', value: '#0403616263' }]);
  });
});
