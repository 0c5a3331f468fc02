/**
 * A sweep over Zeek logs: every x509 file first (so the fingerprint index is full), then the ssl files, each
 * ssl line joined to the certificates it names. Zeek writes x509.log lines around the same time as the ssl.log
 * line, and rotated folders list `ssl.*` before `x509.*`, hence the two passes; ssl lines that still arrive first
 * (stdin, mixed files, more than MAX_DEFERRED_FILES ssl files) wait in the joiner for their x509 lines.
 */
import { MAX_DEFERRED_FILES } from './consts';
import { ZeekJoiner } from './join';
import { LogFileReader, type RoutedRecord } from './log-file-reader';
import type { ZeekAnomalySink, ZeekHandshake } from './types';

export interface ZeekLogInput {
  /** Name used in anomalies and in each handshake's `source.file`. */
  name: string;
  lines: AsyncIterable<string>;
}

export interface ReadZeekOptions {
  /** A joiner to reuse across calls (its x509 index persists); default: a new one. */
  joiner?: ZeekJoiner;
}

interface Deferred {
  reader: LogFileReader;
  first: RoutedRecord;
}

/** Reads ssl.log/x509.log files (TSV or JSON, any order) and yields one handshake per ssl line. Never throws on content. */
export async function* readZeekLogs(
  files: ZeekLogInput[],
  onAnomaly?: ZeekAnomalySink,
  opts: ReadZeekOptions = {},
): AsyncGenerator<ZeekHandshake> {
  const joiner = opts.joiner ?? new ZeekJoiner({ onAnomaly });
  const deferred: Deferred[] = [];
  let unknownCerts = 0;
  const masked = new Map<string, number>();
  const count = (h: ZeekHandshake): ZeekHandshake => {
    if (h.logAnomalies.includes('unknown-certificate')) unknownCerts++;
    if (h.logAnomalies.includes('masked-timestamp')) masked.set(h.source.file, (masked.get(h.source.file) ?? 0) + 1);
    return h;
  };
  for (const file of files) {
    const reader = new LogFileReader(file.name, file.lines, onAnomaly);
    const first = await reader.next();
    if (!first) {
      await reader.close();
      continue;
    }
    if (first.path === 'ssl' && deferred.length < MAX_DEFERRED_FILES) {
      deferred.push({ reader, first });
      continue;
    }
    for await (const h of drain(reader, first, joiner, onAnomaly)) yield count(h);
  }
  for (const { reader, first } of deferred) {
    for await (const h of drain(reader, first, joiner, onAnomaly)) yield count(h);
  }
  for (const h of joiner.finish()) yield count(h);
  for (const [file, n] of masked) {
    onAnomaly?.({ kind: 'masked-timestamp', file, message: `${n} ssl lines have no usable ts (masked as in btest baselines?): ts 0 used`, count: n });
  }
  if (unknownCerts > 0 && onAnomaly) {
    onAnomaly({
      kind: 'unknown-certificate',
      file: files.length === 1 ? files[0].name : `${files.length} files`,
      message: `${unknownCerts} ssl lines name certificates no x509 line described (their fingerprints are kept, facts are not)`,
      count: unknownCerts,
    });
  }
}

async function* drain(reader: LogFileReader, first: RoutedRecord, joiner: ZeekJoiner, onAnomaly?: ZeekAnomalySink): AsyncGenerator<ZeekHandshake> {
  let ignored = false;
  for (let rec: RoutedRecord | undefined = first; rec; rec = await reader.next()) {
    const source = { file: reader.file, line: rec.line };
    if (rec.path === 'x509') {
      joiner.addX509(rec.fields, source);
    } else if (rec.path === 'ssl') {
      const h = joiner.addSsl(rec.fields, source);
      if (h) yield h;
    } else if (!ignored) {
      ignored = true;
      onAnomaly?.({ kind: 'ignored-log', file: reader.file, line: rec.line, message: `not an ssl or x509 log (path ${rec.path ?? 'unknown'}): its lines are skipped` });
    }
    for (const h of joiner.takeReady()) yield h;
  }
  await reader.close();
}
