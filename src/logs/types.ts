/** Records of the logs stage: where a sweep stopped in a log file, and where those cursors are kept between sweeps. */

/** How far one log file was read, kept under its inode and found again by its head (see file-identity.ts). */
export interface LogCursor<S = unknown> {
  /** `dev:ino` of the file it was made for. */
  inode: string;
  /** The name it was last read under (a tie-breaker, and for people reading the baseline). */
  path: string;
  /** Decompressed bytes read. */
  offset: number;
  /** Lines read. */
  line: number;
  /** Length and SHA-256 of the file's head when it was read (up to VERIFY_HEAD_BYTES). */
  headLength: number;
  headSha256: string;
  /** SHA-256 of the bytes just before `offset` (VERIFY_TAIL_BYTES, fewer near the start). */
  tailSha256: string;
  /** Hash of the first INDEX_HEAD_BYTES, which a new inode's candidates are looked up by (absent for shorter files). */
  key?: string;
  compressed: boolean;
  /** A gzip file read to its end: archives do not grow, so later sweeps need not inflate it again. */
  complete?: boolean;
  /** Latest record time read from it (epoch seconds). */
  lastTime?: number;
  /** The reader's state there (a Zeek TSV header in force). */
  state: S;
}

/** One log file to read: its lines one by one or in batches, and where an earlier sweep left its reader. */
export interface LogInput<S> {
  /** Name used in anomalies and in each handshake's `source.file`. */
  name: string;
  /** The lines one by one … */
  lines?: AsyncIterable<string>;
  /** … or in batches (openLines' `batches`: one await per chunk instead of per line). */
  batches?: AsyncIterable<readonly string[]>;
  /** The reader's state at the end of an earlier sweep, when the lines resume from there (openLines with its cursor). */
  resume?: S;
}

/** Where cursors live between sweeps (the baseline: src/baseline/cursors.ts). */
export interface CursorKeeper {
  /** The cursor of a file by its inode. */
  byInode(inode: string): Promise<LogCursor | undefined>;
  /** Every cursor whose file started with the head `key` names (other inodes: a rotated archive, a copy). */
  byHead(key: string): Promise<LogCursor[]>;
  /** All of a sweep's cursors in one atomic write, with what else the reader keeps (Zeek's carried x509 lines). */
  save(s: CursorSave): Promise<void>;
}

export interface CursorSave {
  cursors: LogCursor[];
  /** Stored cursors these replace (same inodes): their head index entries go when the head changed. */
  replaced: LogCursor[];
}
