/**
 * What a sweep knows a log file by, whatever its name: the first bytes of its (decompressed) content. Zeek's
 * rotation renames `ssl.log` and its archiver gzips it, so the archive starts with the very bytes the live file
 * started with (its `#open` time, or its first JSON record), while the new `ssl.log` starts with others.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { openInput } from '../capture/open-input';
import { IDENTITY_HEAD_BYTES } from './consts';

export interface LogFileHead {
  /** Up to IDENTITY_HEAD_BYTES of decompressed content. */
  head: Buffer;
  compressed: boolean;
  /** `dev:ino` of the file (a rename keeps it). */
  inode: string;
}

/** The head of a file, or undefined when it cannot be read (the read itself will report why). */
export async function readLogFileHead(path: string): Promise<LogFileHead | undefined> {
  try {
    const st = await stat(path);
    const input = openInput(path, { highWaterMark: 64 * 1024 });
    const parts: Buffer[] = [];
    let have = 0;
    for await (const chunk of input) {
      parts.push(chunk);
      have += chunk.length;
      if (have >= IDENTITY_HEAD_BYTES) break;
    }
    const all = Buffer.concat(parts);
    return { head: all.subarray(0, Math.min(all.length, IDENTITY_HEAD_BYTES)), compressed: input.compressed, inode: `${st.dev}:${st.ino}` };
  } catch {
    return undefined;
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The identity a cursor is kept under: the content of a full head, else (a file still shorter than the head) the
 * inode, checked against the head's hash when it is looked up.
 */
export function headIdentity(h: LogFileHead): string {
  return h.head.length >= IDENTITY_HEAD_BYTES ? `file\x00${sha256Hex(h.head)}` : `ino\x00${h.inode}`;
}
