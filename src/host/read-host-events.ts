/**
 * Host events from one input, format sniffed from its first non-blank line (never from the file name):
 * `<` or a line holding `<Event` → Windows event XML; `{` or `[` → JSON; `type=… msg=audit(` → auditd.
 * Malformed input is reported through `onAnomaly` with file and line; nothing here throws on input.
 */
import { MAX_TIME_SEC } from '../capture/types';
import { readAuditdEvents } from './auditd';
import { readJsonEvents } from './json-events';
import { readXmlEvents } from './sysmon-xml';
import { textPieces, type TextPiece } from './text-pieces';
import type { HostAnomaly, HostEvent } from './types';

export type HostInputKind = 'xml' | 'json' | 'auditd';

const AUDIT_RECORD = /(?:^|\s)type=\w+\s+msg=audit\(/;

/** Which reader a first line calls for, or undefined. */
export function sniffHostInput(firstLine: string): HostInputKind | undefined {
  const t = firstLine.replace(/^\ufeff/, '').trimStart();
  if (t.startsWith('<')) return 'xml';
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  if (AUDIT_RECORD.test(t)) return 'auditd';
  if (/<Event[\s>]/.test(t)) return 'xml';
  return undefined;
}

export async function* readHostEvents(
  name: string,
  text: AsyncIterable<string> | string,
  onAnomaly: (a: HostAnomaly) => void,
): AsyncGenerator<HostEvent> {
  const batches = textPieces(text)[Symbol.asyncIterator]();
  let first: TextPiece | undefined;
  let firstBatch: TextPiece[] = [];
  while (first === undefined) {
    const r = await batches.next();
    if (r.done) return;
    const at = r.value.findIndex((p) => p.text.trim() !== '');
    if (at >= 0) {
      first = r.value[at];
      firstBatch = r.value.slice(at);
    }
  }
  if (first.text.startsWith('ElfFile\u0000')) {
    onAnomaly({ file: name, line: first.line, message: 'binary EVTX file: export it to XML first (wevtutil qe <file> /lf:true /f:xml)', unknownFormat: true });
    return;
  }
  if (first.text.includes('\u0000')) {
    onAnomaly({ file: name, line: first.line, message: 'NUL characters: UTF-16 text read as UTF-8? (decode with textEncodingOf)', unknownFormat: true });
    return;
  }
  const kind = sniffHostInput(first.text);
  if (kind === undefined) {
    onAnomaly({ file: name, line: first.line, message: 'unrecognised host event format (not XML, JSON or auditd)', unknownFormat: true });
    return;
  }
  const all = prepend(firstBatch, batches);
  const reader = kind === 'xml' ? readXmlEvents : kind === 'json' ? readJsonEvents : readAuditdEvents;
  for await (const ev of reader(name, all, onAnomaly)) {
    // A time no date can hold (ms past ±8.64e15) is no time either.
    if (!(Math.abs(ev.time) <= MAX_TIME_SEC * 1000)) {
      onAnomaly({ file: name, line: ev.source.line ?? 0, message: 'event without a readable time: time set to 0' });
      ev.time = 0;
    }
    yield ev;
  }
}

async function* prepend(first: TextPiece[], rest: AsyncIterator<TextPiece[]>): AsyncGenerator<TextPiece[]> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}
