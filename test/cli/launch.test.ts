/**
 * The launcher (src/cli/launch.ts): certhound runs in a child under a heap ceiling; the child must never outlive
 * the launcher, and what is sent to the launcher reaches the run. Linux /proc tells the child's pid and state.
 * (The ceiling itself is tested in test/hostile/memory.test.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { CERTHOUND_BIN } from '../helpers/run-cli';
import { pcapHeader } from '../helpers/hostile';

/** A certhound scan of stdin that waits for more input: it runs until it is told otherwise. */
function waitingScan(): ChildProcess {
  const launcher = spawn(process.execPath, [CERTHOUND_BIN, 'scan', '--no-baseline', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  launcher.stdin?.write(pcapHeader());
  return launcher;
}

function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number));
}

/** Alive and not a zombie (a zombie has let go of its files and locks; only its parent's wait is missing). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

const exited = (p: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> =>
  new Promise((resolve) => p.once('exit', (code, signal) => resolve([code, signal])));

describe('launcher', () => {
  it('runs certhound in one child under a heap ceiling', async () => {
    const launcher = waitingScan();
    expect(await until(() => childrenOf(launcher.pid as number).length === 1, 10_000)).toBe(true);
    const [child] = childrenOf(launcher.pid as number);
    const cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining(['--max-old-space-size=1024', CERTHOUND_BIN, 'scan', '--no-baseline', '-']));
    launcher.stdin?.end();
    expect(await exited(launcher)).toEqual([0, null]);
  }, 30_000);

  it('a launcher killed with SIGKILL takes its child with it', async () => {
    const launcher = waitingScan();
    expect(await until(() => childrenOf(launcher.pid as number).length === 1, 10_000)).toBe(true);
    const [child] = childrenOf(launcher.pid as number);
    launcher.kill('SIGKILL');
    await exited(launcher);
    expect(await until(() => !running(child), 10_000)).toBe(true);
  }, 30_000);

  it('SIGTERM sent to the launcher alone ends the run, and the launcher ends as the run did', async () => {
    const launcher = waitingScan();
    expect(await until(() => childrenOf(launcher.pid as number).length === 1, 10_000)).toBe(true);
    const [child] = childrenOf(launcher.pid as number);
    launcher.kill('SIGTERM');
    // Ended by the signal, or by the run's own answer to it (an interrupted run's exit code).
    const [code, signal] = await exited(launcher);
    expect(signal === 'SIGTERM' || (code !== null && code !== 0)).toBe(true);
    expect(running(child)).toBe(false);
  }, 30_000);
});
