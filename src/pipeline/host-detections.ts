/**
 * Host event files in, host detections out: each input (file, folder, `-`) is opened like a capture (gzip by
 * magic), decoded as UTF-8 or UTF-16LE (wevtutil writes the latter), and read by the host stage.
 */
import { StringDecoder } from 'node:string_decoder';
import { openInput, walkInputs, InputError } from '../capture';
import { readHostEvents, detectHost, sortNewestFirst, type HostConfig, type HostDetection } from '../host';
import { textEncodingOf } from '../host/text-encoding';
import type { InputProblem } from './extract';
import { peek } from './peek';

export interface HostScanOptions {
  config: HostConfig;
  sumoStrict?: boolean;
}

export interface HostScanResult {
  events: number;
  /** Newest first, as the seed query sorts. */
  detections: HostDetection[];
}

async function* decoded(chunks: AsyncIterable<Buffer>, encoding: 'utf8' | 'utf16le'): AsyncGenerator<string> {
  const decoder = new StringDecoder(encoding);
  for await (const chunk of chunks) yield decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

export async function scanHostEvents(paths: string[], opts: HostScanOptions, onProblem: (p: InputProblem) => void): Promise<HostScanResult> {
  const detections: HostDetection[] = [];
  let events = 0;
  const onAnomaly = (a: { file: string; line: number; message: string }) =>
    onProblem({ file: a.file, line: a.line || undefined, message: a.message, fatal: false });
  try {
    for await (const file of walkInputs(paths)) {
      try {
        const { head, chunks } = await peek(openInput(file, { onWarning: (w) => onProblem({ file, ...w, fatal: false }) }));
        for await (const ev of readHostEvents(file, decoded(chunks, textEncodingOf(head)), onAnomaly)) {
          events++;
          const d = detectHost(ev, opts.config, { sumoStrict: opts.sumoStrict });
          if (d) detections.push(d);
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
  return { events, detections: sortNewestFirst(detections) };
}
