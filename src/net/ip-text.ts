/** Address text, built once per new flow: dotted IPv4 and RFC 5952 IPv6. */

export function ipv4Text(buf: Buffer, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/**
 * RFC 5952 §4: lower-case hex without leading zeros, the longest run of two or more zero groups (the first one
 * on a tie) as `::`; §5: IPv4-mapped addresses as `::ffff:192.0.2.1`.
 */
export function ipv6Text(buf: Buffer, off: number): string {
  const groups: number[] = new Array(8);
  for (let i = 0; i < 8; i++) groups[i] = (buf[off + 2 * i] << 8) | buf[off + 2 * i + 1];
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `::ffff:${ipv4Text(buf, off + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}

function hex(n: number): string {
  return n.toString(16);
}

export function ipText(version: 4 | 6, buf: Buffer, off: number): string {
  return version === 4 ? ipv4Text(buf, off) : ipv6Text(buf, off);
}

const WORDS = Buffer.alloc(16);

/** The text of an address kept as 32-bit words (IPv4 in the first), as the flow index keeps it. */
export function ipTextOfWords(v6: boolean, w0: number, w1: number, w2: number, w3: number): string {
  WORDS.writeInt32BE(w0, 0);
  if (!v6) return ipv4Text(WORDS, 0);
  WORDS.writeInt32BE(w1, 4);
  WORDS.writeInt32BE(w2, 8);
  WORDS.writeInt32BE(w3, 12);
  return ipv6Text(WORDS, 0);
}
