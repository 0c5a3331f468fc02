/** `certhound scan <paths…>`: flags → ScanOptions → scan() → sinks. No logic of its own. */
import type { Command } from 'commander';
import { scan } from '../../pipeline/scan';
import { countersOf } from '../../pipeline/extract';
import { BaselineCursors } from '../../baseline/cursors';
import { SEVERITY_RANK, type Finding, type Severity } from '../../detect/types';
import type { FindingEvent } from '../../detect/finding-builder';
import { FindingCollector } from '../../pipeline/collect-findings';
import { compareFindings } from '../../detect/score';
import { colourWanted, painter } from '../../output/colour';
import { terminalWidth } from '../terminal';
import { findingDocument } from '../../output/ecs-finding';
import { renderFindings } from '../../output/finding-blocks';
import { CONNECTION_COLUMNS, connectionRow, type ConnectionRow } from '../../output/connection-table';
import { renderTable } from '../../output/table';
import { formatStats } from '../../output/stats';
import { LineWriter } from '../../output/line-writer';
import { closeStoreAndSay, loadConfigOrSay, openBaselineOrSay, trustAnchorsOrSay } from '../command-setup';
import { describeProblem, Progress, say } from '../stderr';
import { baselineChoice, BASELINE_FLAG_HELP, type BaselineChoice } from '../baseline-dir';
import { EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK } from '../exit-codes';
import { catchInterrupts } from '../interrupt';
import { collect, parseWorkers, parseFormat, parseSeverity, TRUST_ROOTS_FLAG, UsageError, type OutputFormat } from '../options';
import { checkOutput, FILE_FORMATS, isFileFormat, writeFileReport, type FileFormat } from '../report-files';
import { ExportSet } from '../../output/ioc/indicators';
import { VERSION } from '../version';
import { SCAN_EXAMPLES } from '../help-text';

export interface ScanCommandOptions {
  paths: string[];
  format: OutputFormat | FileFormat;
  /** Where a file format goes (stdout when unset; a folder for suricata). */
  output?: string;
  stats: boolean;
  config?: string;
  /** `--trust-roots` values. */
  trustRoots?: string[];
  /** Baseline folder; undefined for none. */
  baseline?: BaselineChoice;
  update: boolean;
  failOn: Severity;
  minSeverity: Severity;
  /** Connection records: written in NDJSON unless turned off, shown in the table only when asked. */
  connections?: boolean;
  /** Epoch seconds bounding the sweep (`--since`/`--until`). */
  since?: number;
  until?: number;
  /** The sensor the inputs came from, for ECS `observer.name`. */
  observer?: string;
  /** Capture worker threads beside the main one (`--workers`; default none). */
  workers?: number | 'auto';
  /** certhound's version, for reports. */
  version?: string;
  /** Read Zeek and EVE logs on as they grow until stopped (`--follow`). */
  follow?: boolean;
  /** Price-the-parts switches for the bench. */
  fingerprints?: boolean;
  findings?: boolean;
}

/** Rows beyond this are counted, not printed: a terminal table of a million rows helps no one. */
const MAX_TABLE_ROWS = 10000;

/**
 * Which findings fail the run: those at or above `--fail-on` as last judged (an update may lower one), suppressed
 * ones never.
 */
class FailTally {
  private readonly failing = new Set<string>();
  constructor(private readonly failOn: Severity) {}

  note(f: Finding): void {
    if (!f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[this.failOn]) this.failing.add(f.id);
    else this.failing.delete(f.id);
  }

  get any(): boolean {
    return this.failing.size > 0;
  }
}

export async function runScan(opts: ScanCommandOptions): Promise<number> {
  const config = loadConfigOrSay(opts.config);
  if (!config) return EXIT_ERROR;
  const trustAnchors = trustAnchorsOrSay(config, opts.trustRoots);
  if (!trustAnchors) return EXIT_ERROR;
  const baseline = await openBaselineOrSay(opts.baseline, opts.update);
  if (!baseline) return EXIT_ERROR;
  const out = new LineWriter(process.stdout);
  const progress = new Progress();
  const interrupt = catchInterrupts();
  const rows: ConnectionRow[] = [];
  let hiddenRows = 0;
  const connections = opts.connections ?? opts.format === 'ndjson';
  let fatal = false;
  let written = 0;
  const fails = new FailTally(opts.failOn);
  // NDJSON streams each finding as it is decided; the table is drawn at the end, sorted; a file format takes what
  // it needs as findings come (bounded: ExportSet).
  const table = opts.format === 'table' ? new FindingCollector() : undefined;
  const exported = isFileFormat(opts.format) ? new ExportSet(opts.minSeverity, opts.format === 'html') : undefined;
  const shown = (severity: Severity): boolean => SEVERITY_RANK[severity] >= SEVERITY_RANK[opts.minSeverity];
  // Findings come from the lower of --min-severity and --fail-on (both need them); those below --min-severity are
  // not written, and the first written about a certificate is its `created` one.
  const onFinding = (e: FindingEvent): void => {
    fails.note(e.finding);
    if (exported) {
      exported.add(e.finding);
      return;
    }
    const wasShown = e.previous !== undefined && shown(e.previous.severity);
    if (!wasShown && !shown(e.finding.severity)) return;
    written++;
    const event: FindingEvent = wasShown ? e : { action: 'created', finding: e.finding };
    if (table) table.onFinding(event);
    else {
      out.line(JSON.stringify(findingDocument(event.finding, opts, event)));
      // written now rather than at the next pause: a document kept until then outlives a scavenge and burdens the
      // old space (200 000 findings: 296 MiB peak RSS when held for the pause, 273 written at once)
      if (out.wantsFlush) void out.flush();
    }
  };
  const started = Date.now();
  try {
    const result = await scan(opts.paths, {
      onConnection(h, factsOf, rendered) {
        if (!connections || isFileFormat(opts.format)) return;
        if (rendered !== undefined) {
          out.line(rendered);
          if (out.wantsFlush) void out.flush(); // as findings are (see onFinding)
        } else if (rows.length < MAX_TABLE_ROWS) rows.push(connectionRow(h, factsOf));
        else hiddenRows++;
      },
      onFinding,
      onProblem(p) {
        progress.clear();
        fatal ||= p.fatal;
        say(describeProblem(p));
      },
      onProgress: (p) => progress.update(p),
      // every pause of the input writes what is decided: a live pipe shows a finding as its handshake ends
      drain: () => out.flush(),
    }, {
      baseline: baseline.session, config: config.detect, trustAnchors, fingerprints: opts.fingerprints, findings: opts.findings,
      since: opts.since, until: opts.until, signal: interrupt.signal, follow: opts.follow, workers: opts.workers,
      minSeverity: SEVERITY_RANK[opts.failOn] < SEVERITY_RANK[opts.minSeverity] ? opts.failOn : opts.minSeverity,
      renderConnection: connections && opts.format === 'ndjson' ? { module: require.resolve('../../output/ecs-connection'), name: 'connectionNdjson', options: { observer: opts.observer } } : undefined,
      // a recorded scan reads logs on from the last one; a read-only one (--no-update) reads them whole
      cursors: opts.update && baseline.store ? new BaselineCursors(baseline.store) : undefined,
    });
    progress.clear();
    await baseline.session?.finish({ started, finished: Date.now(), inputs: opts.paths, counters: { ...countersOf(result.stats), certificates: result.certificates } });
    if (exported && isFileFormat(opts.format)) {
      if (exported.dropped > 0) say(`warning: ${exported.dropped} findings beyond the first ${exported.findings.length} left out of the ${opts.format} output`);
      try {
        const said = writeFileReport(opts.format, exported.findings.sort(compareFindings), {
          generated: new Date(), inputs: opts.paths, version: opts.version ?? '', certificates: result.certificates, minSeverity: opts.minSeverity,
        }, opts.output);
        if (said) say(said);
      } catch (err) {
        say(`${opts.output}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return EXIT_ERROR;
      }
    } else if (table) {
      writeReport(out, connections, rows, hiddenRows, table.findings().filter((f) => shown(f.severity)), opts.minSeverity);
    }
    await out.flush();
    if (opts.stats) process.stderr.write(formatStats(result.stats, result.certificates, Date.now() - started));
    if (interrupt.received) {
      say(`interrupted (${interrupt.received}): ${result.stats.files} inputs opened, ${result.stats.handshakes} handshakes, ${result.certificates} certificates, ${written} findings written; baseline and cursors saved`);
      return EXIT_INTERRUPTED;
    }
    if (fatal) return EXIT_ERROR;
    return fails.any ? EXIT_FOUND : EXIT_OK;
  } finally {
    interrupt.dispose();
    await baseline.session?.close();
    await closeStoreAndSay(baseline.store);
  }
}

/** The terminal table (NDJSON and file formats were written as findings came). */
function writeReport(out: LineWriter, connections: boolean, rows: ConnectionRow[], hiddenRows: number, findings: Finding[], minSeverity: Severity): void {
  const width = terminalWidth();
  out.line(`FINDINGS (${findings.length} at or above ${minSeverity})`);
  out.line(findings.length > 0 ? renderFindings(findings, width, painter(colourWanted(process.stdout.isTTY))).trimEnd() : 'none');
  if (connections) {
    out.line('');
    out.line(`CONNECTIONS (${rows.length + hiddenRows})`);
    out.line(renderTable(rows, CONNECTION_COLUMNS, width).trimEnd());
    if (hiddenRows > 0) out.line(`(${hiddenRows} more connections not shown; use --format ndjson)`);
  }
}

function scanFormat(value: string | undefined, output: string | undefined): OutputFormat | FileFormat {
  if (value !== undefined && !isFileFormat(value) && value !== 'table' && value !== 'ndjson') {
    throw new UsageError(`unknown format '${value}' (table, ndjson, ${FILE_FORMATS.join(', ')})`);
  }
  if (value === undefined || !isFileFormat(value)) return parseFormat(value);
  checkOutput(value, output);
  return value;
}

/** ISO 8601 (a date alone is UTC midnight) or epoch seconds; null (said on stderr) when it is neither. */
function parseTime(flag: string, value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  const t = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value) / 1000;
  if (Number.isFinite(t)) return t;
  say(`${flag} ${value}: not a time (use ISO 8601, e.g. 2026-11-27T10:00:00Z, or epoch seconds)`);
  return null;
}

export function registerScan(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('scan')
    .description('extract TLS certificate chains from captures (pcap, pcapng, gzip, - for stdin), Zeek logs and Suricata EVE, and score them')
    .argument('<paths...>', 'files or folders')
    .option('-f, --format <format>', `table, ndjson (ECS), or a file: ${FILE_FORMATS.join(', ')} (default: table on a terminal, else ndjson)`)
    .option('-o, --output <path>', 'write the file format here (a folder for suricata; default stdout)')
    .option('--stats', 'print counters to stderr', false)
    .option('--config <file>', 'detector weights, thresholds and allowlists (JSON or YAML)')
    .option('--baseline <dir>', BASELINE_FLAG_HELP)
    .option('--no-baseline', 'neither read nor update a baseline')
    .option('--no-update', 'read the baseline but do not record this scan')
    .option(...TRUST_ROOTS_FLAG, collect)
    .option('--fail-on <severity>', 'exit 1 when a finding reaches this severity', 'high')
    .option('--min-severity <severity>', 'report findings at or above this severity', 'low')
    .option('--connections', 'also list connections (NDJSON writes them unless --no-connections)')
    .option('--no-connections', 'leave out the per-connection records')
    .option('--since <time>', 'only handshakes at or after this time (ISO 8601 or epoch seconds)')
    .option('--follow', 'after reading them, read Zeek and EVE logs on as they grow (rotation included) until stopped (Ctrl-C)', false)
    .option('--until <time>', 'only handshakes before this time; a Zeek log stops there and the next sweep starts there')
    .option('--observer <name>', 'the sensor the inputs came from (ECS observer.name)')
    .option('--workers <n|auto>', 'threads reading captures beside the one that judges and writes (0: none; auto: one per other core, for captures of 32 MiB or more)', 'auto')
    .addHelpText('after', SCAN_EXAMPLES)
    .action((paths: string[], o: { format?: string; output?: string; stats: boolean; config?: string; trustRoots?: string[]; baseline: string | boolean; update: boolean; failOn: string; minSeverity: string; connections?: boolean; since?: string; until?: string; observer?: string; follow: boolean; workers: string }) => {
      const since = parseTime('--since', o.since);
      const until = parseTime('--until', o.until);
      if (since === null || until === null) {
        run(Promise.resolve(EXIT_ERROR));
        return;
      }
      run(runScan({
        since,
        until,
        paths,
        format: scanFormat(o.format, o.output),
        output: o.output,
        version: VERSION,
        stats: o.stats,
        config: o.config,
        trustRoots: o.trustRoots,
        baseline: o.baseline === false ? undefined : baselineChoice(typeof o.baseline === 'string' ? o.baseline : undefined),
        update: o.update,
        failOn: parseSeverity(o.failOn),
        minSeverity: parseSeverity(o.minSeverity),
        connections: o.connections,
        observer: o.observer,
        follow: o.follow,
        workers: parseWorkers(o.workers),
      }));
    });
}
