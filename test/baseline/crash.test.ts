import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';
import type { CertRecord } from '../../src/baseline';

/** Batch size of crash-writer.js: the store must hold a whole number of them. */
const BATCH = 500;

/** Starts the writer and kills it with SIGKILL as soon as it announces its `batch`-th write (so during or just before it). */
function killMidWrite(dir: string, batch: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'crash-writer.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString().split('writing').length - 1;
      if (seen >= batch) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}`))));
  });
}

it('a writer killed with SIGKILL mid-update leaves a store that opens and is consistent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-crash-'));
  try {
    await killMidWrite(dir, 4);
    const store = await BaselineStore.open(dir);
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
      expect(namesBySha.get(rec.sha256)).toBe(rec.serverNameTotal);
      expect(rec.servers.length).toBe(Math.min(rec.serverTotal, 32));
      expect(await store.get<string>(`s1\x00${rec.sha1}`)).toBe(rec.sha256);
    }
    // No presence key without its certificate record.
    expect(sightingsBySha.size).toBe(certs);
    expect(namesBySha.size).toBe(certs);
    // Whole batches only: the three before the kill, and the fourth if LevelDB had finished writing it.
    expect([3 * BATCH, 4 * BATCH]).toContain(certs);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
