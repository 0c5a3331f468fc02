/**
 * Minimal bounded DER reader (X.690 §8.1). Every read stays inside the `limit` it is given and returns
 * `undefined` instead of throwing, so a damaged certificate yields what can still be read.
 */

/** One TLV: absolute offsets into the buffer it was read from. */
export interface Tlv {
  /** Identifier octet (class, constructed bit and low tag number). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset one past the last content octet. */
  readonly end: number;
}

/** DER lengths above 4 octets cannot occur in a certificate we would accept (caps at 4 GiB anyway). */
const MAX_LENGTH_OCTETS = 4;
/** Bound on children listed per constructed value: names and extension lists are far smaller. */
export const MAX_DER_CHILDREN = 1024;

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

/** Reads the TLV at `off`; `undefined` when it is truncated, uses a high tag number or an indefinite length. */
export function readTlv(buf: Uint8Array, off: number, limit: number = buf.length): Tlv | undefined {
  if (off + 2 > limit) return undefined;
  const tag = buf[off];
  if ((tag & 0x1f) === 0x1f) return undefined;
  let len = buf[off + 1];
  let contentStart = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > MAX_LENGTH_OCTETS || contentStart + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[contentStart + i];
    contentStart += n;
  }
  const end = contentStart + len;
  if (end > limit) return undefined;
  return { tag, start: off, contentStart, end };
}

/** The children of a constructed TLV, in order; stops at the first unreadable child or at MAX_DER_CHILDREN. */
export function childrenOf(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let off = parent.contentStart;
  while (off < parent.end && out.length < MAX_DER_CHILDREN) {
    const child = readTlv(buf, off, parent.end);
    if (!child) break;
    out.push(child);
    off = child.end;
  }
  return out;
}

/** True when the children of `parent` cover its content exactly (nothing unreadable left over). */
export function childrenCoverContent(buf: Uint8Array, parent: Tlv, children: Tlv[]): boolean {
  const last = children[children.length - 1];
  return last ? last.end === parent.end : parent.contentStart === parent.end;
}

/** Dotted form of an OBJECT IDENTIFIER's content octets (X.690 §8.19); `undefined` when malformed. */
export function oidToString(buf: Uint8Array, start: number, end: number): string | undefined {
  if (start >= end || (buf[end - 1] & 0x80) !== 0) return undefined;
  const arcs: string[] = [];
  let value = 0;
  let first = true;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (value === 0 && b === 0x80) return undefined; // X.690 §8.19.2: no leading 0x80 octets
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return undefined;
    if (b & 0x80) continue;
    if (first) {
      const top = value < 40 ? 0 : value < 80 ? 1 : 2;
      arcs.push(String(top), String(value - top * 40));
      first = false;
    } else {
      arcs.push(String(value));
    }
    value = 0;
  }
  return arcs.join('.');
}

/** Lower-case hex of a byte range. */
export function hexOf(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('hex');
}
