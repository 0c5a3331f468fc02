/** Everything certhound says to a person goes through here: one line per message, `certhound: ` first. */
import type { InputProblem } from '../pipeline/extract';
import { STDERR_TTY_ENV } from './launch';

/**
 * What comes from outside (a file name, a line's text) may hold a newline or a terminal escape code: printed as is
 * it would forge a `certhound:` line or drive the terminal. Control characters are shown as `\xNN` instead.
 */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function say(message: string): void {
  process.stderr.write(`certhound: ${escapeControls(message)}\n`);
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
    process.stderr.write(`\r\x1b[Kcerthound: ${escapeControls(file)}: ${(bytes / 1048576).toFixed(1)} MiB`);
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
