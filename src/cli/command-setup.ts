/** What several commands set up the same way: the config file and the baseline, each failing in one line. */
import { loadConfigFile, ConfigFileError, type CerthoundConfig } from '../pipeline/config-file';
import { loadTrustRoots } from '../pipeline/trust-roots';
import { InputError } from '../capture';
import type { PrivateAnchorInput } from '../x509';
import { BaselineStore, BaselineSession, BaselineError } from '../baseline';
import { say } from './stderr';

/** The config (its parser's warnings said, one line each), or undefined after saying what is wrong with it. */
export function loadConfigOrSay(path: string | undefined): CerthoundConfig | undefined {
  try {
    const config = loadConfigFile(path);
    for (const w of config.warnings) say(`warning: ${w}`);
    return config;
  } catch (err) {
    if (!(err instanceof ConfigFileError)) throw err;
    say(err.message);
    return undefined;
  }
}

/** The private anchors of `trust.roots` and `--trust-roots`, or undefined after saying which file is wrong. */
export function trustAnchorsOrSay(config: CerthoundConfig, flags: readonly string[] = []): PrivateAnchorInput[] | undefined {
  try {
    return loadTrustRoots([...config.trustRoots, ...flags]);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    say(`--trust-roots: ${err.file}: ${err.message}`);
    return undefined;
  }
}

export interface OpenedBaseline {
  store?: BaselineStore;
  session?: BaselineSession;
}

/** The baseline session (none when `dir` is undefined), or undefined after saying why it cannot be opened. */
export async function openBaselineOrSay(dir: string | undefined, update: boolean): Promise<OpenedBaseline | undefined> {
  if (dir === undefined) return {};
  try {
    const store = await BaselineStore.open(dir);
    return { store, session: new BaselineSession(store, update) };
  } catch (err) {
    if (!(err instanceof BaselineError)) throw err;
    say(err.message);
    return undefined;
  }
}
