import { StringDecoder } from 'node:string_decoder';

/** Longest line kept; a longer one is cut there (a log line of 1 MiB is damage, not data). */
export const MAX_LINE_BYTES = 1 << 20;

/**
 * Splits a byte stream into text lines (LF or CRLF), holding at most one partial line between chunks. The rest of a
 * line cut at MAX_LINE_BYTES is passed over up to its newline: it stays one line, and line numbers stay right.
 */
export async function* linesOf(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  for await (const chunk of chunks) {
    let text = carry + decoder.write(chunk);
    if (skipping) {
      const nl = text.indexOf('\n');
      if (nl === -1) continue;
      text = text.slice(nl + 1);
      skipping = false;
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield text.slice(start, end);
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_BYTES) {
      yield carry.slice(0, MAX_LINE_BYTES);
      carry = '';
      skipping = true;
    }
  }
  carry += decoder.end();
  if (carry.length > 0 && !skipping) yield carry;
}
