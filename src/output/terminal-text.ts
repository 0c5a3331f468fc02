/**
 * Text for a terminal: what a hostile name could do to one is made visible (control characters, escape sequences and
 * bidirectional overrides become `\xNN` / `\u{NNNN}`), widths are counted in terminal columns (East Asian wide
 * characters take two, combining marks none), and long text wraps at spaces (or anywhere, when a word is too long).
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Columns one code point takes: 0 for combining marks and zero-width characters, 2 for wide and fullwidth forms. */
function codePointWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200d) || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)
    || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += codePointWidth(ch.codePointAt(0) ?? 0);
  return w;
}

/** The longest head of `text` that fits `width` columns. */
function headOf(text: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of text) {
    const cw = codePointWidth(ch.codePointAt(0) ?? 0);
    if (w + cw > width) break;
    w += cw;
    out += ch;
  }
  return out;
}

/** `text` cut to `width` columns, with `…` when something was cut. */
export function clip(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  return width <= 1 ? headOf(text, width) : `${headOf(text, width - 1)}…`;
}

export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Lines of at most `width` columns (`firstWidth` for the first), broken at a space where one falls in the line, else mid-word. */
export function wrap(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  let w = Math.max(1, firstWidth);
  while (displayWidth(rest) > w) {
    const head = headOf(rest, w);
    const space = head.lastIndexOf(' ');
    const cut = space > 0 && displayWidth(head.slice(0, space)) >= w / 3 ? space : Math.max(1, head.length);
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    w = Math.max(1, width);
  }
  if (rest !== '' || lines.length === 0) lines.push(rest);
  return lines;
}

/** Wraps `text` to `width` with `first` before the first line and `indent` spaces before the others. */
export function hangingWrap(first: string, text: string, width: number, indent = displayWidth(first)): string[] {
  const lines = wrap(text, width - indent, width - displayWidth(first));
  return lines.map((l, i) => (i === 0 ? first : ' '.repeat(indent)) + l);
}
