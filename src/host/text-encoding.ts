/**
 * Which encoding a host event file is in, from its first bytes: wevtutil and PowerShell redirection write
 * UTF-16LE (with a BOM, or without one and then a NUL after every ASCII character); everything else is UTF-8.
 * The CLI decodes with this before calling readHostEvents, which takes text.
 */
export function textEncodingOf(head: Uint8Array): 'utf8' | 'utf16le' {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  // No BOM: ASCII markup in UTF-16LE has a NUL at every odd offset.
  const n = Math.min(head.length, 64) & ~1;
  if (n < 4) return 'utf8';
  for (let i = 1; i < n; i += 2) if (head[i] !== 0 || head[i - 1] === 0) return 'utf8';
  return 'utf16le';
}
