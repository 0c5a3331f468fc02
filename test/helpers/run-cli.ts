/**
 * Runs the built certhound (`bin/certhound` → `dist/`) in a child process, exactly as a user runs it.
 * `npm test` builds first; when running jest alone, run `npm run build` before.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const root = join(__dirname, '..', '..');
export const CERTHOUND_BIN = join(root, 'bin', 'certhound');

export function runCli(args: string[], opts: { input?: Buffer | string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [CERTHOUND_BIN, ...args], {
    cwd: root,
    input: opts.input,
    env: { ...process.env, ...opts.env },
    maxBuffer: 256 << 20,
  });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

export function ndjson(text: string): Array<Record<string, any>> {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** /usr/bin/time (Debian package `time`): reports the peak RSS of the run, its launcher and child together. */
const TIME = '/usr/bin/time';

/**
 * `runCli` measured: the peak RSS (MiB) of the whole run as the kernel counts it (the launcher waits for its child,
 * so the child's peak is included), through /usr/bin/time's `%M`.
 */
export function runCliMeasured(args: string[], opts: { input?: Buffer | string; env?: Record<string, string> } = {}): CliResult & { maxRssMiB: number } {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak RSS (apt-get install time)`);
  const dir = mkdtempSync(join(tmpdir(), 'certhound-rss-'));
  try {
    const out = join(dir, 'rss');
    const r = spawnSync(TIME, ['-f', '%M', '-o', out, process.execPath, CERTHOUND_BIN, ...args], {
      cwd: root,
      input: opts.input,
      env: { ...process.env, ...opts.env },
      maxBuffer: 256 << 20,
    });
    const kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString(), maxRssMiB: kib / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
