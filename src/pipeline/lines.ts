import { StringDecoder } from 'node:string_decoder';

/** Splits a byte stream into text lines (LF or CRLF), holding at most one partial line between chunks. */

/** Longest line kept; a longer one is cut there (a log line of 1 MiB is damage, not data). */
export const MAX_LINE_BYTES = 1 << 20;

export async function* linesOf(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + decoder.write(chunk);
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
    }
  }
  carry += decoder.end();
  if (carry.length > 0) yield carry;
}
