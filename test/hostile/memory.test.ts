/**
 * Issue #16, "memory bounded by design": each attack of the issue built in code, run through the built CLI in a
 * child process, its peak RSS measured by the kernel (/usr/bin/time) and held under the 300 MB budget, and the
 * limit that bit read back from `--stats`. `npm run build` first when running this file alone.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ndjson, runCliMeasured } from '../helpers/run-cli';
import { sysmonProcessXml } from '../helpers/host-events';
import { makeCert } from '../helpers/tls-messages';
import { MAX_CERT_FILE_BYTES } from '../../src/pipeline/certificate-file';
import {
  garbageCertificateBody, halfHelloFlood, hugeRecordGzip, serverFlight, synFlood, tlsConversation, writePcapStream,
} from '../helpers/hostile';

const BUDGET_MIB = 300;

/** `--stats` rows as numbers. */
function statsOf(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stderr.matchAll(/^([a-z_.]+)\s+(\d+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certhound-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(file: string, env: Record<string, string> = {}) {
  const r = runCliMeasured(['scan', '--no-baseline', '--stats', '-f', 'ndjson', file], { env });
  return { ...r, stats: statsOf(r.stderr) };
}

describe('hostile input stays within memory budgets', () => {
  it('one connection whose Certificate message holds 5,000 tiny garbage entries (42 KB) takes 100 of them', () => {
    const file = join(dir, 'tiny-entries.pcap');
    writePcapStream(file, tlsConversation(serverFlight(garbageCertificateBody(5000, 4))));
    const r = scan(file);
    expect(r.status).not.toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stats).toMatchObject({ handshakes: 1, certificates: 100, 'limit.certificates_per_message': 1 });
    expect(r.maxRssMiB).toBeLessThan(BUDGET_MIB);
  });

  it('2 million SYN-only flows: the flow table stays at its cap and the run under budget', () => {
    const file = join(dir, 'syn-flood.pcap.gz');
    writePcapStream(file, synFlood(2_000_000), { gzip: true });
    const r = scan(file);
    expect(r.status).toBe(0);
    expect(r.stats).toMatchObject({ packets: 2_000_000, flows: 2_000_000, handshakes: 0 });
    expect(r.stats['limit.flow_table']).toBeGreaterThan(1_800_000);
    expect(r.maxRssMiB).toBeLessThan(BUDGET_MIB);
  }, 180_000);

  it('300k half-sent ClientHellos: their half-read records share one held-bytes budget', () => {
    const file = join(dir, 'half-hellos.pcap.gz');
    writePcapStream(file, halfHelloFlood(300_000), { gzip: true });
    const r = scan(file);
    expect(r.status).toBe(0);
    expect(r.stats).toMatchObject({ flows: 300_000, handshakes: 0 });
    expect(r.stats['limit.tls_held_bytes']).toBeGreaterThan(200_000);
    expect(r.maxRssMiB).toBeLessThan(BUDGET_MIB);
  }, 180_000);

  it('a 256 MiB record in a tiny gzip is skipped as it passes, and the frame after it is read', () => {
    const file = join(dir, 'huge-record.pcap.gz');
    writeFileSync(file, hugeRecordGzip());
    const r = scan(file);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/huge-record\.pcap\.gz: offset 24: record of 268435472 bytes skipped/);
    expect(r.stats).toMatchObject({ packets: 2, flows: 1, 'limit.capture_record': 1 });
    expect(r.maxRssMiB).toBeLessThan(BUDGET_MIB);
  }, 60_000);

  it('a run that passes its heap ceiling ends with one line and exit code 2, not a V8 report', () => {
    const file = join(dir, 'half-hellos-small.pcap.gz');
    writePcapStream(file, halfHelloFlood(100_000), { gzip: true });
    const r = scan(file, { CERTHOUND_MAX_HEAP_MB: '32' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^certhound: out of memory: the run passed its heap ceiling of 32 MiB and was stopped/m);
    expect(r.stderr).not.toMatch(/Last few GCs|FATAL ERROR|Native stack/);
  }, 120_000);
  it('host: 50,000 matching events stream out one by one instead of being held', () => {
    const file = join(dir, 'many-detections.xml');
    const fd = openSync(file, 'w');
    for (let i = 0; i < 50_000; i++) {
      const time = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('T', ' ').replace('Z', '');
      writeSync(fd, sysmonProcessXml({
        utcTime: time, image: 'C:\\Tools\\openssl.exe',
        commandLine: `openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=host${i}.attacker.example" -keyout k${i}.pem -out c${i}.pem -days 30`,
      }) + '\n');
    }
    closeSync(fd);
    const r = runCliMeasured(['host', '-f', 'ndjson', file]);
    expect(r.stderr).not.toMatch(/internal error/);
    const docs = ndjson(r.stdout);
    expect(docs).toHaveLength(50_000);
    expect(docs[49_999].process.command_line).toContain('host49999.attacker.example');
    expect(r.maxRssMiB).toBeLessThan(BUDGET_MIB);
  }, 180_000);
  it('cert: a 130 MB PEM and /dev/zero end with one line at MAX_CERT_FILE_BYTES, read no further', () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${makeCert('big.example').toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
    const file = join(dir, 'huge.pem');
    const fd = openSync(file, 'w');
    for (let written = 0; written < 130e6; written += pem.length * 1000) writeSync(fd, pem.repeat(1000));
    closeSync(fd);
    for (const path of [file, '/dev/zero']) {
      const r = runCliMeasured(['cert', path]);
      expect({ path, status: r.status, stderr: r.stderr }).toEqual({ path, status: 2, stderr: `certhound: ${path}: larger than ${MAX_CERT_FILE_BYTES} bytes: not a certificate file\n` });
      expect(r.maxRssMiB).toBeLessThan(BUDGET_MIB);
    }
  }, 60_000);
});
