/** Caps and sizes of the logs stage (text logs as lines, and how a sweep knows a file again). */

/**
 * Bytes read at a time from a log (one batch of lines): small enough that a batch's records die young (about
 * 800 lines of a few hundred bytes), large enough that the read and the await per batch cost little. At 64 KiB a
 * 1 M-line Zeek sweep spent 17 % more CPU, in waits for the next read and in handing batches through the generators.
 */
export const LOG_READ_CHUNK_BYTES = 256 * 1024;
/** Longest log line kept (bytes); longer ones are cut there and will count as malformed. */
export const MAX_LINE_BYTES = 1 << 20;
/**
 * Decompressed bytes a file's cursor is looked up by when its inode is new to the sweep (a gzip archive of a
 * rotated file, a copy): many files share them (Zeek's TSV header alone is longer), so each candidate is then
 * checked against the file's head and the bytes before its offset.
 */
export const INDEX_HEAD_BYTES = 256;
/**
 * Decompressed bytes of a file's head a cursor remembers (by hash): past a TSV header they reach the first data
 * lines, whose times and uids differ between two sensors' logs opened in the same second.
 */
export const VERIFY_HEAD_BYTES = 4096;
/** Bytes just before a cursor's offset it remembers (by hash): a file that was rewritten in place differs there. */
export const VERIFY_TAIL_BYTES = 4096;
