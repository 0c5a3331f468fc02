/** A small input file read whole, but never past a bound: a file much bigger than its kind ever is, or a device that never ends (/dev/zero), is an InputError, not memory. */
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../capture';
import { toInputError } from '../capture/errors';

/** The bytes of `path`, at most `limit` of them; past it an InputError saying the file is not `what`. */
export function readBoundedFile(path: string, limit: number, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw toInputError(path, err);
  }
  try {
    const parts: Buffer[] = [];
    let len = 0;
    for (;;) {
      const part = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - len));
      const n = readSync(fd, part, 0, part.length, null);
      if (n === 0) break;
      parts.push(part.subarray(0, n));
      len += n;
      if (len > limit) throw new InputError(path, `larger than ${limit} bytes: not ${what}`);
    }
    return Buffer.concat(parts, len);
  } catch (err) {
    throw toInputError(path, err);
  } finally {
    closeSync(fd);
  }
}
