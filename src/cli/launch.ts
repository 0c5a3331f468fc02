/**
 * The launcher: certhound runs in a child process under a heap ceiling of its own, so that a bug that makes memory
 * grow ends the run with one line and exit code 2 instead of pushing the machine into swap. The budgets of each
 * stage keep hostile input far below the ceiling (README "Limits"); the ceiling is for what they miss.
 *
 * Measured on the floods of test/hostile (2 M SYNs, 300k half-sent hellos): without a ceiling V8 let the garbage of
 * evicted flows pile up to 358 and 515 MB of RSS; under a ceiling it collects early: 203/235 MB at 512 MiB,
 * 220/251 MB at 1024 MiB. A large legitimate run (the bench's 1 GiB capture, a 5 M-line Zeek sweep) peaks near
 * 200 MiB, so 1024 leaves it room and still stops a runaway long before swap. Scan speed is unchanged (best of five
 * on a 420 MB bench capture: 1.41 s CPU before, 1.42 s with the launcher).
 */
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';

/** Default heap ceiling (V8 old space) in MiB; `CERTHOUND_MAX_HEAP_MB` sets another. */
export const DEFAULT_MAX_HEAP_MB = 1024;
/**
 * Where V8 first considers a full collection. Given a ceiling, V8 starts with a small old-generation limit and on the
 * bench capture ran 23 mark-compacts on a 12 MB heap instead of 2 (a third more CPU); from 64 MiB it runs none.
 */
const INITIAL_OLD_SPACE_MB = 64;
/** The child's end of the pipe that tells it the launcher is alive. */
const LAUNCHER_FD = 3;
/** Set in the child: it runs certhound itself. */
const CHILD_ENV = 'CERTHOUND_LAUNCHED';
/** Set in the child when the launcher's stderr is a terminal (the child's is a pipe through the launcher). */
export const STDERR_TTY_ENV = 'CERTHOUND_STDERR_TTY';
/** What V8 writes first when a heap ceiling is hit; from there on its report is swallowed. */
const V8_FATAL_MARKERS = ['\n<--- Last few GCs --->', '\nFATAL ERROR: '];
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/** The heap ceiling the run gets, from the environment or the default. */
export function maxHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.CERTHOUND_MAX_HEAP_MB);
  return Number.isInteger(asked) && asked >= 32 ? asked : DEFAULT_MAX_HEAP_MB;
}

/**
 * In the child: when the launcher is gone (killed, even with SIGKILL), the run ends at once as if it had been
 * killed with it, rather than go on writing a baseline nobody waits for.
 */
export function followLauncher(): void {
  if (process.env[CHILD_ENV] !== '1') return;
  let link: Socket;
  try {
    link = new Socket({ fd: LAUNCHER_FD, readable: true, writable: false });
  } catch {
    return; // started as a child by hand, without the launcher's pipe
  }
  link.on('error', () => undefined);
  link.on('close', () => process.kill(process.pid, 'SIGKILL'));
  link.resume();
  link.unref();
}

/** The node flags of a run under the ceiling (the bench's children take the same). */
export function heapFlags(mb = maxHeapMb()): string[] {
  return [`--max-old-space-size=${mb}`, `--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`];
}

/** True when this process already runs under a ceiling someone chose (a child of the launcher, or node's own flag). */
function underCeiling(): boolean {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return process.env[CHILD_ENV] === '1' || flags.includes('--max-old-space-size');
}

/**
 * Runs `script` (the launcher's own file) again as a child with the ceiling, relays its stderr (cutting V8's
 * out-of-memory report down to one line) and ends with its exit code. Returns false when this process should run
 * certhound itself.
 */
export function relaunch(script: string, argv: string[]): boolean {
  if (underCeiling()) return false;
  const mb = maxHeapMb();
  const child = spawn(process.execPath, [...heapFlags(mb), script, ...argv.slice(2)], {
    // fd 3: never written; the child sees it close when the launcher is gone (see followLauncher).
    stdio: ['inherit', 'inherit', 'pipe', 'pipe'],
    env: { ...process.env, [CHILD_ENV]: '1', [STDERR_TTY_ENV]: process.stderr.isTTY ? '1' : '' },
  });
  // Ctrl-C reaches the child from the terminal itself, and is passed on too for a SIGINT sent to the launcher alone
  // (`kill -INT`): the child takes two within a second as one (cli/interrupt.ts).
  process.on('SIGINT', () => child.kill('SIGINT'));
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => child.kill(signal));
  let outOfMemory = false;
  let held = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (outOfMemory) return;
    const text = held + chunk.toString('latin1');
    const at = markerAt(text);
    if (at >= 0) outOfMemory = true;
    const upTo = at >= 0 ? at : partialMarkerAt(text);
    process.stderr.write(Buffer.from(text.slice(0, upTo), 'latin1'));
    held = at >= 0 ? '' : text.slice(upTo);
  });
  child.on('error', (err) => {
    process.stderr.write(`certhound: cannot start (${err.message})\n`);
    process.exitCode = 2;
  });
  child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
    process.stderr.write(Buffer.from(held, 'latin1'));
    if (outOfMemory) {
      process.stderr.write(`certhound: out of memory: the run passed its heap ceiling of ${mb} MiB and was stopped (CERTHOUND_MAX_HEAP_MB sets another; please report this with the input that caused it)\n`);
      process.exitCode = 2;
    } else if (signal) {
      for (const s of ['SIGINT', ...FORWARDED_SIGNALS]) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    } else {
      process.exitCode = code ?? 2;
    }
  });
  return true;
}

/** Where V8's fatal report starts in `text`, or -1. */
function markerAt(text: string): number {
  let at = -1;
  for (const m of V8_FATAL_MARKERS) {
    const i = text.indexOf(m);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at;
}

/** Where a marker cut by the end of `text` may begin (its last line could be one), else the end of `text`. */
function partialMarkerAt(text: string): number {
  const nl = text.lastIndexOf('\n');
  if (nl < 0) return text.length;
  const rest = text.slice(nl);
  return V8_FATAL_MARKERS.some((m) => m.startsWith(rest)) ? nl : text.length;
}
