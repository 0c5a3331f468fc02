/** What several commands set up the same way: the config file and the baseline, each failing in one line. */
import { loadConfigFile, ConfigFileError, type CerthoundConfig } from '../pipeline/config-file';
import { loadTrustRoots } from '../pipeline/trust-roots';
import { InputError } from '../capture';
import type { PrivateAnchorInput } from '../x509';
import { BaselineStore, BaselineSession, BaselineError } from '../baseline';
import { say } from './stderr';
import type { BaselineChoice } from './baseline-dir';

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
/**
 * The baseline session (none when `choice` is undefined), or undefined after saying why it cannot be opened. A run
 * that records (`update`) creates the store; one that only reads never does: a store missing where the user named
 * one is an error, a default one not there yet means no history; while a sweep holds the store it reads a copy.
 */
export async function openBaselineOrSay(choice: BaselineChoice | undefined, update: boolean): Promise<OpenedBaseline | undefined> {
  if (choice === undefined) return {};
  if (!update && !choice.named && !BaselineStore.exists(choice.dir)) return {};
  const store = await openStoreOrSay(choice.dir, !update);
  return store && { store, session: new BaselineSession(store, update) };
}

/**
 * The store, or undefined after saying why not; a run it rolled back on opening is said too. `readOnly` never
 * creates a store and reads a copy of one a sweep holds (store.ts openForReading).
 */
export async function openStoreOrSay(dir: string, readOnly = false): Promise<BaselineStore | undefined> {
  try {
    const store = readOnly ? await BaselineStore.openForReading(dir) : await BaselineStore.open(dir);
    if (store.rolledBack) say(`warning: baseline ${dir}: its last run did not finish; rolled back to the state before it`);
    return store;
  } catch (err) {
    if (!(err instanceof BaselineError)) throw err;
    say(err.message);
    return undefined;
  }
}

/** Closes the store, saying how many damaged records the run read as absent (and wrote anew). */
export async function closeStoreAndSay(store: BaselineStore | undefined): Promise<void> {
  if (!store) return;
  if (store.damagedRecords > 0) say(`warning: baseline ${store.dir}: ${store.damagedRecords} damaged records read as absent (not certhound's schema)`);
  await store.close();
}
