/**
 * `certhound hunt --net <captures…> --host <events…>`: findings and host detections, correlated into incidents.
 * Flags → HuntOptions → scanHostEvents() + scan() → correlate() → a sink. No logic of its own.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT_CODES_HELP } from '../help-text';
import { scan } from '../../pipeline/scan';
import { FindingCollector } from '../../pipeline/collect-findings';
import { scanHostEvents } from '../../pipeline/host-detections';
import { sortNewestFirst, type HostDetection } from '../../host';
import { correlate, DEFAULT_CORRELATE_OPTIONS, ipKey, type Incident } from '../../correlate';
import { SEVERITY_RANK, type Severity } from '../../detect/types';
import { incidentDocument } from '../../output/ecs-incident';
import { renderIncidents } from '../../output/incident-blocks';
import { colourWanted, painter } from '../../output/colour';
import { terminalWidth } from '../terminal';
import { LineWriter } from '../../output/line-writer';
import { countersOf, type InputProblem } from '../../pipeline/extract';
import { closeStoreAndSay, loadConfigOrSay, openBaselineOrSay, trustAnchorsOrSay } from '../command-setup';
import { describeProblem, Progress, say } from '../stderr';
import { baselineChoice, BASELINE_FLAG_HELP, type BaselineChoice } from '../baseline-dir';
import { EXIT_ERROR, EXIT_FOUND, EXIT_OK } from '../exit-codes';
import { collect, parseFormat, parseSeverity, TRUST_ROOTS_FLAG, type OutputFormat } from '../options';

export interface HuntOptions {
  net: string[];
  host: string[];
  format: OutputFormat;
  config?: string;
  /** `--trust-roots` values. */
  trustRoots?: string[];
  /** Baseline folder; undefined for none. */
  baseline?: BaselineChoice;
  update: boolean;
  failOn: Severity;
  minSeverity: Severity;
  sumoStrict: boolean;
  /** Also tie detections a host tuning rule suppressed (the incident says so and never fails the run). */
  showSuppressed: boolean;
  /** How long after a host event a notBefore or first sighting still counts, in milliseconds. */
  windowMs: number;
  /** Addresses of hosts whose events carry none, by lower-case host name. */
  hostAddresses: Map<string, string[]>;
  /** The sensor the network inputs came from, for ECS `observer.name`. */
  observer?: string;
}

/** Upper bound of `--window`: a year (a wider window ties anything that shares an address). */
const MAX_WINDOW_MINUTES = 366 * 24 * 60;

export function parseWindowMinutes(value: string): number {
  const minutes = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(minutes > 0) || minutes > MAX_WINDOW_MINUTES) {
    throw new InvalidArgumentError(`window must be a number of minutes between 0 and ${MAX_WINDOW_MINUTES}`);
  }
  return minutes;
}

/** One `--host-address name=ip` (repeatable; a name may take several addresses). */
export function parseHostAddress(value: string, previous: Map<string, string[]> = new Map()): Map<string, string[]> {
  const eq = value.lastIndexOf('=');
  const name = value.slice(0, Math.max(eq, 0)).trim().toLowerCase();
  const ip = value.slice(eq + 1).trim();
  if (eq <= 0 || name === '' || ipKey(ip) === undefined) throw new InvalidArgumentError(`expected host=address, e.g. web01=10.1.2.3 (got '${value}')`);
  const next = new Map(previous);
  next.set(name, [...(next.get(name) ?? []), ip]);
  return next;
}

export async function runHunt(opts: HuntOptions): Promise<number> {
  if (opts.net.includes('-') && opts.host.includes('-')) {
    say('stdin (-) can feed --net or --host, not both');
    return EXIT_ERROR;
  }
  const config = loadConfigOrSay(opts.config);
  if (!config) return EXIT_ERROR;
  const trustAnchors = trustAnchorsOrSay(config, opts.trustRoots);
  if (!trustAnchors) return EXIT_ERROR;
  let fatal = false;
  const progress = new Progress();
  const onProblem = (p: InputProblem) => {
    progress.clear();
    fatal ||= p.fatal;
    say(describeProblem(p));
  };
  const detections: HostDetection[] = [];
  const read = await scanHostEvents(opts.host, { config: config.host, sumoStrict: opts.sumoStrict }, onProblem, (d) => {
    detections.push(d);
  });
  const host = { events: read.events, detections: sortNewestFirst(detections) };
  const baseline = await openBaselineOrSay(opts.baseline, opts.update);
  if (!baseline) return EXIT_ERROR;
  const out = new LineWriter(process.stdout);
  const started = Date.now();
  try {
    const collected = new FindingCollector();
    const net = await scan(opts.net, {
      onFinding: collected.onFinding,
      onProblem,
      onProgress: (p) => progress.update(p),
      drain: () => (out.wantsFlush ? out.flush() : Promise.resolve()),
    }, { baseline: baseline.session, config: config.detect, trustAnchors });
    progress.clear();
    await baseline.session?.finish({ started, finished: Date.now(), inputs: opts.net, counters: { ...countersOf(net.stats), certificates: net.certificates } });
    const findings = collected.findings();
    const incidents = correlate(findings, host.detections, {
      ...DEFAULT_CORRELATE_OPTIONS, windowMs: opts.windowMs, includeSuppressed: opts.showSuppressed, hostAddresses: opts.hostAddresses,
    });
    const shown = incidents.filter((i) => SEVERITY_RANK[i.severity] >= SEVERITY_RANK[opts.minSeverity]);
    writeReport(out, opts, shown, `${findings.length} certificates, ${host.detections.length} host detections in ${host.events} events`);
    await out.flush();
    if (fatal) return EXIT_ERROR;
    return incidents.some((i) => !i.suppressed && SEVERITY_RANK[i.severity] >= SEVERITY_RANK[opts.failOn]) ? EXIT_FOUND : EXIT_OK;
  } finally {
    await baseline.session?.close();
    await closeStoreAndSay(baseline.store);
  }
}

function writeReport(out: LineWriter, opts: HuntOptions, incidents: Incident[], inputs: string): void {
  if (opts.format === 'ndjson') {
    for (const i of incidents) out.line(JSON.stringify(incidentDocument(i, opts)));
    return;
  }
  out.line(`INCIDENTS (${incidents.length} at or above ${opts.minSeverity}; ${inputs})`);
  out.line(incidents.length > 0 ? renderIncidents(incidents, terminalWidth(), painter(colourWanted(process.stdout.isTTY))).trimEnd() : 'none');
}

export function registerHunt(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('hunt')
    .description('tie certificates seen on the network to the host events that made or installed them')
    .requiredOption('--net <paths...>', 'captures (pcap, pcapng, gzip) and Zeek logs, files or folders, - for stdin')
    .requiredOption('--host <paths...>', 'process and registry event files or folders (Sysmon XML/JSON, Sumo CSE, auditd, ECS, 4688)')
    .option('-f, --format <format>', 'table or ndjson (default: table on a terminal, else ndjson)')
    .option('--config <file>', 'detector weights, allowlists and host tuning (JSON or YAML)')
    .option('--baseline <dir>', BASELINE_FLAG_HELP)
    .option('--no-baseline', 'neither read nor update a baseline')
    .option('--no-update', 'read the baseline but do not record this run')
    .option(...TRUST_ROOTS_FLAG, collect)
    .option('--window <minutes>', 'how long after a host event a certificate\'s notBefore or first sighting still counts', parseWindowMinutes, DEFAULT_CORRELATE_OPTIONS.windowMs / 60000)
    .option('--host-address <name=ip>', 'address of a host whose events carry none (Sysmon, 4688, auditd); repeatable', parseHostAddress)
    .option('--sumo-strict', "read the seed query's regex matches as Sumo's whole-string matches (finds almost nothing)", false)
    .option('--show-suppressed', 'also tie host detections a tuning rule suppressed (marked, never failing the run)', false)
    .option('--observer <name>', 'the sensor the network inputs came from (ECS observer.name)')
    .option('--fail-on <severity>', 'exit 1 when an incident reaches this severity', 'high')
    .option('--min-severity <severity>', 'report incidents at or above this severity', 'low')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((o: {
      net: string[]; host: string[]; format?: string; config?: string; trustRoots?: string[]; baseline: string | boolean; update: boolean; window: number;
      hostAddress?: Map<string, string[]>; observer?: string;
      sumoStrict: boolean; showSuppressed: boolean; failOn: string; minSeverity: string;
    }) => {
      run(runHunt({
        net: o.net,
        host: o.host,
        format: parseFormat(o.format),
        config: o.config,
        trustRoots: o.trustRoots,
        baseline: o.baseline === false ? undefined : baselineChoice(typeof o.baseline === 'string' ? o.baseline : undefined),
        update: o.update,
        failOn: parseSeverity(o.failOn),
        minSeverity: parseSeverity(o.minSeverity),
        sumoStrict: o.sumoStrict,
        showSuppressed: o.showSuppressed,
        windowMs: o.window * 60000,
        hostAddresses: o.hostAddress ?? new Map(),
        observer: o.observer,
      }));
    });
}
