/**
 * Linux auditd logs (raw `type=… msg=audit(<sec>.<ms>:<serial>): …`, optional `node=` prefix, optional ENRICHED
 * tail after 0x1d). Records of one event share their serial and end with `type=EOE`; an execve event is turned
 * into one HostEvent: image from SYSCALL `exe`, command line from EXECVE a0..aN (kernel auditsc.c
 * audit_log_execve_info: an argument with a `"`, a byte < 0x21 or > 0x7e is printed as unquoted upper-case hex;
 * a long one is split as `aN_len=… aN[0]=… aN[1]=…`, possibly over several EXECVE records), PROCTITLE when there
 * is no EXECVE. Events whose EOE never comes are flushed at MAX_PENDING_AUDIT_EVENTS and at the end of input.
 */
import { MAX_AUDIT_RECORDS_PER_EVENT, MAX_PENDING_AUDIT_EVENTS } from './consts';
import type { TextPiece } from './text-pieces';
import type { HostAnomaly, HostEvent } from './types';

const RECORD = /(?:^|\s)(?:node=(\S+)\s+)?type=(\w+)\s+msg=audit\((\d+)\.(\d+):(\d+)\):?\s?(.*)$/;
const FIELD = /([A-Za-z_][\w-]*(?:\[\d+\])?)=("[^"]*"?|\S+)/g;
const AUDIT_UNSET_ID = '4294967295';

interface AuditRecord {
  type: string;
  fields: Map<string, string>;
  enriched: Map<string, string>;
  line: number;
}

interface PendingEvent {
  node?: string;
  time: number;
  serial: string;
  line: number;
  records: AuditRecord[];
  overflowed: boolean;
}

export async function* readAuditdEvents(
  file: string,
  batches: AsyncIterable<TextPiece[]>,
  onAnomaly: (a: HostAnomaly) => void,
): AsyncGenerator<HostEvent> {
  const pending = new Map<string, PendingEvent>();
  let skipLine = 0;
  for await (const batch of batches) for (const piece of batch) {
    if (piece.line === skipLine) continue;
    if (piece.partial) {
      onAnomaly({ file, line: piece.line, message: 'auditd line too long: skipped' });
      skipLine = piece.line;
      continue;
    }
    const [raw, enrichedText] = piece.text.split('\x1d', 2);
    if (raw.trim() === '') continue;
    const m = RECORD.exec(raw);
    if (!m) {
      onAnomaly({ file, line: piece.line, message: 'not an auditd record (no type=… msg=audit(time:serial))' });
      continue;
    }
    const [, node, type, sec, frac, serial, body] = m;
    const key = `${node ?? ''}:${serial}`;
    if (type === 'EOE') {
      const ev = pending.get(key);
      pending.delete(key);
      if (ev) {
        const out = toHostEvent(ev, file, onAnomaly);
        if (out) yield out;
      }
      continue;
    }
    let ev = pending.get(key);
    if (!ev) {
      ev = { node, time: Number(sec) * 1000 + Math.floor(Number(`0.${frac}`) * 1000), serial, line: piece.line, records: [], overflowed: false };
      pending.set(key, ev);
      if (pending.size > MAX_PENDING_AUDIT_EVENTS) {
        const [oldestKey, oldest] = pending.entries().next().value as [string, PendingEvent];
        pending.delete(oldestKey);
        const out = toHostEvent(oldest, file, onAnomaly);
        if (out) yield out;
      }
    }
    if (ev.records.length >= MAX_AUDIT_RECORDS_PER_EVENT) {
      if (!ev.overflowed) onAnomaly({ file, line: piece.line, message: `auditd event ${serial} has more than ${MAX_AUDIT_RECORDS_PER_EVENT} records: rest dropped` });
      ev.overflowed = true;
      continue;
    }
    ev.records.push({ type, fields: fields(body), enriched: fields(enrichedText ?? ''), line: piece.line });
  }
  for (const ev of pending.values()) {
    const out = toHostEvent(ev, file, onAnomaly);
    if (out) yield out;
  }
}

function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(FIELD)) if (!out.has(m[1])) out.set(m[1], m[2]);
  return out;
}

/** A quoted value, or unquoted hex of the raw bytes (`(null)` and plain numbers pass through). */
function decodeValue(v: string): Buffer | undefined {
  if (v.startsWith('"')) return v.length >= 2 && v.endsWith('"') ? Buffer.from(v.slice(1, -1), 'utf8') : undefined;
  if (v.length % 2 === 0 && /^[0-9A-F]+$/.test(v)) return Buffer.from(v, 'hex');
  return Buffer.from(v, 'utf8');
}

/** An EXECVE argument: quoted or even-length upper-case hex, nothing else (undefined: cut short or corrupt). */
function decodeArgument(v: string): Buffer | undefined {
  if (v.startsWith('"') || (v.length % 2 === 0 && /^[0-9A-F]*$/.test(v))) return decodeValue(v);
  return v === '(null)' ? Buffer.from(v) : undefined;
}

function toHostEvent(ev: PendingEvent, file: string, onAnomaly: (a: HostAnomaly) => void): HostEvent | null {
  const syscall = ev.records.find((r) => r.type === 'SYSCALL');
  const execve = ev.records.filter((r) => r.type === 'EXECVE');
  const proctitle = ev.records.find((r) => r.type === 'PROCTITLE');
  if (execve.length === 0 && !(proctitle && syscall?.fields.has('exe'))) return null;
  const out: HostEvent = { time: ev.time, source: { file, line: ev.line, format: 'auditd' }, kind: 'process' };
  if (ev.node) out.host = ev.node;
  let commandLine: string | undefined;
  if (execve.length > 0) {
    out.argv = readArguments(execve, ev.serial, file, onAnomaly);
    commandLine = out.argv.join(' ');
  } else if (proctitle) {
    // PROCTITLE: argv joined by NUL, hex-encoded, truncated by the kernel (128 bytes by default).
    commandLine = decodeValue(proctitle.fields.get('proctitle') ?? '""')?.toString('utf8').replace(/\0/g, ' ').trim();
  }
  if (commandLine !== undefined) out.commandLine = commandLine;
  if (syscall) {
    const exe = decodeValue(syscall.fields.get('exe') ?? '')?.toString('utf8');
    if (exe && exe !== '(null)') out.image = exe;
    const pid = Number(syscall.fields.get('pid'));
    const ppid = Number(syscall.fields.get('ppid'));
    if (Number.isSafeInteger(pid)) out.pid = pid;
    if (Number.isSafeInteger(ppid)) out.parentPid = ppid;
    const user = userOf(syscall);
    if (user !== undefined) out.user = user;
  }
  return out;
}

/** Login user first (auid, who logged in), else uid; the ENRICHED names when present. */
function userOf(r: AuditRecord): string | undefined {
  const auid = r.fields.get('auid');
  if (auid !== undefined && auid !== AUDIT_UNSET_ID && auid !== '-1') {
    return unquote(r.enriched.get('AUID')) ?? auid;
  }
  return unquote(r.enriched.get('UID')) ?? r.fields.get('uid');
}

function unquote(v: string | undefined): string | undefined {
  return v === undefined ? undefined : v.replace(/^"(.*)"$/, '$1');
}

function readArguments(records: AuditRecord[], serial: string, file: string, onAnomaly: (a: HostAnomaly) => void): string[] {
  const all = new Map<string, string>();
  for (const r of records) for (const [k, v] of r.fields) if (!all.has(k)) all.set(k, v);
  const argc = Number(all.get('argc'));
  const line = records[0].line;
  if (!Number.isSafeInteger(argc) || argc < 0) {
    onAnomaly({ file, line, message: `auditd EXECVE of event ${serial} without a valid argc` });
  }
  const count = Number.isSafeInteger(argc) && argc >= 0 ? Math.min(argc, all.size) : 0;
  const args: string[] = [];
  let missing = 0;
  let broken = 0;
  for (let i = 0; i < count; i++) {
    const bytes = argumentBytes(all, i);
    if (bytes === null) missing++;
    else if (bytes === undefined) broken++;
    else args.push(bytes.toString('utf8'));
  }
  if (missing > 0) onAnomaly({ file, line, message: `auditd EXECVE of event ${serial} cut short: ${missing} of argc=${argc} arguments missing` });
  if (broken > 0) onAnomaly({ file, line, message: `auditd EXECVE of event ${serial} cut short: ${broken} argument(s) neither a closed quoted value nor whole hex` });
  return args;
}

/** One argument's bytes; null when absent, undefined when cut inside its quotes. */
function argumentBytes(all: Map<string, string>, i: number): Buffer | null | undefined {
  const whole = all.get(`a${i}`);
  if (whole !== undefined) return decodeArgument(whole);
  const lenText = all.get(`a${i}_len`);
  if (lenText === undefined) return null;
  const parts: Buffer[] = [];
  for (let k = 0; all.has(`a${i}[${k}]`); k++) {
    const part = decodeArgument(all.get(`a${i}[${k}]`)!);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  const joined = Buffer.concat(parts);
  return joined.length < Number(lenText) ? undefined : joined;
}
