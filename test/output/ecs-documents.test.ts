/**
 * Issue 18, "done when": `scan` over the whole conformance corpus (captures and Zeek logs), the sample capture,
 * `host`, `hunt` and `cert`, and every document they write indexes as it is: each field mapped by the shipped
 * template (`certhound template`) with a value its type takes, ECS's allowed values for `event.*`, no field with two
 * types across documents, one case for certificate hashes. A certificate with every SAN kind (a SPIFFE URI among
 * them) keeps them all.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, ndjson } from '../helpers/run-cli';
import { CORPUS_DIR } from '../helpers/corpus';
import { ecsFlat } from '../helpers/ecs-reference';
import { leafTypes, mappingErrors } from '../helpers/es-mapping';
import { makeCert, makeWorkDir } from '../helpers/x509-openssl';
import { servedCapture } from '../helpers/served-capture';
import { cseRecord } from '../helpers/hunt-fixtures';

type Doc = Record<string, any>;

const template = JSON.parse(runCli(['template']).stdout) as { template: { mappings: { properties: Record<string, any> } } };
const properties = template.template.mappings.properties;

/** Flattened fields (their inside is free-form) by dotted name, from the template. */
function flattenedFields(props: Record<string, any>, prefix = '', out = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(props)) {
    if (v.properties) flattenedFields(v.properties, `${prefix}${k}.`, out);
    else if (v.type === 'flattened') out.add(`${prefix}${k}`);
  }
  return out;
}

/** ECS's allowed values (event.kind/category/type) and expected values (threat.indicator.type), and category-type pairs. */
function ecsValueErrors(doc: Doc): string[] {
  const flat = ecsFlat();
  const errors: string[] = [];
  const check = (field: string, values: unknown) => {
    const spec = flat[field];
    const allowed = spec.allowed_values?.map((a) => a.name) ?? spec.expected_values;
    for (const v of ([] as unknown[]).concat(values ?? [])) if (allowed && !allowed.includes(v as string)) errors.push(`${field}: '${v}' not allowed`);
  };
  check('event.kind', doc.event?.kind);
  check('event.category', doc.event?.category);
  check('event.type', doc.event?.type);
  check('threat.indicator.type', doc.threat?.indicator?.type);
  const expected = new Set((doc.event?.category ?? []).flatMap((c: string) => flat['event.category'].allowed_values?.find((a) => a.name === c)?.expected_event_types ?? []));
  for (const t of doc.event?.type ?? []) if (!expected.has(t)) errors.push(`event.type '${t}' expected by none of ${doc.event.category}`);
  return errors;
}

/** Every certificate hash of a document (ECS and certhound fields), which must all be upper-case hex. */
function hashValues(doc: Doc): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, k));
    else if (typeof v === 'string' && /^(sha256|sha1|spki_sha256|anchor)$/.test(key)) out.push(v);
  };
  walk(doc, '');
  return out;
}

function allProblems(docs: Doc[]): string[] {
  const problems = new Set<string>();
  for (const d of docs) {
    for (const e of mappingErrors(d, properties)) problems.add(`${d.event?.dataset}: ${e}`);
    for (const e of ecsValueErrors(d)) problems.add(`${d.event?.dataset}: ${e}`);
    for (const h of hashValues(d)) if (!/^[0-9A-F]+$/.test(h)) problems.add(`${d.event?.dataset}: hash ${h} is not upper-case hex`);
  }
  const types = new Map<string, Set<string>>();
  const flattened = flattenedFields(properties);
  for (const d of docs) leafTypes(d, types, '', flattened);
  for (const [field, t] of types) if (t.size > 1) problems.add(`${field}: values of ${[...t].join(' and ')}`);
  return [...problems];
}

describe('ECS documents index as they are', () => {
  it('every document of a scan over the corpus captures, its Zeek logs and the sample capture', () => {
    const r = runCli(['scan', '--no-baseline', '-f', 'ndjson', '--fail-on', 'critical', '--observer', 'sensor-1',
      join(CORPUS_DIR, 'pcap'), join(CORPUS_DIR, 'zeek-logs'), 'captures']);
    const docs = ndjson(r.stdout);
    const datasets = new Set(docs.map((d) => d.event.dataset));
    expect(datasets).toEqual(new Set(['certhound.tls', 'certhound.finding']));
    expect(docs.length).toBeGreaterThan(250);
    expect(allProblems(docs)).toEqual([]);
    for (const d of docs) expect(d).toMatchObject({ ecs: { version: '9.4.0' }, observer: { name: 'sensor-1' } });
    const connections = docs.filter((d) => d.event.dataset === 'certhound.tls');
    const findings = docs.filter((d) => d.event.dataset === 'certhound.finding');
    // Zeek's uid is carried through: the id Zeek's conn.log and ssl.log know the connection by
    const fromZeek = connections.filter((d) => d.log.file.path.includes('zeek-logs'));
    expect(fromZeek.length).toBeGreaterThan(10);
    for (const d of fromZeek) expect(d.event.id).toMatch(/^C[0-9A-Za-z]{10,}$/);
    // Every finding points to connections that exist, by Community ID (captures) or uid (Zeek logs)
    const byCommunityId = new Set(connections.map((d) => d.network.community_id));
    const byUid = new Set(connections.map((d) => d.event.id).filter(Boolean));
    for (const f of findings) {
      expect(f.certhound.connections.length).toBeGreaterThan(0);
      for (const c of f.certhound.connections) expect(byCommunityId.has(c.community_id) || byUid.has(c.uid)).toBe(true);
    }
    // A CA certificate is never written where ECS keeps the connection's leaf
    const cas = findings.filter((f) => f.certhound.chain_position > 0);
    expect(cas.length).toBeGreaterThan(5);
    for (const f of cas) {
      expect(f.tls).toBeUndefined();
      expect(f.threat.indicator).toMatchObject({ type: 'x509-certificate', x509: { subject: { distinguished_name: expect.any(String) } } });
    }
    // JA4X for every certificate with bytes, in connection chains and findings alike
    const captured = connections.filter((d) => !d.log.file.path.includes('zeek-logs'));
    const entries = captured.flatMap((d) => [...(d.certhound.server.chain ?? []), ...(d.certhound.client.chain ?? [])]);
    expect(entries.length).toBeGreaterThan(100);
    for (const e of entries) if (e.parsed) expect(e.ja4x).toMatch(/^[0-9a-f]{12}_[0-9a-f]{12}_[0-9a-f]{12}$/);
    for (const f of findings.filter((x) => !x.log && x.certhound.x509.parsed && !x.certhound.sightings.sources.every((s: string) => s.includes('zeek-logs')))) {
      expect(f.certhound.x509.ja4x).toMatch(/_/);
    }
    // ATT&CK on network findings
    const attack = findings.filter((f) => f.rule?.id.includes('self-signed') && f.event.kind === 'alert');
    expect(attack.length).toBeGreaterThan(0);
    for (const f of attack) expect(f.threat.technique.subtechnique.id).toContain('T1587.003');
  }, 120000);

  it('host detections, incidents and cert documents', () => {
    const dir = makeWorkDir();
    try {
      // keytool as Cobalt Strike's teamserver script runs it, a few minutes before the sample capture serves that certificate
      const events = join(dir, 'events.jsonl');
      writeFileSync(events, `${JSON.stringify(cseRecord({
        time: '2026-11-27T22:40:00Z', host: 'ts01', ip: '127.0.0.1', image: '/usr/bin/keytool',
        commandLine: 'keytool -keystore ./cobaltstrike.store -storepass 123456 -keypass 123456 -genkey -keyalg RSA -alias cobaltstrike -dname "CN=Major Cobalt Strike, OU=AdvancedPenTesting, O=cobaltstrike, L=Somewhere, ST=Cyberspace, C=Earth"',
      }))}\n`);
      const host = ndjson(runCli(['host', '-f', 'ndjson', '--show-suppressed', join(CORPUS_DIR, 'host'), events]).stdout);
      expect(host.length).toBeGreaterThan(10);
      const hunt = ndjson(runCli(['hunt', '--no-baseline', '-f', 'ndjson', '--net', 'captures', '--host', events]).stdout);
      expect(hunt.map((d) => d.event.dataset)).toContain('certhound.incident');
      const cert = ['amazon_rsa_2048_m02.pem', 'baltimore_cybertrust_root.pem']
        .flatMap((f) => ndjson(runCli(['cert', '-f', 'ndjson', '--at', '2024-01-01T00:00:00Z', join(CORPUS_DIR, 'genuine-cas', f)]).stdout));
      expect(cert).toHaveLength(2);
      expect(allProblems([...host, ...hunt, ...cert])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);

  describe('a certificate with every SAN kind', () => {
    let dir: string;
    let docs: Doc[];
    beforeAll(() => {
      dir = makeWorkDir();
      const cert = makeCert(dir, {
        key: 'ec:P-256', subject: '/C=DE/ST=Berlin/L=Berlin/O=Example GmbH/OU=Platform/OU=Mesh/CN=workload.example', startDate: '20251201000000Z',
        endDate: '20261201000000Z', serial: '1A2B', extensions: [
          'subjectAltName = DNS:workload.example, IP:10.1.2.3, IP:2001:db8::7, email:ops@example.com, URI:spiffe://example.org/ns/prod/sa/web, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:svc@corp.example, dirName:dir_sect, RID:1.2.3.4',
          '[dir_sect]', 'CN = Directory Name', 'O = Example',
        ],
      });
      const pcap = join(dir, 'mesh.pcap');
      writeFileSync(pcap, servedCapture([{ chain: [cert.der], sni: 'workload.example' }]));
      docs = ndjson(runCli(['scan', '--no-baseline', '-f', 'ndjson', pcap]).stdout);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('writes them all to ECS alternative_names and by kind to certhound.x509.san, with DN sub-fields', () => {
      const connection = docs.find((d) => d.event.dataset === 'certhound.tls') as Doc;
      const finding = docs.find((d) => d.event.dataset === 'certhound.finding') as Doc;
      const names = ['workload.example', '10.1.2.3', '2001:db8::7', 'ops@example.com', 'spiffe://example.org/ns/prod/sa/web',
        'otherName:1.3.6.1.4.1.311.20.2.3=svc@corp.example', 'dirName:O=Example,CN=Directory Name', 'registeredID:1.2.3.4'];
      expect(connection.tls.server.x509.alternative_names).toEqual(names);
      expect(finding.tls.server.x509.alternative_names).toEqual(names);
      expect(finding.certhound.x509.san).toEqual({
        dns: ['workload.example'], ip: ['10.1.2.3', '2001:db8::7'], email: ['ops@example.com'], uri: ['spiffe://example.org/ns/prod/sa/web'],
        other: ['otherName:1.3.6.1.4.1.311.20.2.3=svc@corp.example', 'dirName:O=Example,CN=Directory Name', 'registeredID:1.2.3.4'],
      });
      expect(finding.tls.server.x509.subject).toEqual({
        distinguished_name: 'CN=workload.example,OU=Mesh,OU=Platform,O=Example GmbH,L=Berlin,ST=Berlin,C=DE',
        common_name: ['workload.example'], country: ['DE'], state_or_province: ['Berlin'], locality: ['Berlin'],
        organization: ['Example GmbH'], organizational_unit: ['Platform', 'Mesh'],
      });
      expect(finding.related.hosts).toEqual(['workload.example']);
      expect(new Set(finding.related.ip)).toEqual(new Set(['198.51.100.7', '192.0.2.50']));
      expect(allProblems(docs)).toEqual([]);
    });

    it('points the finding to its connection by Community ID, computed as Zeek and Suricata do', () => {
      const connection = docs.find((d) => d.event.dataset === 'certhound.tls') as Doc;
      const finding = docs.find((d) => d.event.dataset === 'certhound.finding') as Doc;
      // tcp 192.0.2.50:50123 → 198.51.100.7:443, by the spec's algorithm (python3 reference in ../shared/community-id)
      const expected = execFileSync('python3', ['-c', [
        'import hashlib, base64, socket, struct',
        "a, b = socket.inet_aton('192.0.2.50'), socket.inet_aton('198.51.100.7')",
        "d = struct.pack('!H', 0) + a + b + struct.pack('!BBHH', 6, 0, 50123, 443)",
        "print('1:' + base64.b64encode(hashlib.sha1(d).digest()).decode())",
      ].join('\n')]).toString().trim();
      expect(connection.network.community_id).toBe(expected);
      expect(finding.network.community_id).toEqual([expected]);
      expect(finding.certhound.connections[0]).toMatchObject({ community_id: expected, server: '198.51.100.7:443', client: '192.0.2.50:50123', server_name: 'workload.example' });
    });
  });
});

