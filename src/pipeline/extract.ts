/**
 * Files in, handshakes out: walks the inputs, tells captures from Zeek logs by their first bytes, and runs each
 * through its stages (capture → net → tls, or zeek). Streaming: one capture at a time, constant memory.
 */
import { openInput, walkInputs, readCapture, sniffCapture, CaptureFormatError, InputError, type CaptureInput } from '../capture';
import type { CaptureSummary } from '../capture/types';
import { FlowTable } from '../net';
import type { Flow, NetStats } from '../net/types';
import { TlsTracker } from '../tls';
import type { Timestamp } from '../capture/types';
import type { CertBlob, Handshake, SourceRef } from '../tls/types';
import { readZeekBatches, sniffZeekLog, ZeekSweep, type ZeekCursorKeeper, type ZeekLoneCertificate } from '../zeek';
import { EveSweep, readEveBatches, sniffEve } from '../eve';
import { peek } from './peek';
import { ProgressMeter, type RunProgress } from './progress-meter';
import { followLogs } from './follow';
import { linesOf } from './lines';
import { basename } from 'node:path';

/** A problem with one input that does not stop the run. `fatal` ones make the exit code 2. */
export interface InputProblem {
  file: string;
  message: string;
  offset?: number;
  line?: number;
  fatal: boolean;
}

/** A certificate a log describes without a connection (an x509.log line no ssl line named). */
export interface LoneCertificate {
  blob: CertBlob;
  ts: Timestamp;
  source: SourceRef;
  role: 'server' | 'client';
}

export interface ExtractHooks {
  onHandshake(h: Handshake): void;
  onCertificate?(c: LoneCertificate): void;
  onProblem(p: InputProblem): void;
  /** Where the run is (for a progress line): after each chunk read. */
  onProgress?(p: RunProgress): void;
  /** Awaited between input chunks: lets the output drain so nothing piles up in memory. */
  drain?(): Promise<void>;
}

export interface ExtractOptions {
  /** JA3/JA3S/JA4/JA4S on each handshake (default on; off only to price them). */
  fingerprints?: boolean;
  /** Epoch seconds: handshakes stamped earlier are left out. */
  since?: number;
  /** Epoch seconds: handshakes stamped this or later are left out (a Zeek log file stops there: the next sweep starts there). */
  until?: number;
  /** Where Zeek log cursors live: given, log files are read on from where the last sweep left them. */
  cursors?: ZeekCursorKeeper;
  /** Aborted (SIGINT, SIGTERM): reading stops where it is; what was read is handed on and cursors say so. */
  signal?: AbortSignal;
  /** Once read, Zeek and EVE logs are read on as they grow (tail -F) until `signal` stops the run. */
  follow?: boolean;
}

/**
 * How often each of the run's bounds bit (README "Limits"): every one is a named constant, and what it cost is
 * counted here rather than lost in silence.
 */
export interface LimitCounts {
  /** Capture records over MAX_BUFFERED_RECORD_BYTES, skipped unread. */
  captureRecord: number;
  /** Live flows evicted because the flow table held DEFAULT_MAX_FLOWS. */
  flowTable: number;
  /** Flows ended because out-of-order bytes over all flows reached their cap. */
  reassemblyBytes: number;
  /** IP datagrams whose fragments were given up (timeout, caps). */
  ipFragments: number;
  /** Flow directions given up because the tls stage's held bytes reached MAX_TLS_HELD_BYTES. */
  tlsHeldBytes: number;
  /** Directions whose handshake messages passed MAX_HANDSHAKE_BYTES (`handshake-too-large`). */
  oversizedHandshake: number;
  /** Certificate messages cut at MAX_CERTIFICATES_PER_MESSAGE. */
  certificatesPerMessage: number;
}

export interface ExtractStats {
  files: number;
  captures: number;
  zeekLogs: number;
  packets: number;
  bytes: number;
  flows: number;
  handshakes: number;
  serverChains: number;
  clientChains: number;
  encrypted: number;
  gaps: number;
  malformed: number;
  truncated: number;
  /** Frames the snaplen cut short inside their transport payload (what was captured is still used). */
  snapCut: number;
  /** Files met while walking a folder that are neither captures nor Zeek logs. */
  skipped: number;
  /** Zeek log lines read (old lines of files a sweep resumed are not). */
  zeekLines: number;
  /** TCP segments whose bytes differ from held bytes of the same sequence numbers (the first seen won). */
  overlapConflicts: number;
  /** TCP directions restarted by a SYN or SYN-ACK with a new initial sequence number before any data. */
  synResyncs: number;
  limits: LimitCounts;
  /** Suricata EVE files read, and their lines (as for Zeek). */
  eveLogs: number;
  eveLines: number;
  /** Certificates logs described without a connection (x509 lines no ssl line named). */
  loneCertificates: number;
  /** Bytes read of all inputs, as on disk (compressed ones compressed). */
  inputBytes: number;
}

export function emptyStats(): ExtractStats {
  return {
    files: 0, captures: 0, zeekLogs: 0, packets: 0, bytes: 0, flows: 0, handshakes: 0,
    serverChains: 0, clientChains: 0, encrypted: 0, gaps: 0, malformed: 0, truncated: 0, snapCut: 0, skipped: 0, zeekLines: 0, eveLogs: 0, eveLines: 0, loneCertificates: 0, inputBytes: 0,
    overlapConflicts: 0, synResyncs: 0,
    limits: {
      captureRecord: 0, flowTable: 0, reassemblyBytes: 0, ipFragments: 0, tlsHeldBytes: 0, oversizedHandshake: 0, certificatesPerMessage: 0,
    },
  };
}

/** The stats as flat counters (a run record's): each limit as `limit.<name>`. */
export function countersOf(stats: ExtractStats): Record<string, number> {
  const { limits, ...counts } = stats;
  const out: Record<string, number> = { ...counts };
  for (const [name, n] of Object.entries(limits)) out[`limit.${name}`] = n;
  return out;
}

function countHandshake(stats: ExtractStats, h: Handshake): void {
  stats.handshakes++;
  if (h.serverChain.status === 'present') stats.serverChains++;
  if (h.clientChain.status === 'present') stats.clientChains++;
  if (h.serverChain.status === 'encrypted') stats.encrypted++;
}

function addCaptureStats(stats: ExtractStats, net: NetStats, tracker: TlsTracker, capture: CaptureSummary): void {
  stats.packets += capture.packets;
  stats.bytes += capture.bytes;
  stats.flows += net.flows;
  stats.gaps += net.gaps;
  stats.malformed += net.malformed;
  stats.snapCut += net.snapCut;
  stats.overlapConflicts += net.overlapConflicts;
  stats.synResyncs += net.synResyncs;
  const limits = stats.limits;
  limits.captureRecord += capture.anomalyCounts?.['oversized-record'] ?? 0;
  limits.flowTable += net.evictedFull;
  limits.reassemblyBytes += net.evictedByteCap;
  limits.ipFragments += net.ipDatagramsDropped ?? 0;
  limits.tlsHeldBytes += tracker.heldBytes.refused;
  limits.oversizedHandshake += tracker.stats.malformed['handshake-too-large'] ?? 0;
  limits.certificatesPerMessage += tracker.stats.malformed['too-many-certificates'] ?? 0;
  // A length field that cannot be right ends the reader just as a cut does: both leave the rest unread.
  if (capture.truncated || capture.anomalies.some((a) => a.kind === 'bad-record-length')) stats.truncated++;
}

/** Passes chunks on, reporting progress and letting the output drain between them. */
async function* paced(chunks: AsyncIterable<Buffer>, input: CaptureInput, hooks: ExtractHooks, meter: ProgressMeter, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    meter.read(input.file, input.rawBytes);
    yield chunk;
    if (hooks.drain) await hooks.drain();
    if (signal?.aborted) return;
  }
}

async function extractCapture(input: CaptureInput, chunks: AsyncIterable<Buffer>, hooks: ExtractHooks, stats: ExtractStats, opts: ExtractOptions, meter: ProgressMeter): Promise<void> {
  const file = input.file;
  const emit = (h: Handshake): void => {
    if (!inWindow(h, opts)) return;
    countHandshake(stats, h);
    hooks.onHandshake(h);
  };
  let table: FlowTable | undefined;
  const tracker = new TlsTracker(file, emit, (flow: Flow) => table?.release(flow), { fingerprints: opts.fingerprints ?? true });
  table = new FlowTable(tracker);
  const flowTable = table;
  const summary = await readCapture(file, paced(chunks, input, hooks, meter, opts.signal), (pkt) => flowTable.onPacket(pkt));
  flowTable.finish();
  stats.captures++;
  addCaptureStats(stats, flowTable.stats, tracker, summary);
  // Stopped on purpose: a record cut where reading stopped is no damage to report.
  if (opts.signal?.aborted) return;
  for (const a of summary.anomalies) {
    hooks.onProblem({ file, message: a.message, offset: a.offset, fatal: false });
  }
}

/** Handshakes from logs between two pauses for the output and the baseline. */
const LOG_DRAIN_EVERY = 1000;

/** File names that say capture or log: skipping one is said, not only counted. */
const NAMED_LIKE_INPUT = /\.(pcap|pcapng|cap|erf|log|json)(\.gz)?$|^(ssl|x509|eve)\b/i;

/** Which reader an input's first bytes call for. */
function classify(head: Buffer): 'capture' | 'zeek' | 'eve' | 'unknown' {
  if (sniffCapture(head)) return 'capture';
  const text = head.toString('utf8', 0, Math.min(head.length, 4096));
  if (sniffEve(text)) return 'eve';
  if (sniffZeekLog(text)) return 'zeek';
  return 'unknown';
}

/** The readers of text logs a run uses: they keep cursors, committed by the caller once sightings are recorded. */
export interface LogSweeps {
  zeek: ZeekSweep;
  eve: EveSweep;
}

export function logSweeps(opts: ExtractOptions): LogSweeps {
  const follow = opts.follow ?? false;
  return { zeek: new ZeekSweep(opts.cursors, opts, follow), eve: new EveSweep(opts.cursors, opts, follow) };
}

function inWindow(h: Handshake, opts: ExtractOptions): boolean {
  if (opts.since === undefined && opts.until === undefined) return true;
  const t = h.ts.sec + h.ts.nsec / 1e9;
  return !(opts.since !== undefined && t < opts.since) && !(opts.until !== undefined && t >= opts.until);
}

/**
 * Runs every input; problems are reported through hooks and never thrown. `sweeps` read the Zeek and EVE logs (the
 * caller commits its cursors once the sightings are recorded).
 */
export async function extract(paths: string[], hooks: ExtractHooks, opts: ExtractOptions = {}, sweeps: LogSweeps = logSweeps(opts)): Promise<ExtractStats> {
  const stats = emptyStats();
  const zeekFiles: string[] = [];
  const eveFiles: string[] = [];
  const named = new Set(paths);
  const warn = (file: string) => (w: { message: string; offset: number }) => {
    if (!opts.signal?.aborted) hooks.onProblem({ file, message: w.message, offset: w.offset, fatal: false });
  };
  // A stop asked for while stdin waits for more: end stdin, so that reading returns with what it has.
  const endStdin = (): void => {
    if (paths.includes('-')) process.stdin.destroy();
  };
  opts.signal?.addEventListener('abort', endStdin, { once: true });
  const meter = new ProgressMeter(hooks.onProgress);
  const files: string[] = [];
  try {
    for await (const file of walkInputs(paths)) files.push(file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    hooks.onProblem({ file: err.file, message: err.message, fatal: true });
  }
  await meter.plan(files);
  for (const file of files) {
    if (opts.signal?.aborted) break;
    stats.files++;
    try {
      const input = openInput(file, { onWarning: warn(file) });
      const { head, chunks } = await peek(input);
      const kind = classify(head);
      if (kind === 'capture') {
        await extractCapture(input, chunks, hooks, stats, opts, meter);
      } else if (kind === 'eve' && file !== '-') {
        eveFiles.push(file);
      } else if (kind === 'eve') {
        await extractLogs(readEveBatches([{ name: file, lines: linesOf(chunks) }], logAnomaly(hooks), { since: opts.since, until: opts.until, signal: opts.signal }), hooks, stats);
        stats.eveLogs++;
      } else if (kind === 'zeek' && file !== '-') {
        zeekFiles.push(file);
      } else if (kind === 'zeek') {
        await extractLogs(readZeekBatches([{ name: file, lines: linesOf(chunks) }], logAnomaly(hooks), { since: opts.since, until: opts.until, onLone: loneTo(hooks, stats), signal: opts.signal }), hooks, stats);
        stats.zeekLogs++;
      } else if (named.has(file)) {
        throw new CaptureFormatError(file);
      } else {
        // Found by walking a folder: a README or script beside the captures is not an error, only counted; one
        // whose name says capture or log is named, since the user will look for what it held.
        stats.skipped++;
        if (NAMED_LIKE_INPUT.test(basename(file))) {
          hooks.onProblem({ file, message: head.length === 0 ? 'empty: skipped' : 'neither a capture nor a Zeek or EVE log by its content, though its name says so: skipped', fatal: false });
        }
      }
      if (kind === 'capture' || kind === 'unknown') meter.read(file, input.rawBytes);
    } catch (err) {
      if (opts.signal?.aborted) break; // the read a stop cut short (stdin ended under it)
      if (err instanceof CaptureFormatError || err instanceof InputError) {
        hooks.onProblem({ file, message: err.message, fatal: true });
      } else {
        throw err;
      }
    }
  }
  opts.signal?.removeEventListener('abort', endStdin);
  const onReadProblem = (file: string, message: string) => hooks.onProblem({ file, message, fatal: false });
  const onLogRead = (file: string, bytes: number) => meter.read(file, bytes);
  if (zeekFiles.length > 0) {
    const { zeek } = sweeps;
    const before = zeek.counters.linesRead;
    await extractLogs(zeek.readBatches(zeekFiles, { onAnomaly: logAnomaly(hooks), onProblem: onReadProblem, onLone: loneTo(hooks, stats), signal: opts.signal, onRead: onLogRead }), hooks, stats);
    stats.zeekLogs += zeekFiles.length;
    stats.zeekLines += zeek.counters.linesRead - before;
  }
  if (eveFiles.length > 0) {
    const { eve } = sweeps;
    const before = eve.counters.linesRead;
    await extractLogs(eve.readBatches(eveFiles, { onAnomaly: logAnomaly(hooks), onProblem: onReadProblem, signal: opts.signal, onRead: onLogRead }), hooks, stats);
    stats.eveLogs += eveFiles.length;
    stats.eveLines += eve.counters.linesRead - before;
  }
  if (opts.follow && opts.signal) {
    await followLogs(sweeps, {
      onHandshake(h) {
        countHandshake(stats, h);
        hooks.onHandshake(h);
      },
      onLone: loneTo(hooks, stats),
      onProblem: onReadProblem,
      drain: () => hooks.drain?.() ?? Promise.resolve(),
    }, opts.signal);
  }
  stats.inputBytes = meter.bytes;
  return stats;
}

function loneTo(hooks: ExtractHooks, stats: ExtractStats): (certs: ZeekLoneCertificate[]) => void {
  return (certs) => {
    for (const c of certs) {
      stats.loneCertificates++;
      hooks.onCertificate?.(c);
    }
  };
}

/** Anomalies of a log reader (Zeek, EVE) as input problems. */
function logAnomaly(hooks: ExtractHooks) {
  return (a: { file: string; line?: number; message: string; fatal?: boolean }) =>
    hooks.onProblem({ file: a.file, line: a.line, message: a.message, fatal: a.fatal ?? false });
}

/** Handshakes of text logs (a stop asked for ends the logs' reading: see readZeekBatches). */
async function extractLogs(batches: AsyncIterable<Handshake[]>, hooks: ExtractHooks, stats: ExtractStats): Promise<void> {
  let n = 0;
  for await (const batch of batches) {
    for (const h of batch) {
      countHandshake(stats, h);
      hooks.onHandshake(h);
      if (++n % LOG_DRAIN_EVERY === 0 && hooks.drain) await hooks.drain();
    }
  }
}
