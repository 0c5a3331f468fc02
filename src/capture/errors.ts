/** Errors the capture edge raises for the CLI to print as `certhound: <file>: <message>` (exit 2). */

/** A path that cannot be read at all (missing, a folder where a file was expected, no permission). */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly file: string, message: string) {
    super(message);
  }
}

/** Input whose first bytes are no capture format we know. */
export class CaptureFormatError extends Error {
  override readonly name = 'CaptureFormatError';
  constructor(readonly file: string) {
    super('not a pcap, pcapng or gzip stream');
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
};

/** Maps a Node fs error to an InputError with a one-line reason; anything that is not an fs error is returned as is. */
export function toInputError(file: string, err: unknown): unknown {
  if (err instanceof InputError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || code.startsWith('Z_') || code.startsWith('ERR_')) return err;
  return new InputError(file, REASONS[code] ?? `cannot read (${code})`);
}
