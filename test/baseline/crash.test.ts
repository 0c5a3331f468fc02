/**
 * A baseline writer killed with SIGKILL mid-update leaves a store that opens and keeps its invariants: every
 * certificate record agrees with its presence and SHA-1 keys (counts match sightings) and only whole batches exist.
 * Once through the session directly (kill timed on the batch write), once through `certhound scan` itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';
import type { CertRecord } from '../../src/baseline';
import { BATCH_CERTIFICATES } from '../../src/baseline/session';
import { ethernet, tcpConversation } from '../helpers/frames';
import { writePcap, type TestFrame } from '../helpers/pcap-writer';
import { CERTHOUND_BIN } from '../helpers/run-cli';
import { certificateBody, clientHelloBody, CT, handshake, HS, records, serverHelloBody } from '../helpers/tls-messages';
import { makeCert, makeWorkDir } from '../helpers/x509-openssl';

/** Batch size of crash-writer.js: the store must hold a whole number of them. */
const BATCH = 500;

/**
 * Runs `args` with node and SIGKILLs it once `killWhen` says so (checked on its output and every 5 ms). certhound is
 * run without its launcher (CERTHOUND_LAUNCHED): the process killed is the one that writes.
 */
function killWhen(args: string[], ready: (stdout: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CERTHOUND_LAUNCHED: '1' } });
    let out = '';
    const check = () => {
      if (ready(out)) child.kill('SIGKILL');
    };
    const timer = setInterval(check, 5);
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < 1 << 16) out += d.toString();
      check();
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child ended by itself (${code}) before it was killed`));
    });
  });
}

/** Reopens the store, checks its invariants, and returns how many certificates it holds. */
async function checkedCertificates(dir: string): Promise<number> {
  const store = await BaselineStore.open(dir);
  try {
    const sightingsBySha = new Map<string, number>();
    const serversBySha = new Map<string, number>();
    const namesBySha = new Map<string, number>();
    for await (const [k, presence] of store.scan<{ count: number }>('srv', [])) {
      const sha = k.slice(k.lastIndexOf('\x00') + 1);
      sightingsBySha.set(sha, (sightingsBySha.get(sha) ?? 0) + presence.count);
      serversBySha.set(sha, (serversBySha.get(sha) ?? 0) + 1);
    }
    for await (const [k] of store.scan('sni', [])) {
      const sha = k.slice(k.lastIndexOf('\x00') + 1);
      namesBySha.set(sha, (namesBySha.get(sha) ?? 0) + 1);
    }
    let certs = 0;
    for await (const [, rec] of store.scan<CertRecord>('cert', [])) {
      certs++;
      // Every certificate record agrees with the presence keys written in the same batch.
      expect(sightingsBySha.get(rec.sha256)).toBe(rec.sightings);
      expect(serversBySha.get(rec.sha256)).toBe(rec.serverTotal);
      expect(namesBySha.get(rec.sha256) ?? 0).toBe(rec.serverNameTotal);
      expect(rec.servers.length).toBe(Math.min(rec.serverTotal, 32));
      expect(await store.get<string>(`s1\x00${rec.sha1}`)).toBe(rec.sha256);
    }
    // No presence key without its certificate record.
    expect(sightingsBySha.size).toBe(certs);
    expect(namesBySha.size).toBeLessThanOrEqual(certs);
    return certs;
  } finally {
    await store.close();
  }
}

/** Bytes LevelDB has put on disk (log and tables). */
function storeBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) if (/\.(log|ldb)$/.test(f)) n += statSync(join(dir, f)).size;
  return n;
}

it('a session writer killed with SIGKILL during a batch write leaves the store as it was before the run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-crash-'));
  try {
    // Killed as soon as it announces its 4th write (so during it or just before).
    await killWhen([join(__dirname, 'crash-writer.js'), dir], (out) => out.split('writing').length - 1 >= 4);
    const certs = await checkedCertificates(dir);
    // The run never finished: reopening rolls it back to the state before it (src/baseline/journal.ts).
    expect(certs).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('certhound scan killed with SIGKILL mid-update', () => {
  let work: string;
  let capture: string;
  const connections = BATCH_CERTIFICATES + 1000;

  beforeAll(() => {
    work = makeWorkDir();
    // One real certificate; distinct copies differ in their 8-byte serial (signatures then fail; parsing does not).
    const serial = '5a17c0ffee000001';
    const { der } = makeCert(work, {
      key: 'ec:P-256', subject: '/CN=crash.example.test', startDate: '20260101000000Z', endDate: '20270101000000Z', serial, extensions: [],
    });
    const at = der.indexOf(Buffer.from(serial, 'hex'));
    const frames: TestFrame[] = [];
    const hello = records(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: 'crash.example.test' })));
    for (let i = 0; i < connections; i++) {
      const copy = Buffer.from(der);
      copy.writeUInt32BE(i, at + 4);
      const flight = records(CT.HANDSHAKE, 0x0303, Buffer.concat([
        handshake(HS.SERVER_HELLO, serverHelloBody()), handshake(HS.CERTIFICATE, certificateBody([copy])), handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
      ]));
      const server = { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 443 };
      const packets = tcpConversation({ ip: '192.168.9.9', port: 1024 + (i % 60000) }, server, [{ from: 'client', data: hello }, { from: 'server', data: flight }]);
      for (const p of packets) frames.push({ time: 1767225600 + i / 100, data: ethernet(p) });
    }
    capture = join(work, 'many.pcap');
    writeFileSync(capture, writePcap(frames));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // The first batch of BATCH_CERTIFICATES is a few MiB of log: at 256 KiB LevelDB is in the middle of writing it.
  it('inside the first batch write: the store reopens consistent, with whole batches only', async () => {
    const dir = mkdtempSync(join(work, 'baseline-'));
    await killWhen([CERTHOUND_BIN, 'scan', '--baseline', dir, '--format', 'ndjson', '--no-connections', capture], () => storeBytes(dir) > 256 * 1024);
    expect([0, BATCH_CERTIFICATES]).toContain(await checkedCertificates(dir));
  }, 60_000);
});
