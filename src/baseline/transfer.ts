/**
 * Moving baselines between sensors: our NDJSON export/import (streamed, one record per line) and abuse.ch SSLBL's
 * CSV of malicious certificate SHA-1s (`Listingdate,SHA1,Listingreason`, `#` comments).
 */
import { key } from './keys';
import type { BaselineStore, BatchOp } from './store';
import { certRecord, isMarkId, isSha256, markRecord, presenceRecord } from './schema';
import type { CertRecord, MarkRecord, PresenceRecord } from './types';

export type ExportLine =
  | { type: 'cert'; record: CertRecord }
  | { type: 'presence'; kind: 'srv' | 'sni' | 'spki'; place: string; sha256: string; record: PresenceRecord }
  | { type: 'mark'; id: string; record: MarkRecord };

const KINDS = ['cert', 'srv', 'sni', 'spki', 'mark'] as const;

export async function* exportBaseline(store: BaselineStore): AsyncGenerator<ExportLine> {
  for (const kind of KINDS) {
    for await (const [k, v] of store.scan<unknown>(kind, [])) {
      const parts = k.split('\x00');
      if (kind === 'cert') yield { type: 'cert', record: v as CertRecord };
      else if (kind === 'mark') yield { type: 'mark', id: parts[1], record: v as MarkRecord };
      else yield { type: 'presence', kind, place: parts[1], sha256: parts[2], record: v as PresenceRecord };
    }
  }
}

export interface ImportProblem {
  line: number;
  message: string;
}

function mergeCert(a: CertRecord, b: CertRecord): CertRecord {
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
  return {
    ...a,
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
    sightings: a.sightings + b.sightings,
    servers: union(a.servers, b.servers).slice(0, 32),
    serverNames: union(a.serverNames, b.serverNames).slice(0, 32),
    roles: union(a.roles, b.roles) as CertRecord['roles'],
    serverTotal: a.serverTotal, // recounted from the presence keys below
    serverNameTotal: a.serverNameTotal,
  };
}

function mergePresence(a: PresenceRecord, b: PresenceRecord): PresenceRecord {
  return { firstSeen: Math.min(a.firstSeen, b.firstSeen), lastSeen: Math.max(a.lastSeen, b.lastSeen), count: a.count + b.count };
}

/** What keeps a parsed line from being an export record the store can hold, or undefined. */
export function exportLineProblem(line: unknown): string | undefined {
  const rec = line as Partial<Record<string, unknown>> | null;
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return 'not a certhound baseline record';
  switch (rec.type) {
    case 'cert':
      return certRecord.problem(rec.record);
    case 'presence':
      if (rec.kind !== 'srv' && rec.kind !== 'sni' && rec.kind !== 'spki') return 'presence of no known kind (srv, sni, spki)';
      if (typeof rec.place !== 'string' || rec.place === '' || rec.place.includes('\x00') || (rec.kind === 'spki' && !isSha256(rec.place))) return `presence with a bad ${rec.kind} place`;
      if (!isSha256(rec.sha256)) return 'presence without a certificate SHA-256';
      return presenceRecord.problem(rec.record);
    case 'mark':
      if (!isMarkId(rec.id)) return 'mark without a SHA-256 or sha1: id';
      return markRecord.problem(rec.record);
    default:
      return 'not a certhound baseline record';
  }
}

/**
 * Merges an export into the store: sightings add up, first/last widen, distinct server totals are recounted. Each
 * line is checked against the store's schema before anything is written; one that fails is reported by number
 * and skipped. The import is one run: if it cannot finish, the store is rolled back to how it was before it.
 */
export async function importBaseline(store: BaselineStore, lines: AsyncIterable<string>, onProblem: (p: ImportProblem) => void): Promise<number> {
  let lineNo = 0;
  let imported = 0;
  const touched = new Set<string>();
  store.beginRun();
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    let rec: ExportLine;
    try {
      rec = JSON.parse(text) as ExportLine;
    } catch {
      onProblem({ line: lineNo, message: 'not JSON' });
      continue;
    }
    const problem = exportLineProblem(rec);
    if (problem !== undefined) {
      onProblem({ line: lineNo, message: problem });
      continue;
    }
    const ops: BatchOp[] = [];
    if (rec.type === 'cert') {
      const existing = await store.getValid(key.cert(rec.record.sha256), certRecord.is);
      ops.push({ type: 'put', key: key.cert(rec.record.sha256), value: existing ? mergeCert(existing, rec.record) : rec.record });
      ops.push({ type: 'put', key: key.sha1(rec.record.sha1), value: rec.record.sha256 });
      touched.add(rec.record.sha256);
    } else if (rec.type === 'presence') {
      const k = rec.kind === 'srv' ? key.server(rec.place, rec.sha256) : rec.kind === 'sni' ? key.serverName(rec.place, rec.sha256) : key.spki(rec.place, rec.sha256);
      const existing = await store.getValid(k, presenceRecord.is);
      ops.push({ type: 'put', key: k, value: existing ? mergePresence(existing, rec.record) : rec.record });
    } else {
      ops.push({ type: 'put', key: key.mark(rec.id), value: rec.record });
    }
    await store.write(ops);
    imported++;
  }
  await recountTotals(store, touched);
  await store.commitRun([]);
  return imported;
}

/** serverTotal/serverNameTotal are the number of presence keys: recount them for merged certificates. */
async function recountTotals(store: BaselineStore, shas: Set<string>): Promise<void> {
  if (shas.size === 0) return;
  const servers = new Map<string, number>();
  const names = new Map<string, number>();
  for (const [kind, counts] of [['srv', servers], ['sni', names]] as const) {
    for await (const [k] of store.scan(kind, [])) {
      const sha = k.slice(k.lastIndexOf('\x00') + 1);
      if (shas.has(sha)) counts.set(sha, (counts.get(sha) ?? 0) + 1);
    }
  }
  for (const sha of shas) {
    const rec = await store.getValid(key.cert(sha), certRecord.is);
    if (!rec) continue;
    rec.serverTotal = servers.get(sha) ?? 0;
    rec.serverNameTotal = names.get(sha) ?? 0;
    await store.write([{ type: 'put', key: key.cert(sha), value: rec }]);
  }
}

/** abuse.ch SSLBL `sslblacklist.csv`: returns how many SHA-1s were marked known-bad. */
export async function importSslbl(store: BaselineStore, lines: AsyncIterable<string>, source: string, onProblem: (p: ImportProblem) => void): Promise<number> {
  let lineNo = 0;
  let marked = 0;
  for await (const text of lines) {
    lineNo++;
    const line = text.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [listed, sha1, ...reason] = line.split(',');
    const fp = (sha1 ?? '').trim().toLowerCase();
    if (!/^[0-9a-f]{40}$/.test(fp)) {
      onProblem({ line: lineNo, message: 'no SHA-1 in the second column' });
      continue;
    }
    const time = Date.parse(`${(listed ?? '').trim().replace(' ', 'T')}Z`);
    const mark: MarkRecord = { kind: 'known-bad', reason: reason.join(',').trim() || 'listed by SSLBL', source, time: Number.isNaN(time) ? 0 : time };
    await store.write([{ type: 'put', key: key.mark(`sha1:${fp}`), value: mark }]);
    marked++;
  }
  return marked;
}

