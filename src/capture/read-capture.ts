import type { CaptureSummary, PacketSink } from './types';
import { CaptureFormatError } from './errors';
import type { FramedParser } from './framed-parser';
import { PcapParser } from './pcap-parser';
import { PcapngParser } from './pcapng-parser';
import { SNIFF_BYTES, sniffCapture } from './sniff';

/**
 * Reads one capture from decompressed chunks (e.g. `openInput(path)`), calling `sink` for each packet in file
 * order. The format comes from the magic bytes. Damage inside the capture is reported in the summary; input
 * that is no capture at all (or empty) throws CaptureFormatError.
 */
export async function readCapture(
  name: string,
  chunks: AsyncIterable<Buffer> & { readonly compressed?: boolean },
  sink: PacketSink,
): Promise<CaptureSummary> {
  let parser: FramedParser | null = null;
  const head: Buffer[] = [];
  let headLen = 0;
  for await (const chunk of chunks) {
    if (parser !== null) {
      parser.push(chunk);
      continue;
    }
    head.push(chunk);
    headLen += chunk.length;
    if (headLen < SNIFF_BYTES) continue;
    const first = head.length === 1 ? head[0] : Buffer.concat(head);
    const format = sniffCapture(first);
    if (format === null) throw new CaptureFormatError(name);
    parser = format === 'pcap' ? new PcapParser(sink) : new PcapngParser(sink);
    parser.push(first);
  }
  if (parser === null) throw new CaptureFormatError(name);
  parser.end();
  return { ...parser.summary(), compressed: chunks.compressed ?? false };
}
