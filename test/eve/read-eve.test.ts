/**
 * The eve stage on its own: events as Suricata 7 writes them (output-json-tls.c; shapes as in the EVE the
 * conformance test gets from the real engine), alerts and tls events of one flow, flow ids past 2^53, names,
 * IPv6 text, and sweeps over a growing, rotated and gzipped eve.json with the cursors Zeek logs use.
 */
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BaselineStore } from '../../src/baseline';
import { BaselineCursors } from '../../src/baseline/cursors';
import { addressText } from '../../src/eve/event-record';
import { EveSweep, eveName, readEveBatches, sniffEve, type EveAnomaly, type EveHandshake } from '../../src/eve';
import { makeCert, leafExtensions } from '../helpers/detect-certs';
import { eachTempStore } from '../helpers/temp-store';

const leaf = makeCert({ subject: [['C', 'US'], ['O', 'Example, Inc.'], ['CN', 'eve.example']], extensions: leafExtensions(['eve.example']), notBefore: '2025-01-01T00:00:00Z', notAfter: '2025-06-01T00:00:00Z' });

function tlsEvent(n: number, extra: Record<string, unknown> = {}, tls: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: `2025-02-01T10:00:${String(n % 60).padStart(2, '0')}.123456+0000`, flow_id: 1000 + n, pcap_cnt: 5, event_type: 'tls',
    src_ip: '10.0.0.5', src_port: 40000 + n, dest_ip: '198.51.100.7', dest_port: 443, proto: 'TCP',
    tls: { subject: 'C=US, O=Example, Inc., CN=eve.example', issuerdn: 'C=US, O=Example, Inc., CN=eve.example', serial: '00:0A:0B', fingerprint: leaf.facts.sha1.match(/../g)!.join(':'), sni: 'eve.example', version: 'TLS 1.2', notbefore: '2025-01-01T00:00:00', notafter: '2025-06-01T00:00:00', ja3: { hash: 'a'.repeat(32), string: '771,1,2,3' }, ja4: 't12d_x_y', chain: [leaf.der.toString('base64')], ...tls },
    ...extra,
  });
}

async function read(lines: string[], anomalies: EveAnomaly[] = []): Promise<EveHandshake[]> {
  async function* text(): AsyncGenerator<string> {
    yield* lines;
  }
  const out: EveHandshake[] = [];
  for await (const batch of readEveBatches([{ name: 'eve.json', lines: text() }], (a) => anomalies.push(a))) out.push(...batch);
  return out;
}

describe('events', () => {
  test('a tls event with chain: the DER, its digests, endpoints, SNI, version, JA3/JA4, the flow id to the digit', async () => {
    const big = JSON.stringify(JSON.parse(tlsEvent(1))).replace('"flow_id":1001', '"flow_id":2251799813685249123');
    const [h] = await read([big]);
    expect(h.serverChain.certs[0]).toMatchObject({ sha256: leaf.facts.sha256, sha1: leaf.facts.sha1 });
    expect(h.serverChain.certs[0].der?.equals(leaf.der)).toBe(true);
    expect(h).toMatchObject({ client: { ip: '10.0.0.5', port: 40001 }, server: { ip: '198.51.100.7', port: 443 }, serverName: 'eve.example', version: 0x0303, ja3: { value: 'a'.repeat(32), raw: '771,1,2,3' }, ja4: { value: 't12d_x_y' } });
    expect(h.ts).toEqual({ sec: Date.UTC(2025, 1, 1, 10, 0, 1) / 1000, nsec: 123456000 });
    expect(h.source).toEqual({ file: 'eve.json', line: 1 });
    expect(h.flowId).toBe('2251799813685249123');
  });

  test('without chain: the leaf by its SHA-1 (labelled), names turned to RFC 2253, serial as OpenSSL prints it', async () => {
    const [h] = await read([tlsEvent(2, {}, { chain: undefined })]);
    const [c] = h.serverChain.certs;
    expect(c.sha256).toBe(`sha1:${leaf.facts.sha1}`);
    expect(c.der).toBeUndefined();
    const facts = (c as { facts?: { subject: { rfc4514: string }; serial: string; notBefore: string; unknown: readonly string[] } }).facts!;
    expect(facts.subject.rfc4514).toBe(leaf.facts.subject.rfc4514);
    expect(facts).toMatchObject({ serial: '0A0B', notBefore: '2025-01-01T00:00:00Z' });
    expect(facts.unknown).toContain('san');
  });

  test("an alert's tls metadata counts once per flow, and not at all when the flow's tls event came", async () => {
    const alert = (n: number, direction: string, flow = true): string => JSON.stringify({
      timestamp: '2025-02-01T10:00:00.000000+0000', flow_id: 1000 + n, event_type: 'alert', src_ip: '198.51.100.7', src_port: 443, dest_ip: '10.0.0.5', dest_port: 40000 + n,
      proto: 'TCP', direction, alert: { signature_id: 1 }, tls: JSON.parse(tlsEvent(n)).tls,
      ...(flow ? { flow: { src_ip: '10.0.0.5', src_port: 40000 + n, dest_ip: '198.51.100.7', dest_port: 443 } } : {}),
    });
    const hs = await read([alert(1, 'to_client'), alert(1, 'to_client'), tlsEvent(1), alert(2, 'to_client', false), alert(3, 'to_client'), alert(3, 'to_client')]);
    expect(hs.map((h) => [h.eventType, h.flowId, h.client.port, h.server.port])).toEqual([
      ['tls', '1001', 40001, 443],
      ['alert', '1002', 40002, 443], // no flow object: turned by `direction`
      ['alert', '1003', 40003, 443],
    ]);
  });

  test('TLS 1.3 without a certificate is an encrypted chain; other event types and damage are skipped and counted', async () => {
    const anomalies: EveAnomaly[] = [];
    const tls13 = JSON.stringify({ timestamp: '2025-02-01T10:00:00.000000+0000', flow_id: 7, event_type: 'tls', src_ip: '10.0.0.5', src_port: 1, dest_ip: '10.0.0.6', dest_port: 443, proto: 'TCP', tls: { sni: 'x.example', version: 'TLS 1.3', ja4: 't13' } });
    const hs = await read(['{"timestamp":"2025-02-01T10:00:00.000000+0000","event_type":"dns","dns":{}}', tls13, '{"event_type":"tls","tls": broken', tlsEvent(4, {}, { chain: ['not base64!', leaf.der.toString('base64')] })], anomalies);
    expect(hs.map((h) => h.serverChain.status)).toEqual(['encrypted', 'present']);
    expect(hs[1].serverChain.certs).toHaveLength(1);
    expect(anomalies.map((a) => [a.kind, a.line])).toEqual([['malformed-line', 3], ['bad-certificate', 4]]);
  });

  test('a file without tls events says how to get them', async () => {
    const anomalies: EveAnomaly[] = [];
    await read(['{"timestamp":"2025-02-01T10:00:00.000000+0000","event_type":"flow","flow":{}}'], anomalies);
    expect(anomalies).toEqual([expect.objectContaining({ kind: 'nothing-usable', message: expect.stringMatching(/no tls event among its 1 events: enable the tls type/) })]);
  });
});

describe('text', () => {
  test('Suricata names (certificate order, `, ` between RDNs, ` + ` inside one) become RFC 2253', () => {
    expect(eveName('C=US, O=Amazon Web Services, Inc., OU=Amazon RDS, CN=Amazon RDS us-east-1 2019 CA').rfc4514).toBe('CN=Amazon RDS us-east-1 2019 CA,OU=Amazon RDS,O=Amazon Web Services\\, Inc.,C=US');
    expect(eveName('C=DE, CN=a + UID=b, msJurisdictionCountry=DE, streetAddress=Hauptstr. 1').rfc4514).toBe('street=Hauptstr. 1,jurisdictionC=DE,CN=a+UID=b,C=DE');
    expect(eveName('').rfc4514).toBe('');
  });

  test('IPv6 as Suricata prints it, as the capture path writes it', () => {
    expect(addressText('2a03:b0c0:0002:00d0:0000:0000:0bd3:4001')).toBe('2a03:b0c0:2:d0::bd3:4001');
    expect(addressText('0000:0000:0000:0000:0000:0000:0000:0001')).toBe('::1');
    expect(addressText('10.0.0.1')).toBe('10.0.0.1');
  });

  test('sniffed by content', () => {
    expect(sniffEve(tlsEvent(1))).toBe(true);
    expect(sniffEve('{"ts":1700000000.1,"uid":"C1","id.orig_h":"10.0.0.1"}')).toBe(false);
    expect(sniffEve(tlsEvent(1).slice(0, 200))).toBe(true); // a first line longer than the head (a chain)
  });
});

describe('sweeps', () => {
  let dir: string;
  let store: BaselineStore;
  eachTempStore('certhound-eve-', (d, s) => {
    dir = d;
    store = s;
  });
  const lines = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => tlsEvent(from + i) + '\n').join('');
  async function sweep(names: string[]): Promise<number[]> {
    const s = new EveSweep(new BaselineCursors(store));
    const ports: number[] = [];
    for await (const batch of s.readBatches(names.map((n) => join(dir, n)))) for (const h of batch) ports.push(h.client.port - 40000);
    await s.commit();
    return ports.sort((a, b) => a - b);
  }
  const seq = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

  test('a growing eve.json, then rotated and gzipped while a new one starts: every event once', async () => {
    writeFileSync(join(dir, 'eve.json'), lines(0, 5));
    expect(await sweep(['eve.json'])).toEqual(seq(0, 5));
    appendFileSync(join(dir, 'eve.json'), lines(5, 8));
    expect(await sweep(['eve.json'])).toEqual(seq(5, 8));
    appendFileSync(join(dir, 'eve.json'), lines(8, 10));
    renameSync(join(dir, 'eve.json'), join(dir, 'eve.json.1'));
    writeFileSync(join(dir, 'eve.json.1.gz'), gzipSync(readFileSync(join(dir, 'eve.json.1'))));
    rmSync(join(dir, 'eve.json.1'));
    writeFileSync(join(dir, 'eve.json'), lines(10, 12));
    expect(await sweep(['eve.json', 'eve.json.1.gz'])).toEqual(seq(8, 12));
    expect(await sweep(['eve.json', 'eve.json.1.gz'])).toEqual([]);
  });
});
