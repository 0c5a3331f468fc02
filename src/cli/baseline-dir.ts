/**
 * Where the default baseline lives: `CERTHOUND_BASELINE`, else the user's data directory as the XDG Base Directory
 * specification places it (`$XDG_DATA_HOME/certhound`, else `~/.local/share/certhound`). Never inside the installed
 * package: a global install is not writable by the users who run it.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export interface BaselineChoice {
  dir: string;
  /** The user named it (`--baseline` or CERTHOUND_BASELINE): a store missing there is a mistake, not a first run. */
  named: boolean;
}

export function defaultBaselineDir(env: NodeJS.ProcessEnv = process.env): BaselineChoice {
  if (env.CERTHOUND_BASELINE) return { dir: resolve(env.CERTHOUND_BASELINE), named: true };
  // The spec ignores a relative XDG_DATA_HOME.
  const data = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return { dir: join(data, 'certhound'), named: false };
}

export function baselineChoice(flag: string | undefined): BaselineChoice {
  return flag === undefined ? defaultBaselineDir() : { dir: resolve(flag), named: true };
}

export function baselineDir(flag: string | undefined): string {
  return baselineChoice(flag).dir;
}

/** Said in `--help`. */
export const BASELINE_FLAG_HELP = 'baseline folder (default: $CERTHOUND_BASELINE, else $XDG_DATA_HOME/certhound or ~/.local/share/certhound)';
