/** Splits text (a string or a stream of chunks) into numbered lines, cutting over-long lines into pieces. */
import { MAX_LINE_CHARS } from './consts';

/** One line, or one piece of a line longer than MAX_LINE_CHARS. */
export interface TextPiece {
  text: string;
  /** 1-based line number. */
  line: number;
  /** True when more of the same line follows in the next piece. */
  partial: boolean;
}

/** Lines handed on per batch: readers pay one await per batch, not per line. */
const PIECES_PER_BATCH = 1024;

/** The input's lines, in batches of up to PIECES_PER_BATCH pieces. */
export async function* textPieces(input: AsyncIterable<string> | string): AsyncGenerator<TextPiece[]> {
  let line = 1;
  let rest = '';
  let batch: TextPiece[] = [];
  const chunks: AsyncIterable<string> | Iterable<string> = typeof input === 'string' ? [input] : input;
  for await (const chunk of chunks) {
    rest = rest === '' ? chunk : rest + chunk;
    let start = 0;
    for (;;) {
      const nl = rest.indexOf('\n', start);
      if (nl < 0) break;
      if (nl - start > MAX_LINE_CHARS) {
        // Hand the long line on in bounded pieces; the reader decides what to do with it.
        for (let p = start; p < nl; p += MAX_LINE_CHARS) {
          batch.push({ text: rest.slice(p, Math.min(p + MAX_LINE_CHARS, nl)), line, partial: p + MAX_LINE_CHARS < nl });
        }
      } else {
        const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        batch.push({ text: rest.slice(start, end), line, partial: false });
      }
      line++;
      start = nl + 1;
      if (batch.length >= PIECES_PER_BATCH) {
        yield batch;
        batch = [];
      }
    }
    rest = rest.slice(start);
    while (rest.length > MAX_LINE_CHARS) {
      batch.push({ text: rest.slice(0, MAX_LINE_CHARS), line, partial: true });
      rest = rest.slice(MAX_LINE_CHARS);
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (rest !== '') batch.push({ text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line, partial: false });
  if (batch.length > 0) yield batch;
}
