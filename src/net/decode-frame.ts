/** One frame → the innermost transport header and payload, as views into the frame. */
import { D_IGNORED, D_MALFORMED, D_OK, type DecodeCode, DecodedPacket, type DecodeResult } from './decoded-packet';
import { decodeIpv6Chain } from './ip';
import { decodeLink } from './link-layers';
import { decodeTransport } from './transport';

export { DecodedPacket, type DecodeResult } from './decoded-packet';

/**
 * Decodes the frame of `linkType` at `data[off, end)` into `out`, which is reset first and reused by the caller.
 * `origLen` is the frame's length on the wire: when it exceeds the captured `end - off`, headers or payload running
 * past the captured bytes make the frame `snap-cut`; otherwise they make it `malformed`. Never reads outside
 * `[off, end)`; never throws on frame contents.
 */
export function decodeFrame(linkType: number, data: Buffer, off: number, end: number, out: DecodedPacket, origLen: number = end - off): DecodeResult {
  out.reset();
  out.frameEnd = end;
  return finish(decodeLink(linkType, data, off, end, out), out, origLen > end - off);
}

/**
 * Continues decoding after IP reassembly: `payload` is the whole datagram's payload of protocol `out.proto`
 * (the addresses in `out` stay those of the fragments).
 */
export function decodeReassembled(payload: Buffer, out: DecodedPacket): DecodeResult {
  const proto = out.proto;
  const depth = out.tunnelDepth;
  const version = out.ipVersion;
  out.proto = 0;
  out.fragment = false;
  out.cut = false;
  out.frameEnd = payload.length;
  const code = version === 4
    ? decodeTransport(proto, payload, 0, payload.length, 0, out, depth)
    : decodeIpv6Chain(proto, payload, 0, payload.length, 0, out, depth);
  return finish(code, out, false);
}

function finish(code: DecodeCode, out: DecodedPacket, snapped: boolean): DecodeResult {
  if (code === D_OK) {
    if (!out.cut) return 'ok';
    return snapped ? 'snap-cut' : 'malformed';
  }
  if (code === D_IGNORED) return 'ignored';
  if (code === D_MALFORMED) return 'malformed';
  out.proto = 0;
  return snapped ? 'snap-cut' : 'malformed';
}
