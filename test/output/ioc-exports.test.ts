/**
 * Issue 18, IOC exports, each checked by its consumer where one runs here: the Suricata rules load in Suricata 7
 * (`suricata -T`) and fire when that Suricata reads the captures the findings came from (the sample capture, a
 * capture made here with a hostile certificate name, and a corpus capture); the STIX 2.1 bundle validates against the
 * OASIS schemas (../shared/stix2-schemas); the Zeek intel file has the intel framework's columns and types
 * (zeek/zeek scripts/base/frameworks/intel/main.zeek, `Intel::CERT_HASH` looked up by
 * scripts/policy/frameworks/intel/seen/x509.zeek as the certificate's SHA-1); the MISP event uses the x509 object
 * template's relations (MISP/misp-objects objects/x509/definition.json); CSV parses back (csv-parse) with formula
 * cells defused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { runCli, ndjson } from '../helpers/run-cli';
import { CORPUS_DIR, SHARED_DIR } from '../helpers/corpus';
import { makeWorkDir } from '../helpers/x509-openssl';
import { makeCert, leafExtensions } from '../helpers/detect-certs';
import { servedCapture } from '../helpers/served-capture';
import { scanAll } from '../../src/pipeline/collect-findings';
import { stixBundle } from '../../src/output/ioc/stix';
import type { Finding } from '../../src/detect/types';

const SURICATA = '/usr/bin/suricata';
/** A hostile name: markup, a rule-breaking quote and semicolon, a spreadsheet formula, an escape sequence. */
const HOSTILE_CN = '<img src=x onerror="document.body.dataset.pwned=1">"; sid:1; =HYPERLINK("http://x") \x1b[31m';
/** An SNI a client may send: a spreadsheet formula. */
const HOSTILE_SNI = '=HYPERLINK("http://x","y")';
const CORPUS_CAPTURE = 'suricata-tls-client-auth.pcap';



describe('IOC exports', () => {
  let dir: string;
  let captures: string[];
  let findings: Array<Record<string, any>>;

  const exportTo = (format: string, out: string) => runCli(['scan', '--no-baseline', '-f', format, '-o', out, '--min-severity', 'medium', ...captures]);

  beforeAll(() => {
    dir = makeWorkDir();
    const hostile = makeCert({ subject: [['CN', HOSTILE_CN], ['O', 'Evil, "Inc"']], notBefore: '2025-12-31T00:00:00Z', notAfter: '2036-01-01T00:00:00Z', extensions: leafExtensions(['evil-c2.example']) });
    const hostilePcap = join(dir, 'hostile.pcap');
    writeFileSync(hostilePcap, servedCapture([
      { chain: [hostile.der], sni: HOSTILE_SNI, server: { ip: '203.0.113.9', port: 443 } },
      { chain: [hostile.der], sni: 'evil-c2.example', server: { ip: '203.0.113.9', port: 443 } },
    ]));
    captures = ['captures/t1587-samples.pcapng', hostilePcap, join(CORPUS_DIR, 'pcap', CORPUS_CAPTURE)].filter((p) => existsSync(p));
    findings = ndjson(runCli(['scan', '--no-baseline', '-f', 'ndjson', '--no-connections', '--min-severity', 'medium', ...captures]).stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has medium-or-worse findings in every capture to export, the hostile one among them', () => {
    expect(findings.length).toBeGreaterThanOrEqual(8);
    expect(findings.some((f) => f.certhound.x509.san?.dns?.includes('evil-c2.example'))).toBe(true);
    for (const c of captures) expect(findings.some((f) => f.certhound.sightings.sources.includes(c))).toBe(true);
  });

  describe('Suricata', () => {
    let rulesDir: string;
    beforeAll(() => {
      rulesDir = join(dir, 'suricata');
      const r = exportTo('suricata', rulesDir);
      expect(r.status).toBe(1); // the findings reach high: --fail-on
      writeFileSync(join(rulesDir, 'suricata.yaml'), [
        '%YAML 1.1', '---', `default-rule-path: ${rulesDir}`, 'rule-files:', '  - certhound.rules',
        'classification-file: /etc/suricata/classification.config', 'reference-config-file: /etc/suricata/reference.config',
        'outputs:', '  - eve-log:', '      enabled: yes', '      filetype: regular', '      filename: eve.json', '      types:', '        - alert',
      ].join('\n') + '\n');
    });

    it('every rule loads in Suricata 7', () => {
      expect(existsSync(SURICATA)).toBe(true);
      const t = spawnSync(SURICATA, ['-T', '-c', join(rulesDir, 'suricata.yaml'), '-l', rulesDir], { encoding: 'utf8' });
      expect(t.status).toBe(0);
      const rules = readFileSync(join(rulesDir, 'certhound.rules'), 'utf8').split('\n').filter((l) => l.startsWith('alert'));
      expect(rules).toHaveLength(findings.length + 1);
      expect(t.stdout + t.stderr).toMatch(new RegExp(`${rules.length} rules successfully loaded, 0 rules failed`));
      expect(readFileSync(join(rulesDir, 'certhound-sha256.lst'), 'utf8').trim().split('\n').sort()).toEqual(findings.map((f) => f.certhound.x509.sha256.toLowerCase()).sort());
    });

    it('fires for every exported certificate when Suricata reads the captures they came from', () => {
      const rules = readFileSync(join(rulesDir, 'certhound.rules'), 'utf8');
      const sidOf = new Map([...rules.matchAll(/certhound_sha256 ([0-9a-f]{64}),.*sid:(\d+);/g)].map((m) => [m[1], Number(m[2])]));
      const fired = new Set<number>();
      for (const [k, capture] of captures.entries()) {
        const logDir = join(rulesDir, `run-${k}`);
        mkdirSync(logDir);
        const run = spawnSync(SURICATA, ['-c', join(rulesDir, 'suricata.yaml'), '-r', capture, '-S', join(rulesDir, 'certhound.rules'), '-l', logDir, '-k', 'none'], { encoding: 'utf8' });
        expect(run.status).toBe(0);
        for (const line of readFileSync(join(logDir, 'eve.json'), 'utf8').split('\n').filter(Boolean)) fired.add(JSON.parse(line).alert.signature_id);
      }
      const missed = findings.filter((f) => !fired.has(sidOf.get(f.certhound.x509.sha256.toLowerCase()) as number)).map((f) => f.certhound.x509.sha256);
      expect(missed).toEqual([]);
      expect(fired.has(1999587)).toBe(true); // the dataset rule
    }, 60000);
  });

  /** Problems the OASIS schemas find in a bundle and in each of its objects. */
  function stixProblems(bundle: { objects: Array<Record<string, any>> }): string[] {
    const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    // domain-name's `idn-hostname` has no ajv-formats check; certhound writes no domain-name object
    ajv.addFormat('idn-hostname', true);
    const schemaDir = join(SHARED_DIR, 'stix2-schemas', 'schemas');
    for (const sub of readdirSync(schemaDir)) {
      for (const file of readdirSync(join(schemaDir, sub))) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, sub, file), 'utf8')));
    }
    const schemaId = (sub: string, name: string) => `http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/${sub}/${name}.json`;
    // the schemas do refuse: an x509-certificate without id or spec_version
    expect(ajv.validate(schemaId('observables', 'x509-certificate'), { type: 'x509-certificate', subject: 'CN=x' })).toBe(false);
    const problems: string[] = [];
    if (!ajv.validate(schemaId('common', 'bundle'), bundle)) problems.push(`bundle: ${ajv.errorsText()}`);
    const folder: Record<string, string> = { indicator: 'sdos', tool: 'sdos', malware: 'sdos', identity: 'sdos', relationship: 'sros', 'x509-certificate': 'observables' };
    for (const o of bundle.objects) {
      if (!folder[o.type]) problems.push(`${o.id}: unexpected type`);
      else if (!ajv.validate(schemaId(folder[o.type], o.type), o)) problems.push(`${o.id}: ${ajv.errorsText()}`);
    }
    return problems;
  }

  it('STIX 2.1: the bundle and every object validate against the OASIS schemas; indicators, certificates and tools agree', () => {
    const out = join(dir, 'bundle.json');
    exportTo('stix', out);
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(stixProblems(bundle)).toEqual([]);
    const byType = (t: string) => bundle.objects.filter((o: any) => o.type === t);
    const hashes = findings.map((f) => f.certhound.x509.sha256.toLowerCase()).sort();
    expect(byType('indicator').map((i: any) => /'([0-9a-f]{64})'\]$/.exec(i.pattern)?.[1]).sort()).toEqual(hashes);
    expect(byType('x509-certificate').map((c: any) => c.hashes['SHA-256']).sort()).toEqual(hashes);
    const tools = byType('tool').map((t: any) => t.name);
    expect(tools).toContain('Cobalt Strike');
    const toolId = byType('tool').find((t: any) => t.name === 'Cobalt Strike').id;
    expect(byType('relationship').some((r: any) => r.relationship_type === 'indicates' && r.target_ref === toolId)).toBe(true);
    expect(byType('indicator').flatMap((i: any) => i.external_references ?? []).map((r: any) => r.external_id)).toContain('T1587.003');
  });

  it('STIX 2.1: a RAT builder named by the evidence is a malware family, and the ids stay the same on a re-export', async () => {
    const result = await scanAll(['captures/t1587-samples.pcapng'], { onProblem: () => undefined }, {});
    const f = result.findings[0];
    const rat = { ...f, signals: [{ ...f.signals[0], id: 'tool-default', evidence: { tools: ['AsyncRAT'], kinds: ['rat'], matches: ['asyncrat-server'] } }] } as Finding;
    const now = new Date('2026-12-01T00:00:00Z');
    const bundle = stixBundle([rat], { now }) as { objects: Array<Record<string, any>> };
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.find((o) => o.type === 'malware')).toMatchObject({ name: 'AsyncRAT', is_family: true, malware_types: ['remote-access-trojan'] });
    expect(bundle.objects.some((o) => o.type === 'tool')).toBe(false);
    expect((stixBundle([rat], { now }) as typeof bundle).objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
  });

  it('Zeek intel: the framework\'s columns, a CERT_HASH per certificate as its SHA-1, and no hostile byte in a field', () => {
    const out = join(dir, 'certhound.intel');
    exportTo('zeek-intel', out);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    expect(lines[0]).toBe('#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url');
    const rows = lines.slice(1).map((l) => l.split('\t'));
    for (const r of rows) {
      expect(r).toHaveLength(5);
      expect(['Intel::CERT_HASH', 'Intel::ADDR', 'Intel::DOMAIN']).toContain(r[1]);
      expect(r.join('')).not.toMatch(/[\x00-\x1f]/);
    }
    const certHashes = rows.filter((r) => r[1] === 'Intel::CERT_HASH').map((r) => r[0]).sort();
    // the SHA-1 Zeek's files framework computes over the certificate's DER
    expect(certHashes).toEqual(findings.map((f) => f.certhound.x509.sha1.toLowerCase()).sort());
    for (const h of certHashes) expect(h).toMatch(/^[0-9a-f]{40}$/);
    expect(rows).toContainEqual(['203.0.113.9', 'Intel::ADDR', 'certhound', expect.any(String), '-']);
    expect(rows).toContainEqual(['evil-c2.example', 'Intel::DOMAIN', 'certhound', expect.any(String), '-']);
    expect(rows.filter((r) => r[1] === 'Intel::DOMAIN').map((r) => r[0])).not.toContain(HOSTILE_SNI); // no host name
  });

  it('MISP: one x509 object per certificate, with the template\'s relations and attribute types', () => {
    const out = join(dir, 'misp.json');
    exportTo('misp', out);
    const event = JSON.parse(readFileSync(out, 'utf8')).Event;
    // MISP/misp-objects objects/x509/definition.json (version 4): relation → MISP attribute type
    const template: Record<string, string> = {
      subject: 'text', 'pubkey-info-algorithm': 'text', 'pubkey-info-size': 'text', 'pubkey-info-exponent': 'text', 'pubkey-info-modulus': 'text',
      'x509-fingerprint-md5': 'md5', 'x509-fingerprint-sha1': 'sha1', 'x509-fingerprint-sha256': 'sha256', 'raw-base64': 'text', text: 'text',
      'validity-not-before': 'datetime', 'validity-not-after': 'datetime', issuer: 'text', 'serial-number': 'text', version: 'text',
    };
    expect(event.Object).toHaveLength(findings.length);
    for (const o of event.Object) {
      expect(o).toMatchObject({ name: 'x509', 'meta-category': 'network', template_uuid: 'd1ab756a-26b5-4349-9f43-765630f0911c' });
      for (const a of o.Attribute) expect(template[a.object_relation]).toBe(a.type);
      expect(o.Attribute.some((a: any) => a.object_relation === 'x509-fingerprint-sha256' && a.to_ids)).toBe(true);
      const der = Buffer.from(o.Attribute.find((a: any) => a.object_relation === 'raw-base64').value, 'base64');
      const sha256 = o.Attribute.find((a: any) => a.object_relation === 'x509-fingerprint-sha256').value;
      expect(execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-fingerprint', '-sha256'], { input: der }).toString()).toContain(sha256.toUpperCase().match(/../g).join(':'));
    }
    expect(event.Tag.map((t: any) => t.name)).toContain('misp-galaxy:mitre-attack-pattern="Develop Capabilities: Digital Certificates - T1587.003"');
  });

  it('CSV: parses back, one row per finding, a formula in a name defused', () => {
    const out = join(dir, 'findings.csv');
    exportTo('csv', out);
    const rows = parseCsv(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(findings.length);
    const hostile = rows.find((r) => r.server_names.includes('evil-c2.example')) as Record<string, string>;
    const finding = findings.find((f) => f.certhound.x509.san?.dns?.includes('evil-c2.example')) as Record<string, any>;
    expect(hostile.subject).toBe(finding.tls.server.subject); // quotes, commas and the escape byte survive the round trip
    expect(hostile.server_names).toBe(`'${HOSTILE_SNI.toLowerCase()} evil-c2.example`); // a formula cell gets a leading quote
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+@]/);
  });
});


