/** `certhound scan <paths…>`: flags → ScanOptions → scan() → a sink. No logic of its own. */
import type { Command } from 'commander';
import { scan } from '../../pipeline/scan';
import { connectionDocument } from '../../output/ecs-connection';
import { CONNECTION_COLUMNS, connectionRow, type ConnectionRow } from '../../output/connection-table';
import { renderTable } from '../../output/table';
import { formatStats } from '../../output/stats';
import { LineWriter } from '../../output/line-writer';
import { describeProblem, Progress, say } from '../stderr';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes';
import { parseFormat, type OutputFormat } from '../options';

export interface ScanOptions {
  paths: string[];
  format: OutputFormat;
  stats: boolean;
}

/** Rows beyond this are counted, not printed: a terminal table of a million rows helps no one. */
const MAX_TABLE_ROWS = 10000;

export async function runScan(opts: ScanOptions): Promise<number> {
  const out = new LineWriter(process.stdout);
  const progress = new Progress();
  const rows: ConnectionRow[] = [];
  let hiddenRows = 0;
  let fatal = false;
  const result = await scan(opts.paths, {
    onConnection(h, factsOf) {
      if (opts.format === 'ndjson') out.line(JSON.stringify(connectionDocument(h, factsOf)));
      else if (rows.length < MAX_TABLE_ROWS) rows.push(connectionRow(h, factsOf));
      else hiddenRows++;
    },
    onProblem(p) {
      progress.clear();
      if (p.fatal) fatal = true;
      say(describeProblem(p));
    },
    onProgress: (file, bytes) => progress.update(file, bytes),
    drain: () => (out.wantsFlush ? out.flush() : Promise.resolve()),
  });
  progress.clear();
  if (opts.format === 'table') {
    out.line(renderTable(rows, CONNECTION_COLUMNS, process.stdout.columns || 200).trimEnd());
    if (hiddenRows > 0) out.line(`(${hiddenRows} more connections not shown; use --format ndjson)`);
  }
  await out.flush();
  if (opts.stats) process.stderr.write(formatStats(result.stats, result.certificates));
  return fatal ? EXIT_ERROR : EXIT_OK;
}

export function registerScan(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('scan')
    .description('extract TLS certificate chains from captures (pcap, pcapng, gzip, - for stdin) and Zeek logs')
    .argument('<paths...>', 'files or folders')
    .option('-f, --format <format>', 'table or ndjson (default: table on a terminal, else ndjson)')
    .option('--stats', 'print counters to stderr', false)
    .action((paths: string[], o: { format?: string; stats: boolean }) => {
      run(runScan({ paths, format: parseFormat(o.format), stats: o.stats }));
    });
}
