/**
 * (b) The real samples in /work/shared/corpus/host/ give exactly the seed results of its README table
 * ("Expected results"), under substring and strict semantics, and agree with the corpus's own reference
 * evaluator (expected_detections_reference.py, run live on normalize_to_cse_records.py's output).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HOST_CONFIG, detectHost, readHostEvents, seedRule, type HostAnomaly, type HostEvent, type SeedResult } from '../../src/host';
import { CORPUS_DIR } from '../helpers/corpus';

const DIR = `${CORPUS_DIR}/host`;

async function readCorpus(file: string): Promise<{ events: HostEvent[]; anomalies: HostAnomaly[] }> {
  const events: HostEvent[] = [];
  const anomalies: HostAnomaly[] = [];
  for await (const ev of readHostEvents(file, readFileSync(join(DIR, file), 'utf8'), (a) => anomalies.push(a))) events.push(ev);
  return { events, anomalies };
}

const hit = (detectionBranch: SeedResult['detectionBranch'], targetsRootStore: 'true' | 'false'): SeedResult => ({ detectionBranch, targetsRootStore });

/** README "Expected results": file → per event [baseImage, substring result]; whole-string: no hit for every row. */
const README_TABLE: Record<string, Array<[string | undefined, SeedResult | null]>> = {
  'sigma_certutil-addstore-root_sysmon1.json': [['C:\\Windows\\System32\\certutil.exe', hit('CertUtilStoreImport', 'false')]],
  'sigma_certutil-exportpfx_sysmon1.json': [['C:\\Windows\\System32\\certutil.exe', null]],
  'otrf_covenant_authroot_sysmon12-13.ndjson': [
    ['C:\\windows\\system32\\svchost.exe', null],
    ['C:\\windows\\system32\\svchost.exe', null],
  ],
  'evtx2mitre_ID4688-certutil-download.record2.xml': [['C:\\Windows\\System32\\certutil.exe', null]],
  'grapl_linux-sysmon_eid1_process_creation.xml': [['/usr/bin/tr', null]],
  'golibaudit_execve.log': [['/usr/bin/grep', null]],
  'golibaudit_rhel7_execve-hexarg.log': [[undefined, null]],
  'golibaudit_ubuntu2004_dash-p_event.log': [['/usr/bin/dash', null]],
};

/** README rows for public_commandline_fixtures.ndjson, by id (substring semantics). */
const FIXTURE_TABLE: Record<string, SeedResult | null> = {
  'art-lnx-1': hit('CertGenToolWithArgs', 'false'),
  'art-lnx-2': hit('CertGenToolExecution', 'false'),
  'art-lnx-3': null,
  'art-lnx-4': null,
  'art-mac-1': null,
  'art-lnx-5': null,
  'art-win-1': hit('PSCertificateCreation', 'false'),
  'art-win-2': null,
  'art-win-3': hit('CertUtilStoreImport', 'false'),
  'art-win-4': hit('CertUtilStoreImport', 'false'),
  'art-win-5': hit('PSCertificateCreation', 'false'),
  'sigma-1': hit('CertUtilStoreImport', 'false'),
  'sigma-2': hit('CertGenToolExecution', 'false'),
};

describe('corpus samples against the README table', () => {
  for (const [file, rows] of Object.entries(README_TABLE)) {
    it(`${file}: images and seed results (substring), no hit under sumoStrict`, async () => {
      const { events, anomalies } = await readCorpus(file);
      expect(anomalies).toEqual([]);
      expect(events.map((e) => e.image)).toEqual(rows.map((r) => r[0]));
      expect(events.map((e) => seedRule({ baseImage: e.image, commandLine: e.commandLine }))).toEqual(rows.map((r) => r[1]));
      expect(events.map((e) => seedRule({ baseImage: e.image, commandLine: e.commandLine }, { sumoStrict: true }))).toEqual(rows.map(() => null));
    });
  }

  it('public_commandline_fixtures.ndjson: all 13 rows, substring and strict', async () => {
    const { events, anomalies } = await readCorpus('public_commandline_fixtures.ndjson');
    const ids = readFileSync(join(DIR, 'public_commandline_fixtures.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(events).toHaveLength(13);
    // The fixtures carry no time: each is counted, and read with time 0.
    expect(anomalies.map((a) => a.line)).toEqual(ids.map((_, i) => i + 1));
    const got = Object.fromEntries(events.map((e, i) => [ids[i], detectHost(e, DEFAULT_HOST_CONFIG)?.seed ?? null]));
    expect(got).toEqual(FIXTURE_TABLE);
    const strict = events.map((e) => detectHost(e, DEFAULT_HOST_CONFIG, { sumoStrict: true })?.seed ?? null);
    expect(strict).toEqual(ids.map(() => null));
  });

  it('the only real captured hit (SigmaHQ certutil -addstore -f root) is a root import to certhound', async () => {
    const { events } = await readCorpus('sigma_certutil-addstore-root_sysmon1.json');
    const d = detectHost(events[0], DEFAULT_HOST_CONFIG)!;
    expect(d.event).toMatchObject({ host: 'ar-win-dc.attackrange.local', user: 'ATTACKRANGE\\Administrator', time: Date.UTC(2025, 9, 25, 16, 54, 23, 866) });
    expect(d).toMatchObject({ tool: 'certutil', store: 'root', rootStore: true, verdict: { severity: 'high' } });
  });

  it('the OTRF AuthRoot writes by svchost are info and suppressed as automatic root update, with the thumbprint', async () => {
    const { events } = await readCorpus('otrf_covenant_authroot_sysmon12-13.ndjson');
    const ds = events.map((e) => detectHost(e, DEFAULT_HOST_CONFIG)!);
    expect(ds.map((d) => [d.event.registryAction, d.verdict.severity, d.names.thumbprints[0]])).toEqual([
      ['create', 'info', 'ad7e1c28b064ef8f6003402014c3d0e3370eb58a'],
      ['set', 'info', 'ad7e1c28b064ef8f6003402014c3d0e3370eb58a'],
    ]);
    expect(ds.every((d) => d.suppressed?.reason.includes('automatic root update'))).toBe(true);
  });

  it('the binary EVTX file is not a text format: one anomaly, no event, no throw', async () => {
    const { events, anomalies } = await readCorpus('evtx2mitre_ID4688-certutil-download.evtx');
    expect(events).toEqual([]);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^binary EVTX file/) });
  });
});

describe('agreement with the corpus reference evaluator (python3)', () => {
  type Ref = { id: string; baseImage: string | null; commandLine: string | null; search: SeedResult | null; full: SeedResult | null };
  const runReference = (input: string): Ref[] =>
    execFileSync('python3', [join(DIR, 'expected_detections_reference.py')], { input, encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Ref);

  it('every normalised corpus record: same baseImage, commandLine and both seed readings', async () => {
    const normalised = execFileSync('python3', [join(DIR, 'normalize_to_cse_records.py')], { encoding: 'utf8' });
    const refs = runReference(normalised);
    const files = [...new Set(refs.map((r) => r.id.split(/[ :]/)[0]))];
    const ours: Ref[] = [];
    for (const file of files) {
      for (const e of (await readCorpus(file)).events) {
        ours.push({
          id: file,
          baseImage: e.image ?? null,
          commandLine: e.commandLine ?? null,
          search: seedRule({ baseImage: e.image, commandLine: e.commandLine }),
          full: seedRule({ baseImage: e.image, commandLine: e.commandLine }, { sumoStrict: true }),
        });
      }
    }
    expect(ours).toEqual(refs.map((r) => ({ ...r, id: r.id.split(/[ :]/)[0] })));
  });

  it('the command-line fixtures: same seed readings', () => {
    const text = readFileSync(join(DIR, 'public_commandline_fixtures.ndjson'), 'utf8');
    for (const r of runReference(text)) {
      const input = { baseImage: r.baseImage ?? undefined, commandLine: r.commandLine ?? undefined };
      expect([r.id, seedRule(input), seedRule(input, { sumoStrict: true })]).toEqual([r.id, r.search, r.full]);
    }
  });
});
