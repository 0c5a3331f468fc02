/**
 * Runs the built certhound (`bin/certhound` → `dist/`) in a child process, exactly as a user runs it.
 * `npm test` builds first; when running jest alone, run `npm run build` before.
 */
import { spawnSync } from 'node:child_process';
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
