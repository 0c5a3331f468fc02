/**
 * What a sweep knows a log file by, whatever it is called now, as Filebeat's registry does: its device and inode
 * (a rename keeps them), its head (the first decompressed bytes, which the gzip archive of a rotated file shares
 * with the file it was made from) and its path. Two files are the same content up to an offset when their heads
 * and the bytes just before that offset agree; `bytesBefore` reads the latter from a plain or a gzip file.
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { openInput } from '../capture/open-input';
import { INDEX_HEAD_BYTES, VERIFY_HEAD_BYTES } from './consts';

export interface LogFileIdentity {
  readonly path: string;
  /** `dev:ino` on this machine. */
  readonly inode: string;
  /** Bytes on disk (the content length of a plain file). */
  readonly size: number;
  readonly compressed: boolean;
  /** Up to VERIFY_HEAD_BYTES of decompressed content. */
  readonly head: Buffer;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The identity of a file, or undefined when it cannot be read (its read will say why). */
export async function identifyLogFile(path: string): Promise<LogFileIdentity | undefined> {
  try {
    const st = await stat(path);
    const input = openInput(path, { highWaterMark: 64 * 1024 });
    const parts: Buffer[] = [];
    let have = 0;
    for await (const chunk of input) {
      parts.push(chunk);
      have += chunk.length;
      if (have >= VERIFY_HEAD_BYTES) break;
    }
    const all = Buffer.concat(parts);
    return { path, inode: `${st.dev}:${st.ino}`, size: st.size, compressed: input.compressed, head: all.subarray(0, Math.min(all.length, VERIFY_HEAD_BYTES)) };
  } catch {
    return undefined;
  }
}

/** The key candidates for a new inode are looked up by: the hash of the first INDEX_HEAD_BYTES, when the file has them. */
export function headKey(id: LogFileIdentity): string | undefined {
  return id.head.length >= INDEX_HEAD_BYTES ? sha256Hex(id.head.subarray(0, INDEX_HEAD_BYTES)) : undefined;
}

/** Whether the file starts with the head a cursor remembers (`length` bytes hashing to `sha256`). */
export function startsWith(id: LogFileIdentity, length: number, sha256: string): boolean {
  return length <= id.head.length && sha256Hex(id.head.subarray(0, length)) === sha256;
}

/**
 * The `length` decompressed bytes that end at `offset`, or undefined when the file is shorter. A plain file is
 * read there; a gzip file is inflated up to it.
 */
export async function bytesBefore(id: LogFileIdentity, offset: number, length: number): Promise<Buffer | undefined> {
  const from = Math.max(0, offset - length);
  if (!id.compressed) {
    if (id.size < offset) return undefined;
    const fh = await open(id.path, 'r');
    try {
      const buf = Buffer.alloc(offset - from);
      const { bytesRead } = await fh.read(buf, 0, buf.length, from);
      return bytesRead === buf.length ? buf : undefined;
    } finally {
      await fh.close();
    }
  }
  let at = 0;
  const kept: Buffer[] = [];
  for await (const chunk of openInput(id.path)) {
    const end = at + chunk.length;
    if (end > from) kept.push(chunk.subarray(Math.max(0, from - at), Math.min(chunk.length, offset - at)));
    at = end;
    if (at >= offset) break;
  }
  return at >= offset ? Buffer.concat(kept) : undefined;
}

/** The identity of an open plain file and the bytes before `offset`, read through its handle (a file renamed away). */
export async function identifyHandle(fh: FileHandle, path: string, offset: number, tailLength: number): Promise<{ id: LogFileIdentity; tail: Buffer }> {
  const st = await fh.stat();
  const head = Buffer.alloc(Math.min(VERIFY_HEAD_BYTES, st.size));
  await fh.read(head, 0, head.length, 0);
  const from = Math.max(0, offset - tailLength);
  const tail = Buffer.alloc(offset - from);
  await fh.read(tail, 0, tail.length, from);
  return { id: { path, inode: `${st.dev}:${st.ino}`, size: st.size, compressed: false, head }, tail };
}
