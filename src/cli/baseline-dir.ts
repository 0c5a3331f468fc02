/** Where the embedded default baseline lives: `baselines/default` inside the installed package, whatever the cwd. */
import { resolve } from 'node:path';

export const DEFAULT_BASELINE_DIR = resolve(__dirname, '..', '..', 'baselines', 'default');

export function baselineDir(flag: string | undefined): string {
  return flag === undefined ? DEFAULT_BASELINE_DIR : resolve(flag);
}

