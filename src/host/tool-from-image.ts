/** Which certificate tool an executable is, from its file name only (quirk 2: a directory name never counts). */
import { OPENSSL_FILE_NAME, TOOL_BY_FILE_NAME } from './consts';

/** The last path component, for `\` and `/` paths alike. */
export function fileNameOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(cut + 1);
}

/** Tool family (`openssl`, `certutil`, `powershell`, …) or undefined for any other executable. */
export function toolFromImage(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const name = fileNameOf(image.trim()).toLowerCase().replace(/\.exe$/, '');
  if (Object.prototype.hasOwnProperty.call(TOOL_BY_FILE_NAME, name)) return TOOL_BY_FILE_NAME[name];
  return OPENSSL_FILE_NAME.test(name) ? 'openssl' : undefined;
}

/** True when a path or command reads as Windows (drive letter, backslash, `.exe`). */
export function looksWindows(path: string): boolean {
  return /^"?[a-z]:[\\/]/i.test(path) || path.includes('\\') || /\.(exe|com|bat|cmd)"?$/i.test(path);
}
