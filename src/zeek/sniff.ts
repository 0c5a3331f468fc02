/** Tells a Zeek log from its first bytes (never from its name): TSV by its `#separator` header, JSON by its keys. */
import type { ZeekFields, ZeekLogFormat } from './types';

export interface ZeekSniff {
  format: ZeekLogFormat;
  /** `ssl`, `x509`, another Zeek path, or undefined when the head does not say. */
  path?: 'ssl' | 'x509' | string;
}

/** ssl.log always carries `established` and `resumed` (`&default=F`); chain columns name it too. */
const SSL_KEYS = ['established', 'resumed', 'cert_chain_fps', 'cert_chain_fuids', 'ssl_history'];

function hasAny(keys: readonly string[], has: (k: string) => boolean): boolean {
  for (const k of keys) if (has(k)) return true;
  return false;
}

/** The log path a set of column names or JSON keys belongs to (ssl, x509), if it is one of those. */
export function pathOfKeys(has: (k: string) => boolean): 'ssl' | 'x509' | undefined {
  if (has('certificate.serial') || has('certificate.subject') || (has('fingerprint') && has('certificate.version'))) return 'x509';
  if (has('id.orig_h') && hasAny(SSL_KEYS, has)) return 'ssl';
  if (has('fingerprint') && !has('id.orig_h')) return 'x509';
  return undefined;
}

/** Path of one JSON record: its `_path` when a shipper kept it, else by its keys. */
export function pathOfRecord(fields: ZeekFields): string | undefined {
  const p = fields._path;
  if (typeof p === 'string' && p !== '') return p;
  return pathOfKeys((k) => Object.prototype.hasOwnProperty.call(fields, k));
}

function sniffTsv(head: string): ZeekSniff {
  const lines = head.split('\n', 64);
  let path: string | undefined;
  let fields: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith('#path')) path = line.slice(5).trim();
    else if (line.startsWith('#fields')) fields = line.slice(7).trim().split(/\s+/);
  }
  if (!path && fields) {
    const set = new Set(fields);
    path = pathOfKeys((k) => set.has(k));
  }
  return path ? { format: 'tsv', path } : { format: 'tsv' };
}

/** The first JSON object of the head, even if the head cuts it: keys are read with a pattern then. */
function sniffJson(firstLine: string): ZeekSniff | null {
  let keys: Set<string>;
  let pathValue: string | undefined;
  try {
    const obj = JSON.parse(firstLine) as Record<string, unknown>;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
    keys = new Set(Object.keys(obj));
    for (const [k, v] of Object.entries(obj)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const sub of Object.keys(v)) keys.add(`${k}.${sub}`);
    }
    if (typeof obj._path === 'string') pathValue = obj._path;
  } catch {
    keys = new Set();
    for (const m of firstLine.matchAll(/"([A-Za-z0-9_.]+)"\s*:/g)) keys.add(m[1]);
    pathValue = /"_path"\s*:\s*"([^"]+)"/.exec(firstLine)?.[1];
  }
  // Zeek records carry `ts` and a uid, a fingerprint or the connection id; ECS and other NDJSON do not.
  const zeekish = keys.has('ts') && (keys.has('uid') || keys.has('fingerprint') || keys.has('id.orig_h') || keys.has('id'));
  if (!zeekish) return null;
  const path = pathValue ?? pathOfKeys((k) => keys.has(k));
  return path ? { format: 'json', path } : { format: 'json' };
}

/** Zeek log format and path from the head of a file (first KiB or so); null when it is no Zeek log. */
export function sniffZeekLog(head: string): ZeekSniff | null {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (text.startsWith('#')) {
    const at = text.search(/^#separator[ \t]/m); // btest baselines start with a `###` comment line
    return at === -1 ? null : sniffTsv(text.slice(at));
  }
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') return null;
  const nl = text.indexOf('\n', start);
  return sniffJson(text.slice(start, nl === -1 ? text.length : nl).trimEnd());
}
