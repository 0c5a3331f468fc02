/**
 * When certificates already judged are judged again depends on the input alone (scan.ts, REJUDGE_EVERY_SIGHTINGS):
 * a capture scanned twice on one thread gives the same bytes, updates included, however fast the machine runs. The
 * capture is a generated handshake-dense mix with more handshakes than one round waits for, so rounds fall inside the
 * run, not only at its end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DENSE, scaled } from '../../bench/traffic/mixes';
import { writeMix, type MixTruth } from '../../bench/traffic/mix';
import { trafficPki } from '../../bench/traffic/pki';
import { REJUDGE_EVERY_SIGHTINGS } from '../../src/pipeline/scan';
import { runCli } from '../helpers/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'certhound-rejudge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scanOnce(capture: string): string {
  const baseline = mkdtempSync(join(dir, 'baseline-'));
  const r = runCli(['scan', '--workers', '0', '--baseline', baseline, '--format', 'ndjson', capture]);
  rmSync(baseline, { recursive: true, force: true });
  expect(r.status).not.toBe(2);
  return r.stdout;
}

describe('judging again follows the input, not the clock', () => {
  let capture: string;
  let truth: MixTruth;

  beforeAll(async () => {
    const pki = await trafficPki(join(dir, 'pki.json'), { serverLeaves: 60, clientLeaves: 12, quick: true }, () => undefined);
    capture = join(dir, 'dense.pcap');
    truth = writeMix(capture, { ...scaled(DENSE, (REJUDGE_EVERY_SIGHTINGS * 1.6) / DENSE.tlsConnections), sites: 50 }, pki, () => undefined);
  }, 300_000);

  it('a capture scanned twice gives the same bytes, with updates written before its last connection', () => {
    expect(truth.tlsConnections).toBeGreaterThan(REJUDGE_EVERY_SIGHTINGS);
    const first = scanOnce(capture);
    expect(scanOnce(capture)).toBe(first);
    const lines = first.split('\n').filter(Boolean);
    const lastConnection = lines.map((l) => l.includes('"dataset":"certhound.tls"')).lastIndexOf(true);
    const firstUpdate = lines.findIndex((l) => l.includes('"dataset":"certhound.finding"') && l.includes('"action":"updated"'));
    expect(firstUpdate).toBeGreaterThan(-1);
    expect(firstUpdate).toBeLessThan(lastConnection);
  }, 300_000);
});
