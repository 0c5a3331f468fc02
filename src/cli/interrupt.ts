/**
 * SIGINT and SIGTERM during a run: the first asks the run to stop where it is (what is decided gets written, the
 * baseline and cursors committed, a summary said); a second one ends the process at once, as a user pressing
 * Ctrl-C twice expects. Two within a second are one: a terminal's Ctrl-C reaches both the launcher, which passes it
 * on (launch.ts), and the run itself.
 */
import { EXIT_INTERRUPTED } from './exit-codes';

/** Signals closer together than this are one. */
const SAME_SIGNAL_MS = 1000;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The signal's name once one came. */
  readonly received: string | undefined;
  dispose(): void;
}

export function catchInterrupts(): Interrupt {
  const controller = new AbortController();
  let received: string | undefined;
  let at = 0;
  const handler = (name: NodeJS.Signals): void => {
    const now = Date.now();
    if (received && now - at >= SAME_SIGNAL_MS) process.exit(EXIT_INTERRUPTED);
    if (received) return;
    received = name;
    at = now;
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
