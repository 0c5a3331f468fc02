/** Everything certhound says to a person goes through here: one line per message, `certhound: ` first. */
import type { InputProblem } from '../pipeline/extract';
import { STDERR_TTY_ENV } from './launch';

export function say(message: string): void {
  process.stderr.write(`certhound: ${message}\n`);
}

export function describeProblem(p: InputProblem): string {
  const where = p.line !== undefined ? `line ${p.line}: ` : p.offset !== undefined ? `offset ${p.offset}: ` : '';
  return `${p.fatal ? '' : 'warning: '}${p.file}: ${where}${p.message}`;
}

/** A progress line on stderr, redrawn in place, only when stderr is a terminal (the launcher's, when it relays ours). */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(private readonly enabled = Boolean(process.stderr.isTTY) || process.env[STDERR_TTY_ENV] === '1') {}

  update(file: string, bytes: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\x1b[Kcerthound: ${file}: ${(bytes / 1048576).toFixed(1)} MiB`);
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
