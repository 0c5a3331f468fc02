/** Everything certhound says to a person goes through here: one line per message, `certhound: ` first. */
import { basename } from 'node:path';
import type { InputProblem } from '../pipeline/extract';
import type { RunProgress } from '../pipeline/progress-meter';
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

/** "12.3 MB" (decimal megabytes, as throughput is said). */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** "1:02:03" or "2:03". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * A progress line on stderr, redrawn in place at most five times a second, only when stderr is a terminal:
 * `file 3 of 12 ssl.log.gz  41% 212.0 MB of 517.3 MB  88.2 MB/s  ETA 0:03`. Stdin has no size: no percent, no ETA.
 * Under the launcher, stderr is a pipe to it: its own stderr being a terminal counts.
 */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly started = Date.now();
  constructor(private readonly enabled = Boolean(process.stderr.isTTY) || process.env[STDERR_TTY_ENV] === '1') {}

  update(p: RunProgress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? p.bytes / seconds : 0;
    const parts = [`file ${p.index} of ${p.files} ${escapeControls(basename(p.file))}`];
    if (p.totalBytes > 0) {
      parts.push(`${Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100))}% ${megabytes(p.bytes)} of ${megabytes(p.totalBytes)}`);
    } else {
      parts.push(megabytes(p.bytes));
    }
    parts.push(`${(rate / 1e6).toFixed(1)} MB/s`);
    if (p.totalBytes > p.bytes && rate > 0) parts.push(`ETA ${clock((p.totalBytes - p.bytes) / rate)}`);
    const line = `certhound: ${parts.join('  ')}`;
    const width = process.stderr.columns || 120;
    process.stderr.write(`\r\x1b[K${line.length >= width ? line.slice(0, width - 1) : line}`);
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
