import { ByteReader, u16List } from './byte-reader';
import { parsedError, parsedOk, type Parsed } from './parsed';
import type { TlsExtension } from './types';

/** An extension of the block: its body is a view of the block made when read (most bodies never are). */
class BlockExtension implements TlsExtension {
  constructor(readonly type: number, private readonly block: Buffer, private readonly start: number, private readonly end: number) {}

  get data(): Buffer {
    return this.block.subarray(this.start, this.end);
  }
}

/**
 * The extension block of a hello (RFC 8446 §4.2): type/data pairs in order, null if malformed. The block is copied
 * out of the stream buffer once and each extension's data is a view of that copy (a copy each pinned a slab of
 * Buffer's shared pool per extension while the connection lived).
 */
export function parseExtensionBlock(block: Buffer): TlsExtension[] | null {
  const own = Buffer.from(block);
  const r = new ByteReader(own);
  const out: TlsExtension[] = [];
  while (r.remaining > 0) {
    const type = r.u16();
    const length = r.u16();
    const start = r.pos;
    r.skip(length);
    if (r.overrun) return null;
    out.push(new BlockExtension(type, own, start, start + length));
  }
  return out;
}

/**
 * The rest of a hello body after its fixed fields: nothing (SSL 3.0 and early TLS omit the block), or the extension
 * block, kept on the hello and decoded one extension at a time by `decode` (false: that extension is malformed).
 */
export function finishHello<H extends { extensions: TlsExtension[] }>(r: ByteReader, body: Buffer, hello: H, decode: (hello: H, ext: TlsExtension) => boolean): Parsed<H> {
  if (r.remaining === 0) return parsedOk(hello, body.length);
  const block = r.vector(2);
  if (r.overrun) return parsedError('bad-length', r.pos);
  const extensions = parseExtensionBlock(block);
  if (!extensions) return parsedError('bad-length', r.pos);
  hello.extensions = extensions;
  for (const ext of extensions) {
    if (!decode(hello, ext)) return parsedError('bad-length', r.pos);
  }
  return parsedOk(hello, body.length);
}

/** RFC 6066 §3 server_name: the first host_name entry. */
export function parseServerName(data: Buffer): string | null {
  const list = new ByteReader(data);
  const entries = list.vector(2);
  if (list.overrun) return null;
  const r = new ByteReader(entries);
  while (r.remaining > 0) {
    const nameType = r.u8();
    const name = r.vector(2);
    if (r.overrun) return null;
    if (nameType === 0) return name.toString('latin1');
  }
  return null;
}

/** RFC 7301 §3.1 ProtocolNameList. */
export function parseAlpnList(data: Buffer): string[] | null {
  const outer = new ByteReader(data);
  const list = outer.vector(2);
  if (outer.overrun) return null;
  const r = new ByteReader(list);
  const out: string[] = [];
  while (r.remaining > 0) {
    const name = r.vector(1);
    if (r.overrun) return null;
    out.push(name.toString('latin1'));
  }
  return out;
}

/** A vector of 16-bit codes with a 2-byte length (supported_groups, signature_algorithms). */
export function parseU16Vector(data: Buffer, lengthBytes: 1 | 2): number[] | null {
  const r = new ByteReader(data);
  const body = r.vector(lengthBytes);
  if (r.overrun) return null;
  return u16List(body);
}

/** RFC 8422 §5.1.2 ec_point_formats: a vector of 8-bit codes. */
export function parseU8Vector(data: Buffer): number[] | null {
  const r = new ByteReader(data);
  const body = r.vector(1);
  if (r.overrun) return null;
  return Array.from(body);
}
