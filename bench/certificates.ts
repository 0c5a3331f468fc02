/** Makes the benchmark's certificates with the openssl CLI: a few CAs and many leaves, EC P-256 (fast to make). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface BenchCert {
  der: Buffer;
  name: string;
}

export interface BenchPki {
  cas: BenchCert[];
  /** leaves[i] is issued by cas[i % cas.length]. */
  leaves: BenchCert[];
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makePki(caCount: number, leafCount: number): BenchPki {
  const dir = mkdtempSync(join(tmpdir(), 'certhound-bench-pki-'));
  try {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'key.pem'], dir);
    const cas: BenchCert[] = [];
    for (let i = 0; i < caCount; i++) {
      const name = `Bench Issuing CA ${i}`;
      openssl(['req', '-x509', '-new', '-key', 'key.pem', '-subj', `/O=certhound bench/CN=${name}`, '-days', '3650',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-outform', 'DER', '-out', `ca${i}.der`], dir);
      openssl(['x509', '-inform', 'DER', '-in', `ca${i}.der`, '-out', `ca${i}.pem`], dir);
      cas.push({ der: readFileSync(join(dir, `ca${i}.der`)), name });
    }
    writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\n');
    const leaves: BenchCert[] = [];
    for (let i = 0; i < leafCount; i++) {
      const name = `host${i}.bench.example`;
      const ca = i % caCount;
      openssl(['req', '-new', '-key', 'key.pem', '-subj', `/CN=${name}`, '-out', 'leaf.csr'], dir);
      openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', `ca${ca}.pem`, '-CAkey', 'key.pem', '-set_serial', String(1000 + i),
        '-days', '365', '-extfile', 'leaf.ext', '-outform', 'DER', '-out', 'leaf.der'], dir);
      leaves.push({ der: readFileSync(join(dir, 'leaf.der')), name });
    }
    return { cas, leaves };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
