/** `certhound host <events…>`: host detections alone, as the seed query would list them (newest first). */
import type { Command } from 'commander';
import { EXIT_CODES_HELP } from '../help-text';
import { scanHostEvents } from '../../pipeline/host-detections';
import { NewestDetections } from '../../host';
import { loadConfigOrSay } from '../command-setup';
import { hostDocument } from '../../output/ecs-host';
import { HOST_COLUMNS } from '../../output/host-table';
import { colourWanted, painter } from '../../output/colour';
import { terminalWidth } from '../terminal';
import { renderTable } from '../../output/table';
import { LineWriter } from '../../output/line-writer';
import { describeProblem, say } from '../stderr';
import { EXIT_ERROR, EXIT_FOUND, EXIT_OK } from '../exit-codes';
import { parseFormat, parseSeverity, type OutputFormat } from '../options';
import { SEVERITY_RANK, type Severity } from '../../detect/types';

/** Detections a terminal table lists (the newest); NDJSON has them all. */
const MAX_TABLE_ROWS = 1000;

export interface HostOptions {
  paths: string[];
  format: OutputFormat;
  config?: string;
  sumoStrict: boolean;
  showSuppressed: boolean;
  failOn: Severity;
}

export async function runHost(opts: HostOptions): Promise<number> {
  const config = loadConfigOrSay(opts.config);
  if (!config) return EXIT_ERROR;
  let fatal = false;
  let found = false;
  const out = new LineWriter(process.stdout);
  const table = new NewestDetections(MAX_TABLE_ROWS);
  const result = await scanHostEvents(opts.paths, { config: config.host, sumoStrict: opts.sumoStrict }, (p) => {
    fatal ||= p.fatal;
    say(describeProblem(p));
  }, (d) => {
    if (!opts.showSuppressed && d.suppressed) return;
    found ||= !d.suppressed && SEVERITY_RANK[d.verdict.severity] >= SEVERITY_RANK[opts.failOn];
    // NDJSON streams each detection as it is made (input order); the table keeps the newest, as the seed sorts.
    if (opts.format !== 'ndjson') return table.add(d);
    out.line(JSON.stringify(hostDocument(d)));
    return out.wantsFlush ? out.flush() : undefined;
  });
  if (opts.format !== 'ndjson') {
    if (table.total > 0) out.line(renderTable(table.list(), HOST_COLUMNS, terminalWidth(), painter(colourWanted(process.stdout.isTTY))).trimEnd());
    if (table.total > MAX_TABLE_ROWS) out.line(`the newest ${MAX_TABLE_ROWS} of ${table.total} detections (-f ndjson lists them all)`);
    if (table.total === 0) out.line(`no host detections in ${result.events} events`);
  }
  await out.flush();
  if (fatal) return EXIT_ERROR;
  return found ? EXIT_FOUND : EXIT_OK;
}

export function registerHost(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('host')
    .description('certificate generation and store imports in process events (Sysmon XML/JSON, Sumo CSE, auditd, ECS, 4688)')
    .argument('<paths...>', 'event files or folders, - for stdin')
    .option('-f, --format <format>', 'table or ndjson (default: table on a terminal, else ndjson)')
    .option('--config <file>', 'tuning (JSON or YAML); host keys under host:')
    .option('--sumo-strict', "read the seed query's regex matches as Sumo's whole-string matches (finds almost nothing)", false)
    .option('--show-suppressed', 'also list detections a tuning rule suppressed, with the reason', false)
    .option('--fail-on <severity>', 'exit 1 when a detection reaches this severity', 'high')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((paths: string[], o: { format?: string; config?: string; sumoStrict: boolean; showSuppressed: boolean; failOn: string }) => {
      run(runHost({ paths, format: parseFormat(o.format), config: o.config, sumoStrict: o.sumoStrict, showSuppressed: o.showSuppressed, failOn: parseSeverity(o.failOn) }));
    });
}
