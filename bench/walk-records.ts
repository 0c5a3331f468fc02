/** The bench's yardstick: a bare loop that reads the file as scan does and only steps over pcap record headers. */
import { createReadStream } from 'node:fs';

export async function walkRecords(path: string): Promise<{ packets: number; bytes: number }> {
  let packets = 0;
  let bytes = 0;
  let skip = 24; // global header
  let header = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    let off = 0;
    while (off < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - off);
        skip -= n;
        off += n;
        continue;
      }
      if (header.length > 0 || chunk.length - off < 16) {
        const need = 16 - header.length;
        header = Buffer.concat([header, chunk.subarray(off, off + need)]);
        off += Math.min(need, chunk.length - off);
        if (header.length < 16) continue;
        skip = header.readUInt32LE(8);
        header = Buffer.alloc(0);
      } else {
        skip = chunk.readUInt32LE(off + 8);
        off += 16;
      }
      packets++;
    }
  }
  return { packets, bytes };
}
