/** Read-only questions to the baseline: `baseline show` and `baseline stats`. */
import { key, lastPart } from './keys';
import type { BaselineStore } from './store';
import type { CertRecord, MarkRecord, PresenceRecord } from './types';
import { markId } from './marks';
import { certRecord, markRecord, presenceRecord } from './schema';

export interface PlaceEntry {
  sha256: string;
  presence: PresenceRecord;
  cert?: CertRecord;
}

export type ShowResult =
  | { kind: 'certificate'; cert: CertRecord; mark?: MarkRecord; keySharedWith: string[] }
  /** A certificate never seen, but marked (a CA trusted with `--ca`, an imported block list entry). */
  | { kind: 'mark'; id: string; mark: MarkRecord }
  | { kind: 'place'; place: string; entries: PlaceEntry[] }
  | { kind: 'nothing'; query: string };

/** Certificates listed for one place, at most this many. */
const MAX_SHOWN = 1000;

async function entries(store: BaselineStore, kind: 'srv' | 'sni', place: string): Promise<PlaceEntry[]> {
  const out: PlaceEntry[] = [];
  for await (const [k, presence] of store.scan<unknown>(kind, [place], MAX_SHOWN)) {
    if (!presenceRecord.is(presence)) continue;
    const sha256 = lastPart(k);
    out.push({ sha256, presence, cert: await store.getValid(key.cert(sha256), certRecord.is) });
  }
  return out.sort((a, b) => a.presence.firstSeen - b.presence.firstSeen);
}

/** `what` is a SHA-256 or SHA-1 fingerprint, an address (`ip` or `ip:port`, `[v6]:port`), or a server name. */
export async function show(store: BaselineStore, what: string): Promise<ShowResult> {
  const id = markId(what);
  if (id) {
    const sha256 = id.startsWith('sha1:') ? await store.get<string>(key.sha1(id.slice(5))) : id;
    const cert = sha256 ? await store.getValid(key.cert(sha256), certRecord.is) : undefined;
    if (cert) {
      const keySharedWith: string[] = [];
      if (cert.spkiSha256) {
        for await (const [k] of store.scan('spki', [cert.spkiSha256], MAX_SHOWN)) if (lastPart(k) !== cert.sha256) keySharedWith.push(lastPart(k));
      }
      const mark = (await store.getValid(key.mark(cert.sha256), markRecord.is)) ?? (await store.getValid(key.mark(`sha1:${cert.sha1}`), markRecord.is));
      return { kind: 'certificate', cert, mark, keySharedWith };
    }
    const mark = await store.getValid(key.mark(id), markRecord.is);
    return mark ? { kind: 'mark', id, mark } : { kind: 'nothing', query: what };
  }
  const hostPort = /^\[?([0-9a-fA-F:.]+?)\]?(?::(\d+))?$/.exec(what);
  if (hostPort && (hostPort[1].includes('.') || hostPort[1].includes(':')) && /^[0-9a-fA-F:.]+$/.test(hostPort[1]) && /\d/.test(hostPort[1])) {
    const ip = hostPort[1].toLowerCase();
    if (hostPort[2]) return { kind: 'place', place: `${ip}:${hostPort[2]}`, entries: await entries(store, 'srv', `${ip}|${hostPort[2]}`) };
    const all: PlaceEntry[] = [];
    for await (const [k, presence] of store.scan<unknown>('srv', [], Infinity)) {
      if (!presenceRecord.is(presence)) continue;
      const server = k.split('\x00')[1];
      if (server.startsWith(`${ip}|`)) all.push({ sha256: lastPart(k), presence, cert: await store.getValid(key.cert(lastPart(k)), certRecord.is) });
      if (all.length >= MAX_SHOWN) break;
    }
    return { kind: 'place', place: ip, entries: all };
  }
  return { kind: 'place', place: what.toLowerCase(), entries: await entries(store, 'sni', what.toLowerCase()) };
}

export interface BaselineStats {
  certificates: number;
  servers: number;
  serverNames: number;
  keys: number;
  marks: number;
  runs: number;
}

export async function baselineStats(store: BaselineStore): Promise<BaselineStats> {
  const count = async (kind: string) => {
    let n = 0;
    for await (const _ of store.scan(kind, [])) n++;
    return n;
  };
  // Keys sort by place, so counting changes of place counts places without holding them.
  const distinctPlaces = async (kind: string) => {
    let n = 0;
    let previous: string | undefined;
    for await (const [k] of store.scan(kind, [])) {
      const place = k.split('\x00')[1];
      if (place !== previous) n++;
      previous = place;
    }
    return n;
  };
  return {
    certificates: await count('cert'),
    servers: await distinctPlaces('srv'),
    serverNames: await distinctPlaces('sni'),
    keys: await distinctPlaces('spki'),
    marks: await count('mark'),
    runs: await count('run'),
  };
}
