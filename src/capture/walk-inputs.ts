import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { toInputError } from './errors';

/**
 * Expands the paths the user named: a folder yields its regular files recursively in sorted order (hidden
 * entries skipped, symbolic links to files followed, links to folders not, so no loops); a file or '-' yields
 * itself. A missing or unreadable path throws InputError.
 */
export async function* walkInputs(paths: string[]): AsyncGenerator<string> {
  for (const path of paths) {
    if (path === '-') {
      yield path;
      continue;
    }
    const info = await stat(path).catch((err: unknown) => {
      throw toInputError(path, err);
    });
    if (info.isDirectory()) yield* walkFolder(path);
    else yield path;
  }
}

async function* walkFolder(folder: string): AsyncGenerator<string> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((err: unknown) => {
    throw toInputError(folder, err);
  });
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walkFolder(path);
    else if (entry.isFile()) yield path;
    else if (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile()) yield path;
  }
}
