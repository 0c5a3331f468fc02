/**
 * Issue 15 item 6: the default baseline lives in the user's data directory (CERTHOUND_BASELINE, else
 * $XDG_DATA_HOME/certhound, else ~/.local/share/certhound), never inside the installed package; read-only commands
 * never create a store; `baseline show` and `stats` answer while a sweep holds the store; a non-root user runs the
 * README's `npx certhound scan captures/` from a root-owned install. Captures: captures/t1587-samples.pcapng.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CERTHOUND_BIN, ndjson, runCli } from '../helpers/run-cli';

const root = join(__dirname, '..', '..');
const SAMPLES = join(root, 'captures', 't1587-samples.pcapng');
const temp = (): string => mkdtempSync(join(tmpdir(), 'certhound-location-'));
/** The environment of a user who set none of certhound's variables. */
function userEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CERTHOUND_BASELINE' && k !== 'XDG_DATA_HOME') env[k] = v;
  return { ...env, ...extra };
}
function run(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CERTHOUND_BIN, ...args], { cwd: root, env, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe('where the default baseline is', () => {
  test('$XDG_DATA_HOME/certhound, else ~/.local/share/certhound; CERTHOUND_BASELINE overrides both; never the package', () => {
    const home = temp();
    const data = temp();
    expect(run(['scan', '--format', 'ndjson', SAMPLES], userEnv({ HOME: home })).status).toBe(1);
    expect(existsSync(join(home, '.local/share/certhound/CURRENT'))).toBe(true);
    expect(run(['scan', '--format', 'ndjson', SAMPLES], userEnv({ HOME: home, XDG_DATA_HOME: data })).status).toBe(1);
    expect(existsSync(join(data, 'certhound/CURRENT'))).toBe(true);
    const named = join(temp(), 'store');
    expect(run(['scan', '--format', 'ndjson', SAMPLES], userEnv({ HOME: home, XDG_DATA_HOME: data, CERTHOUND_BASELINE: named })).status).toBe(1);
    expect(existsSync(join(named, 'CURRENT'))).toBe(true);
    expect(existsSync(join(root, 'baselines', 'default'))).toBe(false);
    const stats = run(['baseline', 'stats'], userEnv({ HOME: home }));
    expect(stats.status).toBe(0);
    expect(stats.stdout).toMatch(/^certificates\s+[1-9]/m);
  });
});

describe('read-only commands never create a store', () => {
  test('a mistyped --baseline for show, stats, marks or export is an error naming it, and nothing is created', () => {
    const missing = join(temp(), 'no-such-store');
    for (const args of [['baseline', 'show', '10.0.0.1'], ['baseline', 'stats'], ['baseline', 'marks'], ['baseline', 'export']]) {
      const r = runCli([...args, '--baseline', missing]);
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 2, stderr: `certhound: no baseline at ${missing} (a scan or \`baseline learn\` makes one)\n` });
    }
    expect(runCli(['scan', '--no-update', '--baseline', missing, SAMPLES]).status).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });

  test('a read-only scan with no default store yet reads without history and makes none', () => {
    const home = temp();
    const r = run(['scan', '--no-update', '--format', 'ndjson', SAMPLES], userEnv({ HOME: home }));
    expect(r.status).toBe(1);
    expect(ndjson(r.stdout).length).toBeGreaterThan(0);
    expect(existsSync(join(home, '.local/share/certhound'))).toBe(false);
  });
});

test('baseline show and stats answer while a sweep holds the store (a copy of it as of its last batch)', async () => {
  const baseline = join(temp(), 'store');
  expect(runCli(['scan', '--baseline', baseline, '--format', 'ndjson', SAMPLES]).status).toBe(1);
  const first = ndjson(runCli(['baseline', 'export', '--baseline', baseline]).stdout).find((r) => r.kind === 'cert');
  // a sweep that holds the store: a live pipe kept open
  const sweep = spawn(process.execPath, [CERTHOUND_BIN, 'scan', '-', '--baseline', baseline, '--format', 'ndjson'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  sweep.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  sweep.stdin.write(readFileSync(SAMPLES));
  for (let i = 0; i < 100 && !out.includes('certhound.finding'); i++) await new Promise((r) => setTimeout(r, 100));
  expect(runCli(['scan', '--baseline', baseline, SAMPLES]).stderr).toContain('is in use by another process'); // a second writer
  const stats = runCli(['baseline', 'stats', '--baseline', baseline]);
  expect(stats.status).toBe(0);
  expect(stats.stdout).toMatch(/^certificates\s+[1-9]/m);
  const shown = runCli(['baseline', 'show', first?.sha256 ?? first?.record?.sha256, '--baseline', baseline]);
  expect(shown.status).toBe(0);
  sweep.kill('SIGINT');
  expect(await new Promise((r) => sweep.on('exit', r))).toBe(130);
  expect(spawnSync('ls', ['-a', join(baseline, '..')]).stdout.toString()).not.toMatch(/certhound-snapshot/); // copies removed
});

test('a non-root user runs `npx certhound scan captures/` from a root-owned global install with the default baseline', () => {
  // The layout `npm install -g` makes under a prefix (lib/node_modules/certhound, bin/certhound), owned by root.
  const base = temp();
  chmodSync(base, 0o755);
  const prefix = join(base, 'prefix');
  const pkg = join(prefix, 'lib', 'node_modules', 'certhound');
  mkdirSync(pkg, { recursive: true });
  for (const part of ['bin', 'dist', 'captures', 'package.json']) cpSync(join(root, part), join(pkg, part), { recursive: true });
  cpSync(join(root, 'baselines', 'reference'), join(pkg, 'baselines', 'reference'), { recursive: true });
  spawnSync('cp', ['-al', join(root, 'node_modules'), join(pkg, 'node_modules')]);
  mkdirSync(join(prefix, 'bin'));
  symlinkSync(join('..', 'lib', 'node_modules', 'certhound', 'bin', 'certhound'), join(prefix, 'bin', 'certhound'));
  // the user's own folder, with the sample captures beside them as the README's quick start has them
  const home = join(base, 'home');
  mkdirSync(home);
  symlinkSync(join(pkg, 'captures'), join(home, 'captures'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(home, 65534, 65534);
  else spawnSync('chmod', ['-R', 'a-w', prefix]); // not root: the install is at least not the user's to write
  const npx = ['npx', 'certhound', 'scan', 'captures/', '--format', 'ndjson'];
  const command = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...npx] : npx;
  const env = userEnv({ HOME: home, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, npm_config_prefix: prefix, npm_config_cache: join(home, '.npm'), npm_config_update_notifier: 'false' });
  const r = spawnSync(command[0], command.slice(1), { cwd: home, env, maxBuffer: 64 << 20, timeout: 120_000 });
  expect({ status: r.status, said: r.stderr.toString().split('\n').filter((l) => /certhound|EACCES|error/.test(l)) }).toEqual({ status: 1, said: [] });
  expect(ndjson(r.stdout.toString()).some((d) => d.event.dataset === 'certhound.finding')).toBe(true);
  expect(existsSync(join(home, '.local/share/certhound/CURRENT'))).toBe(true);
  expect(existsSync(join(pkg, 'baselines', 'default'))).toBe(false);
}, 150_000);
