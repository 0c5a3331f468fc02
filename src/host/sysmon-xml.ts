/**
 * Windows event XML: one or many `<Event>` elements (wevtutil / Get-WinEvent `ToXml()`, EVTX exports, an
 * `<Events>` wrapper or none, Sysmon for Linux lines with a syslog prefix). Each `<Event>…</Event>` is cut
 * out of the text as it streams, checked for well-formedness and parsed alone, so one broken event costs only
 * itself. DTDs are refused (no entity expansion); the five predefined entities and character references
 * (XML 1.0 §4.1, §4.6) are decoded here, which is several times faster than the parser's own entity pass.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_EVENT_CHARS, MAX_EVENT_DEPTH } from './consts';
import type { TextPiece } from './text-pieces';
import type { HostAnomaly, HostEvent } from './types';
import { mapWindowsEvent } from './windows-event';

const EVENT_START = /<Event[\s>]/;
const EVENT_END = '</Event>';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  isArray: (name) => name === 'Data',
  maxNestedTags: MAX_EVENT_DEPTH,
});

export async function* readXmlEvents(
  file: string,
  batches: AsyncIterable<TextPiece[]>,
  onAnomaly: (a: HostAnomaly) => void,
): AsyncGenerator<HostEvent> {
  let pending: string | null = null;
  let startLine = 0;
  let skipping = false;
  let carry = '';
  for await (const batch of batches) for (const piece of batch) {
    let s = carry + piece.text + (piece.partial ? '' : '\n');
    carry = '';
    while (s !== '') {
      if (skipping) {
        const end = s.indexOf(EVENT_END);
        if (end < 0) {
          carry = s.slice(-EVENT_END.length);
          break;
        }
        skipping = false;
        s = s.slice(end + EVENT_END.length);
      } else if (pending === null) {
        const m = EVENT_START.exec(s);
        if (!m) {
          carry = s.slice(-EVENT_END.length);
          break;
        }
        pending = '';
        startLine = piece.line;
        s = s.slice(m.index);
      } else {
        const searchFrom = Math.max(0, pending.length - EVENT_END.length);
        pending += s;
        s = '';
        const end = pending.indexOf(EVENT_END, searchFrom);
        const next = EVENT_START.exec(pending.slice(Math.max(1, searchFrom)));
        const nextAt = next ? next.index + Math.max(1, searchFrom) : -1;
        if (nextAt > 0 && (end < 0 || nextAt < end)) {
          onAnomaly({ file, line: startLine, message: 'XML event has no </Event> before the next <Event>' });
          s = pending.slice(nextAt);
          pending = null;
          continue;
        }
        if (end >= 0) {
          if (end + EVENT_END.length > MAX_EVENT_CHARS) {
            onAnomaly({ file, line: startLine, message: `XML event longer than ${MAX_EVENT_CHARS} characters: skipped` });
          } else {
            const ev = parseEvent(pending.slice(0, end + EVENT_END.length), file, startLine, onAnomaly);
            if (ev) yield ev;
          }
          s = pending.slice(end + EVENT_END.length);
          pending = null;
        } else if (pending.length > MAX_EVENT_CHARS) {
          onAnomaly({ file, line: startLine, message: `XML event longer than ${MAX_EVENT_CHARS} characters: skipped` });
          pending = null;
          skipping = true;
          carry = '';
        }
      }
    }
  }
  if (pending !== null) onAnomaly({ file, line: startLine, message: 'XML event cut short: input ended before </Event>' });
}

function parseEvent(xml: string, file: string, line: number, onAnomaly: (a: HostAnomaly) => void): HostEvent | null {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
    onAnomaly({ file, line, message: 'XML event with a DTD or entity declaration: refused' });
    return null;
  }
  if (nestsDeeperThan(xml, MAX_EVENT_DEPTH)) {
    onAnomaly({ file, line, message: `XML event nested deeper than ${MAX_EVENT_DEPTH} elements: skipped` });
    return null;
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    onAnomaly({ file, line: line + Math.max(0, valid.err.line - 1), message: `broken XML: ${valid.err.msg}` });
    return null;
  }
  const root = asRecord(asRecord(parser.parse(xml)).Event);
  const system = asRecord(root.System);
  const eventId = Number(textOf(system.EventID));
  if (!Number.isInteger(eventId)) {
    onAnomaly({ file, line, message: 'XML event without a numeric <EventID>' });
    return null;
  }
  const data: Record<string, string> = {};
  const items = asRecord(root.EventData).Data;
  if (Array.isArray(items)) {
    for (const item of items) {
      const name = asRecord(item)['@Name'];
      if (typeof name === 'string') data[name] = textOf(item) ?? '';
    }
  }
  const mapped = mapWindowsEvent(
    {
      eventId,
      provider: stringAttr(system.Provider, '@Name'),
      channel: textOf(system.Channel),
      computer: textOf(system.Computer),
      systemTime: stringAttr(system.TimeCreated, '@SystemTime'),
      data,
    },
    file,
    line,
    'sysmon-xml',
  );
  if (typeof mapped === 'string') {
    onAnomaly({ file, line, message: mapped });
    return null;
  }
  return mapped;
}

/** Whether elements nest deeper than `limit` (one pass over the tags; comments and CDATA are not looked into). */
function nestsDeeperThan(xml: string, limit: number): boolean {
  let depth = 0;
  for (let at = xml.indexOf('<'); at !== -1; at = xml.indexOf('<', at + 1)) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x2f /* / */) depth--;
    else if (next !== 0x3f /* ? */ && next !== 0x21 /* ! */ && xml.charCodeAt(xml.indexOf('>', at) - 1) !== 0x2f && ++depth > limit) return true;
  }
  return false;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;

/** Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#NNN;` and `&#xHHH;`; other references stay as written. */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED[name];
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff && code > 0 ? String.fromCodePoint(code) : whole;
  });
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Text of an element: a plain string, or `#text` when it has attributes. */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : decodeXmlText(v);
  const t = asRecord(v)['#text'];
  return typeof t === 'string' ? decodeXmlText(t) : undefined;
}

function stringAttr(v: unknown, name: string): string | undefined {
  const a = asRecord(v)[name];
  return typeof a === 'string' && a !== '' ? decodeXmlText(a) : undefined;
}
