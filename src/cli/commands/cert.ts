/** `certhound cert <file>`: one certificate's facts and signals. */
import type { Command } from 'commander';
import { EXIT_CODES_HELP } from '../help-text';
import { evaluateCertificateFile, MAX_CHAIN_CERTIFICATES } from '../../pipeline/certificate-file';
import { InputError } from '../../capture';
import { certificateDocument } from '../../output/ecs-finding';
import { renderCertificate } from '../../output/certificate-text';
import { colourWanted, painter } from '../../output/colour';
import { terminalWidth } from '../terminal';
import { SEVERITY_RANK, type Severity } from '../../detect/types';
import { say } from '../stderr';
import { EXIT_ERROR, EXIT_FOUND, EXIT_OK } from '../exit-codes';
import { collect, parseFormat, parseSeverity, TRUST_ROOTS_FLAG, UsageError, type OutputFormat } from '../options';
import { loadConfigOrSay, trustAnchorsOrSay } from '../command-setup';

function parseTime(value: string): Date {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new UsageError(`--at: not a date: '${value}' (ISO 8601, e.g. 2024-05-01T00:00:00Z)`);
  return t;
}

export async function runCert(file: string, format: OutputFormat, at: Date, configPath: string | undefined, failOn: Severity, trustRoots: string[] = []): Promise<number> {
  try {
    const config = loadConfigOrSay(configPath);
    if (!config) return EXIT_ERROR;
    const anchors = trustAnchorsOrSay(config, trustRoots);
    if (!anchors) return EXIT_ERROR;
    const { chain, finding, dropped } = evaluateCertificateFile(file, config.detect, at, anchors);
    if (dropped > 0) say(`warning: ${file}: the first ${MAX_CHAIN_CERTIFICATES} certificates are judged as a chain; ${dropped} more are not`);
    if (format === 'ndjson') process.stdout.write(`${JSON.stringify(certificateDocument(chain, finding))}\n`);
    else process.stdout.write(renderCertificate(chain, finding, at, terminalWidth(), painter(colourWanted(process.stdout.isTTY))));
    return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn] ? EXIT_FOUND : EXIT_OK;
  } catch (err) {
    if (err instanceof InputError) say(`${err.file}: ${err.message}`);
    else throw err;
    return EXIT_ERROR;
  }
}

export function registerCert(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('cert')
    .description("one certificate's facts and signals (PEM, DER, or a PEM bundle read as a chain, leaf first)")
    .argument('<file>')
    .option('-f, --format <format>', 'table or ndjson (default: table on a terminal, else ndjson)')
    .option('--at <time>', 'judge validity at this time (default: now)')
    .option('--config <file>', 'detector weights, thresholds and allowlists (JSON or YAML)')
    .option(...TRUST_ROOTS_FLAG, collect)
    .option('--fail-on <severity>', 'exit 1 when the finding reaches this severity', 'high')
    .addHelpText('after', EXIT_CODES_HELP)
    .action((file: string, o: { format?: string; at?: string; config?: string; trustRoots?: string[]; failOn: string }) => {
      run(runCert(file, parseFormat(o.format), o.at ? parseTime(o.at) : new Date(), o.config, parseSeverity(o.failOn), o.trustRoots));
    });
}
