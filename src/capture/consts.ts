/** Magic numbers, block types and caps of the capture readers, in one place. */

/** Classic pcap magics as read little-endian from the first 4 bytes (https://www.tcpdump.org/manpages/pcap-savefile.5.html). */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Alexey Kuznetzov's patched libpcap: records carry 8 extra bytes (ifindex, protocol, pkt_type, pad). */
export const PCAP_MAGIC_KUZNETZOV = 0xa1b2cd34;
export const PCAP_GLOBAL_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;
export const PCAP_KUZNETZOV_RECORD_HEADER_BYTES = 24;

/** pcapng block types (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html, section 11.1). */
export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 0x00000001;
export const BLOCK_OPB = 0x00000002;
export const BLOCK_SPB = 0x00000003;
export const BLOCK_NRB = 0x00000004;
export const BLOCK_ISB = 0x00000005;
export const BLOCK_EPB = 0x00000006;
export const BLOCK_SYSTEMD_JOURNAL = 0x00000009;
export const BLOCK_DSB = 0x0000000a;
export const BLOCK_CUSTOM = 0x00000bad;
export const BLOCK_CUSTOM_NOCOPY = 0x40000bad;
/** Blocks that carry no packets and are skipped silently; any other type is counted as 'unknown-block'. */
export const SKIPPED_BLOCKS: ReadonlySet<number> = new Set([
  BLOCK_NRB, BLOCK_ISB, BLOCK_SYSTEMD_JOURNAL, BLOCK_DSB, BLOCK_CUSTOM, BLOCK_CUSTOM_NOCOPY,
]);
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Block type, total length and (for an SHB) the byte-order magic: enough to frame any block. */
export const PCAPNG_BLOCK_HEADER_BYTES = 12;
export const PCAPNG_MIN_SHB_BYTES = 28;
export const PCAPNG_MAJOR_VERSION = 1;
/** IDB options we read (section 4.2). */
export const OPT_ENDOFOPT = 0;
export const OPT_IF_TSRESOL = 9;
export const OPT_IF_TSOFFSET = 14;
/** Default if_tsresol: 10^-6 s. */
export const DEFAULT_TSRESOL = 6;

export const GZIP_MAGIC_0 = 0x1f;
export const GZIP_MAGIC_1 = 0x8b;

/** No record or block is trusted beyond this: a larger length field is damage, not a packet. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
/**
 * Records and blocks up to this size are read; a larger one (still within MAX_RECORD_BYTES) is skipped as its bytes
 * pass, never buffered, and counted (`oversized-record`). Four times libpcap's largest snapshot (262144 bytes) and
 * twice the largest packet carrying TLS (a 512 KiB BIG TCP aggregate): nothing certhound reads is bigger.
 */
export const MAX_BUFFERED_RECORD_BYTES = 1024 * 1024;
/** A classic-pcap caplen above max(snaplen, this) is damage (writers sometimes understate snaplen). */
export const MIN_CAPLEN_LIMIT = 256 * 1024;
/** Read size for files and gunzip output. */
export const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Compressed bytes per gunzip write. zlib loses a failing write's output, and one write's output is held at
 * once (at most this times deflate's 1032:1 ratio), so this bounds both.
 */
export const GUNZIP_WRITE_BYTES = 16 * 1024;
/** Anomalies kept in a summary; all are still counted in `anomalyCounts`. */
export const MAX_ANOMALIES_KEPT = 100;
/** A record that straddles chunks is assembled in a buffer this size or larger; bigger ones are dropped after use. */
export const CARRY_BUFFER_BYTES = 64 * 1024;
export const CARRY_BUFFER_KEEP_BYTES = 4 * 1024 * 1024;
