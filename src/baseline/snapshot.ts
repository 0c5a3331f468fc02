/**
 * A read-only look at a store a running sweep holds (LevelDB lets one process open it): its files copied to a
 * folder of our own and opened there. Table files never change once written, so they are hard-linked when the
 * copy is on the same file system; the manifest and the write-ahead log are copied. A copy made while the writer
 * compacts can miss a file it names: opening it then fails and the copy is made again. LevelDB recovers a log
 * cut in the middle of a record as it does after a crash, so the copy holds every batch written whole.
 */
import { copyFileSync, linkSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Table files: immutable once written (the rest change under the writer). */
const IMMUTABLE = /\.(ldb|sst)$/;
/** Not part of the data: the lock and LevelDB's own text logs. */
const SKIPPED = /^(LOCK|LOG|LOG\.old)$/;

/** A folder beside the store when it may be written (hard links work there), else one in the system temp folder. */
function scratchFolder(dir: string): string {
  try {
    return mkdtempSync(join(dirname(dir), '.certhound-snapshot-'));
  } catch {
    return mkdtempSync(join(tmpdir(), 'certhound-snapshot-'));
  }
}

/** Copies the store's files; returns the copy's folder (the caller removes it). */
export function snapshotStore(dir: string): string {
  const to = scratchFolder(dir);
  try {
    for (const name of readdirSync(dir)) {
      if (SKIPPED.test(name)) continue;
      const from = join(dir, name);
      try {
        if (IMMUTABLE.test(name)) linkSync(from, join(to, name));
        else copyFileSync(from, join(to, name));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // compacted away meanwhile: the open of the copy says if it mattered
        if (code !== 'EXDEV' && code !== 'EPERM') throw err;
        copyFileSync(from, join(to, name)); // another file system, or links refused: a copy
      }
    }
    return to;
  } catch (err) {
    rmSync(to, { recursive: true, force: true });
    throw err;
  }
}
