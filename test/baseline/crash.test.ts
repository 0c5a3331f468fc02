import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';
import type { CertRecord } from '../../src/baseline';

/** Starts the writer, waits for `batches` whole batches, then kills it with SIGKILL while it keeps writing. */
function killMidRun(dir: string, batches: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'crash-writer.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString().split('flushed').length - 1;
      if (seen >= batches) setTimeout(() => child.kill('SIGKILL'), 37); // lands inside the next batch's work
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}`))));
  });
}

it('a writer killed with SIGKILL mid-update leaves a store that opens and is consistent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-crash-'));
  try {
    await killMidRun(dir, 3);
    const store = await BaselineStore.open(dir);
    const sightingsBySha = new Map<string, number>();
    const serversBySha = new Map<string, number>();
    for await (const [k, presence] of store.scan<{ count: number }>('srv', [])) {
      const sha = k.slice(k.lastIndexOf('\x00') + 1);
      sightingsBySha.set(sha, (sightingsBySha.get(sha) ?? 0) + presence.count);
      serversBySha.set(sha, (serversBySha.get(sha) ?? 0) + 1);
    }
    let certs = 0;
    for await (const [, rec] of store.scan<CertRecord>('cert', [])) {
      certs++;
      // Every certificate record agrees with the presence keys written in the same batch.
      expect(sightingsBySha.get(rec.sha256)).toBe(rec.sightings);
      expect(serversBySha.get(rec.sha256)).toBe(rec.serverTotal);
      expect(await store.get<string>(`s1\x00${rec.sha1}`)).toBe(rec.sha256);
    }
    // No presence key without its certificate record.
    expect(sightingsBySha.size).toBe(certs);
    expect(certs).toBeGreaterThanOrEqual(5000);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
