/** `certhound scan <paths…>`: flags → ScanOptions → scan() → sinks. No logic of its own. */
import type { Command } from 'commander';
import { scan } from '../../pipeline/scan';
import { countersOf } from '../../pipeline/extract';
import { BaselineCursors } from '../../baseline/cursors';
import { SEVERITY_RANK, type Finding, type Severity } from '../../detect/types';
import { compareFindings } from '../../detect/score';
import { colourWanted, painter } from '../../output/colour';
import { terminalWidth } from '../terminal';
import { connectionDocument } from '../../output/ecs-connection';
import { findingDocument } from '../../output/ecs-finding';
import { renderFindings } from '../../output/finding-blocks';
import { CONNECTION_COLUMNS, connectionRow, type ConnectionRow } from '../../output/connection-table';
import { renderTable } from '../../output/table';
import { formatStats } from '../../output/stats';
import { LineWriter } from '../../output/line-writer';
import { closeStoreAndSay, loadConfigOrSay, openBaselineOrSay, trustAnchorsOrSay } from '../command-setup';
import { describeProblem, Progress, say } from '../stderr';
import { baselineDir } from '../baseline-dir';
import { EXIT_ERROR, EXIT_FOUND, EXIT_OK } from '../exit-codes';
import { collect, parseFormat, parseSeverity, TRUST_ROOTS_FLAG, UsageError, type OutputFormat } from '../options';
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
  baseline?: string;
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
  /** certhound's version, for reports. */
  version?: string;
  /** Price-the-parts switches for the bench. */
  fingerprints?: boolean;
  findings?: boolean;
}

/** Rows beyond this are counted, not printed: a terminal table of a million rows helps no one. */
const MAX_TABLE_ROWS = 10000;

export async function runScan(opts: ScanCommandOptions): Promise<number> {
  const config = loadConfigOrSay(opts.config);
  if (!config) return EXIT_ERROR;
  const trustAnchors = trustAnchorsOrSay(config, opts.trustRoots);
  if (!trustAnchors) return EXIT_ERROR;
  const baseline = await openBaselineOrSay(opts.baseline, opts.update);
  if (!baseline) return EXIT_ERROR;
  const out = new LineWriter(process.stdout);
  const progress = new Progress();
  const rows: ConnectionRow[] = [];
  let hiddenRows = 0;
  const connections = opts.connections ?? opts.format === 'ndjson';
  let fatal = false;
  const started = Date.now();
  try {
    const result = await scan(opts.paths, {
      onConnection(h, factsOf) {
        if (!connections || isFileFormat(opts.format)) return;
        if (opts.format === 'ndjson') out.line(JSON.stringify(connectionDocument(h, factsOf, opts)));
        else if (rows.length < MAX_TABLE_ROWS) rows.push(connectionRow(h, factsOf));
        else hiddenRows++;
      },
      onProblem(p) {
        progress.clear();
        fatal ||= p.fatal;
        say(describeProblem(p));
      },
      onProgress: (file, bytes) => progress.update(file, bytes),
      drain: () => (out.wantsFlush ? out.flush() : Promise.resolve()),
    }, {
      baseline: baseline.session, config: config.detect, trustAnchors, fingerprints: opts.fingerprints, findings: opts.findings,
      since: opts.since, until: opts.until,
      // a recorded scan reads Zeek logs on from the last one; a read-only one (--no-update) reads them whole
      cursors: opts.update && baseline.store ? new BaselineCursors(baseline.store) : undefined,
    });
    progress.clear();
    await baseline.session?.finish({ started, finished: Date.now(), inputs: opts.paths, counters: { ...countersOf(result.stats), certificates: result.certificates } });
    const shown = result.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[opts.minSeverity]);
    if (isFileFormat(opts.format)) {
      const exported = new ExportSet(opts.minSeverity, opts.format === 'html');
      for (const f of result.findings) exported.add(f);
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
    } else {
      writeReport(out, opts, connections, rows, hiddenRows, shown.sort(compareFindings));
    }
    await out.flush();
    if (opts.stats) process.stderr.write(formatStats(result.stats, result.certificates));
    if (fatal) return EXIT_ERROR;
    return result.findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[opts.failOn]) ? EXIT_FOUND : EXIT_OK;
  } finally {
    await baseline.session?.close();
    await closeStoreAndSay(baseline.store);
  }
}

function writeReport(out: LineWriter, opts: ScanCommandOptions, connections: boolean, rows: ConnectionRow[], hiddenRows: number, findings: Finding[]): void {
  if (opts.format === 'ndjson') {
    for (const f of findings) out.line(JSON.stringify(findingDocument(f, opts)));
    return;
  }
  const width = terminalWidth();
  out.line(`FINDINGS (${findings.length} at or above ${opts.minSeverity})`);
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
    .description('extract TLS certificate chains from captures (pcap, pcapng, gzip, - for stdin) and Zeek logs, and score them')
    .argument('<paths...>', 'files or folders')
    .option('-f, --format <format>', `table, ndjson (ECS), or a file: ${FILE_FORMATS.join(', ')} (default: table on a terminal, else ndjson)`)
    .option('-o, --output <path>', 'write the file format here (a folder for suricata; default stdout)')
    .option('--stats', 'print counters to stderr', false)
    .option('--config <file>', 'detector weights, thresholds and allowlists (JSON or YAML)')
    .option('--baseline <dir>', 'baseline folder (default: baselines/default in the package)')
    .option('--no-baseline', 'neither read nor update a baseline')
    .option('--no-update', 'read the baseline but do not record this scan')
    .option(...TRUST_ROOTS_FLAG, collect)
    .option('--fail-on <severity>', 'exit 1 when a finding reaches this severity', 'high')
    .option('--min-severity <severity>', 'report findings at or above this severity', 'low')
    .option('--connections', 'also list connections (NDJSON writes them unless --no-connections)')
    .option('--no-connections', 'leave out the per-connection records')
    .option('--since <time>', 'only handshakes at or after this time (ISO 8601 or epoch seconds)')
    .option('--until <time>', 'only handshakes before this time; a Zeek log stops there and the next sweep starts there')
    .option('--observer <name>', 'the sensor the inputs came from (ECS observer.name)')
    .addHelpText('after', SCAN_EXAMPLES)
    .action((paths: string[], o: { format?: string; output?: string; stats: boolean; config?: string; trustRoots?: string[]; baseline: string | boolean; update: boolean; failOn: string; minSeverity: string; connections?: boolean; since?: string; until?: string; observer?: string }) => {
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
        baseline: o.baseline === false ? undefined : baselineDir(typeof o.baseline === 'string' ? o.baseline : undefined),
        update: o.update,
        failOn: parseSeverity(o.failOn),
        minSeverity: parseSeverity(o.minSeverity),
        connections: o.connections,
        observer: o.observer,
      }));
    });
}
