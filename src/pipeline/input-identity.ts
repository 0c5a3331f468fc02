/**
 * A run's inputs named by content, so the baseline can tell a capture or log it already folded (scanning the same
 * file twice, or a copy of it) from a new one. The identity is the SHA-256 of the file's size and its first
 * IDENTITY_HEAD_BYTES: a capture's first 64 KiB hold its header and first packets with their timestamps, so two
 * captures differ there; reading the whole file twice is what a scan must not do. A Zeek log that grew is a new input
 * (its cursor, not its identity, keeps a sweep from reading lines twice). Stdin has no identity.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { walkInputs } from '../capture';

export const IDENTITY_HEAD_BYTES = 64 * 1024;
/** Hex characters kept: 64 bits, against accidental collision among one store's inputs. */
export const IDENTITY_HEX = 16;

/** The identity of one file, or undefined when it cannot be read (the scan reports that itself). */
export function inputIdentity(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, IDENTITY_HEAD_BYTES));
    const read = readSync(fd, head, 0, head.length, 0);
    return createHash('sha256').update(`${size}\n`).update(head.subarray(0, read)).digest('hex').slice(0, IDENTITY_HEX);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Identity of every file the paths name (folders walked as the scan walks them); stdin and unreadable files have none. */
export async function inputIdentities(paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    for await (const file of walkInputs(paths)) {
      if (file === '-') continue;
      const id = inputIdentity(file);
      if (id) out.set(file, id);
    }
  } catch {
    // A missing path: extract reports it in its own words; the others keep their identities.
  }
  return out;
}
