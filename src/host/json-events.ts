/**
 * JSON events: one object per line (NDJSON), a JSON array, or pretty-printed objects one after another.
 * Record shapes, told apart by their fields:
 * - EVTX rendered as JSON (`{"Event": {"System": …, "EventData": {…}}}`, evtx_dump / SigmaHQ regression data);
 * - Winlogbeat (`winlog.event_id`, `winlog.event_data`, ECS `process.*`, `host.*`, `user.*`);
 * - Sumo Logic CSE normalised records (`baseImage`, `commandLine`, `device_hostname`, `_messagetime`, …);
 * - flat EventData (NXLog/OTRF: `EventID`, `Image`, `CommandLine`, `TargetObject`, `Hostname`, `UtcTime`);
 * - ECS process events without `winlog` (Auditbeat, Elastic Agent: `process.executable`, `process.args`).
 */
import { MAX_EVENT_CHARS } from './consts';
import { ecsHostIp, mapCseRecord, mapEcsRecord } from './json-records';
import type { TextPiece } from './text-pieces';
import type { HostAnomaly, HostEvent } from './types';
import { mapWindowsEvent, type MappedEvent, type WindowsEventParts } from './windows-event';

export async function* readJsonEvents(
  file: string,
  batches: AsyncIterable<TextPiece[]>,
  onAnomaly: (a: HostAnomaly) => void,
): AsyncGenerator<HostEvent> {
  const scanner = new JsonValueScanner();
  let mode: 'lines' | 'document' | undefined;
  let skipLine = 0;
  // One line per value (NDJSON) when the first or, if that one is broken, the second non-blank line parses
  // alone; otherwise pretty-printed values, cut by the scanner. Held lines are replayed once the mode is known.
  const held: TextPiece[] = [];
  for await (const batch of batches) for (const piece of batch) {
    if (mode === undefined) {
      if (piece.text.trim() === '') continue;
      held.push(piece);
      if (!piece.partial && parsesAlone(piece.text)) mode = 'lines';
      else if (held.length >= 2 || piece.partial || /^[[{]$/.test(piece.text.trim())) mode = 'document';
      else continue;
    }
    for (const p of held.length > 0 ? held.splice(0) : [piece]) {
      if (mode === 'document') {
        for (const value of scanner.feed(p, file, onAnomaly)) yield* mapValue(value.text, file, value.line, onAnomaly);
        continue;
      }
      if (p.line === skipLine) continue;
      if (p.partial) {
        onAnomaly({ file, line: p.line, message: 'JSON line too long: skipped' });
        skipLine = p.line;
        continue;
      }
      if (p.text.trim() !== '') yield* mapValue(p.text, file, p.line, onAnomaly);
    }
  }
  // A single line that parses as nothing: report it as the line it is.
  for (const p of held) yield* mapValue(p.text, file, p.line, onAnomaly);
  if (mode === 'document') scanner.finish(file, onAnomaly);
}

function parsesAlone(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function* mapValue(text: string, file: string, line: number, onAnomaly: (a: HostAnomaly) => void): Generator<HostEvent> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    onAnomaly({ file, line, message: `not JSON: ${(e as Error).message}` });
    return;
  }
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      onAnomaly({ file, line, message: 'JSON value is not an object' });
      continue;
    }
    const mapped = mapRecord(item as Record<string, unknown>, file, line);
    if (typeof mapped === 'string') onAnomaly({ file, line, message: mapped });
    else if (mapped !== null) yield mapped;
  }
}

/** Picks the record shape from its fields (see the file comment). */
export function mapRecord(r: Record<string, unknown>, file: string, line: number): MappedEvent {
  const evtx = record(r.Event);
  if (evtx && (evtx.System !== undefined || evtx.EventData !== undefined)) return mapEvtxJson(evtx, file, line);
  const winlog = record(r.winlog);
  if (winlog) return mapWinlogbeat(r, winlog, file, line);
  if ('baseImage' in r || 'commandLine' in r || 'changeTarget' in r) return mapCseRecord(r, file, line);
  if (r.EventID !== undefined) return mapFlat(r, file, line);
  if (record(r.process) || record(r.registry)) return mapEcsRecord(r, file, line);
  return null;
}

function mapEvtxJson(evtx: Record<string, unknown>, file: string, line: number): MappedEvent {
  const system = record(evtx.System) ?? {};
  const eventId = Number(scalar(system.EventID) ?? scalar(record(system.EventID)?.['#text']));
  if (!Number.isInteger(eventId)) return 'EVTX JSON event without a numeric EventID';
  return mapWindowsEvent(
    {
      eventId,
      provider: scalar(attributes(system.Provider)?.Name),
      channel: scalar(system.Channel),
      computer: scalar(system.Computer),
      systemTime: scalar(attributes(system.TimeCreated)?.SystemTime),
      data: eventData(evtx.EventData),
    },
    file,
    line,
    'evtx-json',
  );
}

function mapWinlogbeat(r: Record<string, unknown>, winlog: Record<string, unknown>, file: string, line: number): MappedEvent {
  const eventId = Number(scalar(winlog.event_id));
  if (!Number.isInteger(eventId)) return 'Winlogbeat event without a numeric winlog.event_id';
  const data: Record<string, string | undefined> = eventData(winlog.event_data);
  // The Sysmon module moves TargetObject to ECS registry.path and Image to process.executable.
  data.TargetObject ??= scalar(record(r.registry)?.path);
  data.Image ??= scalar(record(r.process)?.executable);
  const parts: WindowsEventParts = {
    eventId,
    provider: scalar(winlog.provider_name),
    channel: scalar(winlog.channel),
    computer: scalar(winlog.computer_name) ?? scalar(record(r.host)?.name),
    systemTime: scalar(r['@timestamp']),
    data,
  };
  const mapped = mapWindowsEvent(parts, file, line, 'winlogbeat-json');
  if (mapped === null || typeof mapped === 'string') return mapped;
  const ip = ecsHostIp(r);
  if (ip !== undefined) mapped.hostIp = ip;
  // ECS fields filled by the Sysmon/Security modules stand in where event_data was dropped.
  const ecs = mapEcsRecord(r, file, line);
  if (ecs !== null && typeof ecs !== 'string') {
    mapped.image ??= ecs.image;
    mapped.commandLine ??= ecs.commandLine;
    mapped.parentImage ??= ecs.parentImage;
    mapped.parentCommandLine ??= ecs.parentCommandLine;
    mapped.user ??= ecs.user;
    for (const k of ['image', 'commandLine', 'parentImage', 'parentCommandLine', 'user'] as const) {
      if (mapped[k] === undefined) delete mapped[k];
    }
  }
  return mapped;
}

function mapFlat(r: Record<string, unknown>, file: string, line: number): MappedEvent {
  const eventId = Number(scalar(r.EventID));
  if (!Number.isInteger(eventId)) return 'flat event with a non-numeric EventID';
  const data = eventData(r);
  return mapWindowsEvent(
    {
      eventId,
      provider: scalar(r.SourceName) ?? scalar(r.ProviderName) ?? scalar(r.Provider),
      channel: scalar(r.Channel),
      computer: scalar(r.Hostname) ?? scalar(r.Computer) ?? scalar(r.computer_name),
      systemTime: scalar(r.TimeCreated) ?? scalar(r['@timestamp']) ?? scalar(r.EventTime),
      data,
    },
    file,
    line,
    'flat-eventdata-json',
  );
}

/** EventData as a name→value map, from `{Name: value}` or `{Data: [{"@Name"|"#attributes".Name|Name, "#text"|value}]}`. */
function eventData(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const obj = record(v);
  if (!obj) return out;
  const items = Array.isArray(obj.Data) ? obj.Data : undefined;
  if (items) {
    for (const item of items) {
      const it = record(item);
      const name = scalar(it?.['@Name']) ?? scalar(attributes(item)?.Name) ?? scalar(it?.Name);
      const value = scalar(it?.['#text']) ?? scalar(it?.value);
      if (name !== undefined) out[name] = value ?? '';
    }
    return out;
  }
  for (const [k, val] of Object.entries(obj)) {
    const s = scalar(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function attributes(v: unknown): Record<string, unknown> | undefined {
  return record(record(v)?.['#attributes']);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A string or number as a string; anything else undefined. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Cuts a stream of pretty-printed JSON into top-level values (and the elements of a top-level array),
 * tracking strings and nesting, each value capped at MAX_EVENT_CHARS.
 */
class JsonValueScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inArray = false;
  private collecting = false;
  private overflow = false;
  private buf = '';
  private startLine = 0;

  *feed(piece: TextPiece, file: string, onAnomaly: (a: HostAnomaly) => void): Generator<{ text: string; line: number }> {
    const s = piece.partial ? piece.text : `${piece.text}\n`;
    let segment = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (!this.collecting) {
        if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') continue;
        if (!this.inArray && c === '[') {
          this.inArray = true;
          continue;
        }
        if (this.inArray && (c === ',' || c === ']')) {
          if (c === ']') this.inArray = false;
          continue;
        }
        this.collecting = true;
        this.overflow = false;
        this.buf = '';
        this.startLine = piece.line;
        this.depth = 0;
        segment = i;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      let end = -1;
      if (c === '"') {
        this.inString = true;
      } else if (c === '{' || c === '[') {
        this.depth++;
      } else if (c === '}' || c === ']') {
        if (this.depth === 0) {
          // Closes the enclosing array: the value was a bare scalar.
          end = i;
          if (c === ']') this.inArray = false;
        } else if (--this.depth === 0) {
          end = i + 1;
        }
      } else if (this.depth === 0 && (c === ',' || c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
        end = i;
      }
      if (end < 0) continue;
      this.collecting = false;
      if (this.overflow) continue;
      const text = this.buf + s.slice(segment, end);
      this.buf = '';
      yield { text, line: this.startLine };
    }
    if (this.collecting && !this.overflow) {
      this.buf += s.slice(segment);
      if (this.buf.length > MAX_EVENT_CHARS) {
        onAnomaly({ file, line: this.startLine, message: `JSON value longer than ${MAX_EVENT_CHARS} characters: skipped` });
        this.overflow = true;
        this.buf = '';
      }
    }
  }

  finish(file: string, onAnomaly: (a: HostAnomaly) => void): void {
    if (this.collecting && !this.overflow) onAnomaly({ file, line: this.startLine, message: 'JSON value cut short: input ended inside it' });
  }
}
