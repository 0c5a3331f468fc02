/** Caps, sizes and tables of the logs stage (text logs as lines, how a sweep knows a file again, names as text). */

/** A table entry for a key read from a log; never an Object.prototype member (`constructor`, `__proto__` …). */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * Bytes read at a time from a log (one batch of lines): small enough that a batch's records die young (about
 * 800 lines of a few hundred bytes), large enough that the read and the await per batch cost little. At 64 KiB a
 * 1 M-line Zeek sweep spent 17 % more CPU, in waits for the next read and in handing batches through the generators.
 */
export const LOG_READ_CHUNK_BYTES = 256 * 1024;
/** Longest log line kept (bytes); longer ones are cut there and will count as malformed. */
export const MAX_LINE_BYTES = 1 << 20;
/**
 * Longest base64 certificate decoded from a log line (Zeek's `cert` column, EVE's `chain`): what a line can hold.
 * Real certificates reach 339 KB (zeek-tls-fragmented-handshake.pcap), past what "any sane certificate" suggests.
 */
export const MAX_CERT_BASE64 = MAX_LINE_BYTES;
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

/** OpenSSL short names of name attributes (as `-nameopt RFC2253` prints them) → OID. */
export const NAME_ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3', SN: '2.5.4.4', serialNumber: '2.5.4.5', C: '2.5.4.6', L: '2.5.4.7', ST: '2.5.4.8',
  street: '2.5.4.9', O: '2.5.4.10', OU: '2.5.4.11', title: '2.5.4.12', description: '2.5.4.13',
  businessCategory: '2.5.4.15', postalAddress: '2.5.4.16', postalCode: '2.5.4.17', name: '2.5.4.41',
  GN: '2.5.4.42', initials: '2.5.4.43', generationQualifier: '2.5.4.44', dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65', organizationIdentifier: '2.5.4.97', role: '2.5.4.72',
  emailAddress: '1.2.840.113549.1.9.1', unstructuredName: '1.2.840.113549.1.9.2',
  DC: '0.9.2342.19200300.100.1.25', UID: '0.9.2342.19200300.100.1.1',
  jurisdictionL: '1.3.6.1.4.1.311.60.2.1.1', jurisdictionST: '1.3.6.1.4.1.311.60.2.1.2',
  jurisdictionC: '1.3.6.1.4.1.311.60.2.1.3',
};

