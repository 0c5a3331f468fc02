/** Writes a classic little-endian µs pcap to disk record by record, so a 1 GiB capture never sits in memory. */
import { openSync, writeSync, closeSync } from 'node:fs';

const BUFFER_BYTES = 4 << 20;

export class PcapFileWriter {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(BUFFER_BYTES);
  private used = 0;
  bytes = 0;
  packets = 0;

  constructor(path: string, linkType = 1) {
    this.fd = openSync(path, 'w');
    const head = Buffer.alloc(24);
    head.writeUInt32LE(0xa1b2c3d4, 0);
    head.writeUInt16LE(2, 4);
    head.writeUInt16LE(4, 6);
    head.writeUInt32LE(262144, 16);
    head.writeUInt32LE(linkType, 20);
    this.put(head);
  }

  private put(b: Buffer): void {
    if (this.used + b.length > BUFFER_BYTES) this.flush();
    if (b.length > BUFFER_BYTES) {
      writeSync(this.fd, b);
    } else {
      b.copy(this.buf, this.used);
      this.used += b.length;
    }
    this.bytes += b.length;
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }

  /** `usec` is microseconds since the epoch. */
  packet(usec: number, frame: Buffer): void {
    const rec = Buffer.allocUnsafe(16);
    rec.writeUInt32LE(Math.floor(usec / 1e6), 0);
    rec.writeUInt32LE(usec % 1e6, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    this.put(rec);
    this.put(frame);
    this.packets++;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
