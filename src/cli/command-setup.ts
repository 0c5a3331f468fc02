/** What several commands set up the same way: the config file and the baseline, each failing in one line. */
import { loadConfigFile, ConfigFileError, type CerthoundConfig } from '../pipeline/config-file';
import { loadTrustRoots } from '../pipeline/trust-roots';
import { InputError } from '../capture';
import type { PrivateAnchorInput } from '../x509';
import { BaselineStore, BaselineSession, BaselineError } from '../baseline';
import { say } from './stderr';
import type { BaselineChoice } from './baseline-dir';

/** The config, or undefined after saying what is wrong with it. */
export function loadConfigOrSay(path: string | undefined): CerthoundConfig | undefined {
  try {
    return loadConfigFile(path);
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
/**
 * The baseline session (none when `choice` is undefined), or undefined after saying why it cannot be opened. A run
 * that records (`update`) creates the store; one that only reads never does: a store missing where the user named
 * one is an error, a default one not there yet means no history; while a sweep holds the store it reads a copy.
 */
export async function openBaselineOrSay(choice: BaselineChoice | undefined, update: boolean): Promise<OpenedBaseline | undefined> {
  if (choice === undefined) return {};
  if (!update && !choice.named && !BaselineStore.exists(choice.dir)) return {};
  try {
    const store = update ? await BaselineStore.open(choice.dir) : await BaselineStore.openForReading(choice.dir);
    return { store, session: new BaselineSession(store, update) };
  } catch (err) {
    if (!(err instanceof BaselineError)) throw err;
    say(err.message);
    return undefined;
  }
}
