/**
 * Colour by severity on a terminal. Off when stdout is no terminal, when `NO_COLOR` is set and not empty
 * (no-color.org) or `TERM=dumb`; `FORCE_COLOR` set to anything but empty, `0` or `false` turns it on even then
 * (force-color.org; it wins over NO_COLOR, as Node's own colour check has it).
 */
import type { Severity } from '../detect/types';

export function colourWanted(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

const SGR: Readonly<Record<Severity, string>> = { critical: '1;97;41', high: '1;31', medium: '33', low: '36', info: '2' };

export type Paint = (severity: Severity, text: string) => string;

export const NO_PAINT: Paint = (_s, text) => text;

export const SEVERITY_PAINT: Paint = (s, text) => `\x1b[${SGR[s]}m${text}\x1b[0m`;

export function painter(enabled: boolean): Paint {
  return enabled ? SEVERITY_PAINT : NO_PAINT;
}
