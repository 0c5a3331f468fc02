import type { CaptureFormat } from './types';
import {
  BLOCK_SHB, GZIP_MAGIC_0, GZIP_MAGIC_1, PCAP_MAGIC_KUZNETZOV, PCAP_MAGIC_NS, PCAP_MAGIC_US,
} from './consts';

/** Bytes sniffCapture needs to decide. */
export const SNIFF_BYTES = 4;

/** True for a classic-pcap magic read in the file's own byte order. */
export function isPcapMagic(m: number): boolean {
  return m === PCAP_MAGIC_US || m === PCAP_MAGIC_NS || m === PCAP_MAGIC_KUZNETZOV;
}

/** The capture format the first bytes announce (pcap magics in both byte orders, pcapng SHB), or null. */
export function sniffCapture(head: Buffer): CaptureFormat | null {
  if (head.length < SNIFF_BYTES) return null;
  if (head.readUInt32LE(0) === BLOCK_SHB) return 'pcapng';
  if (isPcapMagic(head.readUInt32LE(0)) || isPcapMagic(head.readUInt32BE(0))) return 'pcap';
  return null;
}

/** True when the bytes start a gzip member (RFC 1952 ID1 ID2). */
export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}
