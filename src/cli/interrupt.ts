/**
 * SIGINT and SIGTERM during a run: the first asks the run to stop where it is (what is decided gets written, the
 * baseline and cursors committed, a summary said); a second one ends the process at once, as a user pressing
 * Ctrl-C twice expects.
 */
import { EXIT_INTERRUPTED } from './exit-codes';

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The signal's name once one came. */
  readonly received: string | undefined;
  dispose(): void;
}

export function catchInterrupts(): Interrupt {
  const controller = new AbortController();
  let received: string | undefined;
  const handler = (name: NodeJS.Signals): void => {
    if (received) process.exit(EXIT_INTERRUPTED);
    received = name;
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
