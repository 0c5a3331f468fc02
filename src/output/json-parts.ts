/**
 * JSON text pasted from parts serialised once. A line builder (`connectionNdjson`, `findingNdjson`) cuts its document
 * where a part that many lines repeat goes (a certificate's `x509`, its chain entry), keeps that part's text, and
 * writes the line as the same bytes `JSON.stringify` gives the whole document: members in the same order, those left
 * undefined not written.
 */
export type Doc = Record<string, unknown>;

/** A part of many documents, built once and serialised when first written. */
export interface Part {
  readonly doc: Doc;
  json?: string;
}

export function partJson(part: Part): string {
  return (part.json ??= JSON.stringify(part.doc));
}

/** The part `key` stands for, built on first use: kept by an object the run already holds, so bounded by it. */
export function partOf<K extends object>(parts: WeakMap<K, Part>, key: K, build: (key: K) => Doc): Part {
  let part = parts.get(key);
  if (!part) parts.set(key, (part = { doc: build(key) }));
  return part;
}

/** `"key":value,…` text of an object's members: empty when none is written. */
export function membersJson(doc: Doc): string {
  return JSON.stringify(doc).slice(1, -1);
}

/** `object`'s JSON text with `members` (each `"key":value,…` text, maybe empty) added at its end. */
export function withMembers(object: string, ...members: string[]): string {
  let added = '';
  for (const m of members) if (m !== '') added = added === '' ? m : `${added},${m}`;
  if (added === '') return object;
  return object === '{}' ? `{${added}}` : `${object.slice(0, -1)},${added}}`;
}

/** One `"key":value` member from a value's JSON text. */
export function memberJson(key: string, json: string): string {
  return `${JSON.stringify(key)}:${json}`;
}
