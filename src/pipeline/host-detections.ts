/**
 * Host event files in, host detections out: each input (file, folder, `-`) is opened like a capture (gzip by
 * magic), decoded as UTF-8 or UTF-16LE (wevtutil writes the latter), and read by the host stage.
 */
import { StringDecoder } from 'node:string_decoder';
import { openInput, walkInputs, InputError } from '../capture';
import { readHostEvents, detectHost, type HostConfig, type HostDetection } from '../host';
import { textEncodingOf } from '../host/text-encoding';
import type { HostAnomaly } from '../host/types';
import type { InputProblem } from './extract';
import { peek } from './peek';

export interface HostScanOptions {
  config: HostConfig;
  sumoStrict?: boolean;
}

export interface HostScanResult {
  events: number;
  detections: number;
}

async function* decoded(chunks: AsyncIterable<Buffer>, encoding: 'utf8' | 'utf16le'): AsyncGenerator<string> {
  const decoder = new StringDecoder(encoding);
  for await (const chunk of chunks) yield decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Reads every input and hands each detection to `onDetection` as it is made (in input order), awaiting what it
 * returns (a sink's drain): nothing is held, however many events match. A file named on the command line in no format the host stage reads is a fatal
 * problem (exit 2, as for scan); one met while walking a folder is only reported.
 */
export async function scanHostEvents(paths: string[], opts: HostScanOptions, onProblem: (p: InputProblem) => void, onDetection: (d: HostDetection) => void | Promise<void>): Promise<HostScanResult> {
  let events = 0;
  let detections = 0;
  const named = new Set(paths);
  const onAnomaly = (a: HostAnomaly) =>
    onProblem({ file: a.file, line: a.line || undefined, message: a.message, fatal: (a.unknownFormat ?? false) && named.has(a.file) });
  try {
    for await (const file of walkInputs(paths)) {
      try {
        const { head, chunks } = await peek(openInput(file, { onWarning: (w) => onProblem({ file, ...w, fatal: false }) }));
        for await (const ev of readHostEvents(file, decoded(chunks, textEncodingOf(head)), onAnomaly)) {
          events++;
          const d = detectHost(ev, opts.config, { sumoStrict: opts.sumoStrict });
          if (d) {
            detections++;
            const drained = onDetection(d);
            if (drained) await drained;
          }
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        onProblem({ file, message: err.message, fatal: true });
      }
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    onProblem({ file: err.file, message: err.message, fatal: true });
  }
  return { events, detections };
}
