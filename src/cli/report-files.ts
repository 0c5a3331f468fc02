/**
 * The file formats of `scan --format`: an HTML report and the IOC exports. Each is a pure function of the findings
 * (src/output/); this module only chooses one and writes where `--output` says (stdout when it says nothing; a folder
 * for Suricata, which needs its rules and dataset side by side).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../detect/types';
import { htmlReport, type ReportInfo } from '../output/html-report';
import { zeekIntel } from '../output/ioc/zeek-intel';
import { suricataRules, DATASET_FILE } from '../output/ioc/suricata-rules';
import { stixBundle } from '../output/ioc/stix';
import { mispEvent } from '../output/ioc/misp';
import { findingsCsv } from '../output/ioc/csv';
import { UsageError } from './options';

export const FILE_FORMATS = ['html', 'zeek-intel', 'suricata', 'stix', 'misp', 'csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export function isFileFormat(value: string): value is FileFormat {
  return (FILE_FORMATS as readonly string[]).includes(value);
}

/** Refuses what cannot be written before the scan starts. */
export function checkOutput(format: FileFormat, output: string | undefined): void {
  if (format === 'suricata' && output === undefined) throw new UsageError('--format suricata writes certhound.rules and its dataset: give --output <folder>');
}

/** Writes the report; returns what to tell the user (the files written), or nothing when it went to stdout. */
export function writeFileReport(format: FileFormat, findings: Finding[], info: ReportInfo, output: string | undefined): string | undefined {
  if (format === 'suricata') {
    const dir = output as string;
    mkdirSync(dir, { recursive: true });
    const { rules, dataset } = suricataRules(findings);
    writeFileSync(join(dir, 'certhound.rules'), rules);
    writeFileSync(join(dir, DATASET_FILE), dataset);
    return `wrote ${findings.length} rules and ${DATASET_FILE} to ${dir}`;
  }
  const text = format === 'html' ? htmlReport(findings, info)
    : format === 'zeek-intel' ? zeekIntel(findings)
    : format === 'stix' ? `${JSON.stringify(stixBundle(findings, { now: info.generated }), null, 2)}\n`
    : format === 'misp' ? `${JSON.stringify(mispEvent(findings, { now: info.generated }), null, 2)}\n`
    : findingsCsv(findings);
  if (output === undefined) {
    process.stdout.write(text);
    return undefined;
  }
  writeFileSync(output, text);
  return `wrote ${findings.length} findings to ${output}`;
}
