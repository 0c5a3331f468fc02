import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore, BaselineSession, BaselineError, setMark, importSslbl, exportBaseline, importBaseline, show, baselineStats } from '../../src/baseline';
import type { CertSighting } from '../../src/baseline';
import { key } from '../../src/baseline/keys';
import { BATCH_CERTIFICATES, BATCH_PLACES } from '../../src/baseline/session';
import { MAX_LISTED } from '../../src/baseline/types';

const T0 = Date.UTC(2026, 0, 1);

function sighting(sha: string, ip: string, opts: Partial<CertSighting> = {}): CertSighting {
  return {
    sha256: sha.repeat(64).slice(0, 64), sha1: sha.repeat(40).slice(0, 40), spkiSha256: undefined,
    subject: `CN=${sha}`, issuer: 'CN=Test CA', serverIp: ip, serverPort: 443, role: 'server', time: T0, ...opts,
  };
}

async function* linesFrom(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

describe('baseline session', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-baseline-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(sightings: CertSighting[][], update = true): Promise<BaselineSession> {
    const store = await BaselineStore.open(dir);
    const session = new BaselineSession(store, update);
    for (const hs of sightings) await session.observe(hs);
    await session.finish({ started: T0, finished: T0, inputs: ['test'], counters: {} });
    await store.close();
    return session;
  }

  it('says first-seen only for certificates the store never had', async () => {
    const first = await run([[sighting('a', '10.0.0.1')]]);
    expect(first.history('a'.repeat(64))).toMatchObject({ firstSeenEver: true, learned: false });
    const second = await run([[sighting('a', '10.0.0.1', { time: T0 + 1000 })], [sighting('b', '10.0.0.2')]]);
    expect(second.history('a'.repeat(64))?.firstSeenEver).toBe(false);
    expect(second.history('a'.repeat(64))?.firstSeen).toBe(T0);
    expect(second.history('b'.repeat(64))).toMatchObject({ firstSeenEver: true, learned: true });
  });

  it('names the certificate a known server presented before (changed-certificate evidence)', async () => {
    await run([[sighting('a', '10.0.0.1', { serverName: 'mail.example.org' })]]);
    const next = await run([[sighting('c', '10.0.0.1', { serverName: 'Mail.Example.org', time: T0 + 5000 })]]);
    const replaced = next.history('c'.repeat(64))?.replaced ?? [];
    const a = { sha256: 'a'.repeat(64), subject: 'CN=a' };
    expect(replaced).toEqual([
      { place: 'server 10.0.0.1:443', previous: [a] },
      { place: 'sni mail.example.org', previous: [a] },
    ]);
    // A server seen for the first time replaces nothing.
    const fresh = await run([[sighting('d', '10.9.9.9')]]);
    expect(fresh.history('d'.repeat(64))?.replaced).toEqual([]);
  });

  it('lists MAX_LISTED replaced places and counts them all', async () => {
    const servers = Array.from({ length: MAX_LISTED + 8 }, (_, i) => `10.1.0.${i}`);
    await run(servers.map((ip) => [sighting('a', ip)]));
    const next = await run(servers.map((ip) => [sighting('c', ip, { time: T0 + 5000 })]));
    const history = next.history('c'.repeat(64));
    expect(history?.replaced).toHaveLength(MAX_LISTED);
    expect(history?.replaced[0]).toEqual({ place: 'server 10.1.0.0:443', previous: [{ sha256: 'a'.repeat(64), subject: 'CN=a' }] });
    expect(history?.replacedTotal).toBe(MAX_LISTED + 8);
  });

  it('runs replaced look-ups together without losing or reordering any, past a full queue and a written batch', async () => {
    const ip = (i: number): string => `10.2.${i >> 8}.${i & 255}`;
    const servers = Array.from({ length: 600 }, (_, i) => ip(i));
    await run(servers.map((s) => [sighting('a', s)]));
    const store = await BaselineStore.open(dir);
    const session = new BaselineSession(store, true);
    await session.observeAll(servers.slice(0, 300).map((s) => [sighting('c', s, { time: T0 + 5000 })]));
    await session.flush();
    await session.observeAll(servers.slice(300).map((s) => [sighting('c', s, { time: T0 + 6000 })]));
    const history = session.history('c'.repeat(64));
    expect(history?.replacedTotal).toBe(600);
    expect(history?.replaced.map((r) => r.place)).toEqual(servers.slice(0, MAX_LISTED).map((s) => `server ${s}:443`));
    // Each listed place names the one certificate it presented before, never c itself.
    expect(history?.replaced.every((r) => r.previous.length === 1 && r.previous[0].sha256 === 'a'.repeat(64))).toBe(true);
    await session.finish({ started: T0, finished: T0, inputs: [], counters: {} });
    await store.close();
  }, 30_000);

  it('looks for a replaced certificate only for server leaves, and only once the baseline has learned a run', async () => {
    // Empty baseline: a server switching certificates within its first run names nothing.
    const first = await run([[sighting('a', '10.0.0.1')], [sighting('b', '10.0.0.1')]]);
    expect(first.history('b'.repeat(64))?.replaced).toEqual([]);
    // Learned: a new leaf replaces a and b; its new intermediate (second in the chain) replaces nothing.
    const next = await run([[sighting('c', '10.0.0.1'), sighting('d', '10.0.0.1')]]);
    expect(next.history('c'.repeat(64))?.replaced.map((r) => r.previous.map((p) => p.sha256[0]))).toEqual([['a', 'b']]);
    expect(next.history('d'.repeat(64))?.replaced).toEqual([]);
    // A client's certificate replaces nothing either.
    const client = await run([[sighting('e', '10.0.0.1', { role: 'client' })]]);
    expect(client.history('e'.repeat(64))?.replaced).toEqual([]);
  });

  it('counts distinct servers across runs (reused-across-runs evidence)', async () => {
    await run([[sighting('a', '10.0.0.1')], [sighting('a', '10.0.0.2')]]);
    await run([[sighting('a', '10.0.0.2')], [sighting('a', '10.0.0.3')]]);
    const third = await run([[sighting('a', '10.0.0.4')], [sighting('a', '10.0.0.4')]]);
    expect(third.history('a'.repeat(64))).toMatchObject({ serverTotal: 4, servers: ['10.0.0.1|443', '10.0.0.2|443', '10.0.0.3|443', '10.0.0.4|443'] });
    const store = await BaselineStore.open(dir);
    const rec = await store.get<{ sightings: number; servers: string[] }>(key.cert('a'.repeat(64)));
    expect(rec?.sightings).toBe(6);
    expect(rec?.servers).toEqual(['10.0.0.1|443', '10.0.0.2|443', '10.0.0.3|443', '10.0.0.4|443']);
    await store.close();
  });

  it('counts repeats of a place in every record, across a batch written between them', async () => {
    const store = await BaselineStore.open(dir);
    const session = new BaselineSession(store, true);
    const at = (minutes: number, ip: string, serverName = 'a.example') => sighting('a', ip, { serverName, spkiSha256: 'f'.repeat(64), time: T0 + minutes * 60_000 });
    for (const s of [at(5, '10.0.0.1'), at(6, '10.0.0.1'), at(7, '10.0.0.2'), at(8, '10.0.0.1'), at(1, '10.0.0.1'), at(9, '10.0.0.1', 'b.example')]) await session.observe([s]);
    await session.flush();
    for (const s of [at(10, '10.0.0.1', 'b.example'), at(11, '10.0.0.1')]) await session.observe([s]);
    await session.finish({ started: T0, finished: T0, inputs: [], counters: {} });
    const sha = 'a'.repeat(64);
    const presence = async (k: string) => store.get<{ count: number; firstSeen: number; lastSeen: number }>(k);
    expect(await presence(key.server('10.0.0.1|443', sha))).toEqual({ count: 7, firstSeen: T0 + 60_000, lastSeen: T0 + 11 * 60_000 });
    expect(await presence(key.server('10.0.0.2|443', sha))).toMatchObject({ count: 1 });
    expect(await presence(key.serverName('a.example', sha))).toMatchObject({ count: 6 });
    expect(await presence(key.serverName('b.example', sha))).toMatchObject({ count: 2, lastSeen: T0 + 10 * 60_000 });
    expect(await presence(key.spki('f'.repeat(64), sha))).toMatchObject({ count: 8 });
    expect(await store.get(key.cert(sha))).toMatchObject({ sightings: 8, firstSeen: T0 + 60_000, lastSeen: T0 + 11 * 60_000, serverTotal: 2, serverNameTotal: 2 });
    await store.close();
  });

  it('writes a batch once BATCH_PLACES presence records are dirty, even for one certificate', async () => {
    const store = await BaselineStore.open(dir);
    const session = new BaselineSession(store, true);
    // Each sighting makes two presence records (server and SNI).
    for (let i = 0; i < BATCH_PLACES / 2; i++) {
      await session.observe([sighting('a', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, { serverName: `h${i}.example` })]);
    }
    const written = await store.get<{ serverTotal: number }>(key.cert('a'.repeat(64)));
    expect(written?.serverTotal).toBe(BATCH_PLACES / 2);
    await session.finish({ started: T0, finished: T0, inputs: [], counters: {} });
    await store.close();
  }, 30_000);

  it('--no-update reads history but writes nothing', async () => {
    await run([[sighting('a', '10.0.0.1')]], false);
    const again = await run([[sighting('a', '10.0.0.1')]]);
    expect(again.history('a'.repeat(64))?.firstSeenEver).toBe(true);
  });

  it('--no-update holds at most BATCH_PLACES places in memory, counts each place once, and leaves no scratch behind', async () => {
    const store = await BaselineStore.open(dir);
    // The baseline knows one place of the certificate (written without a run record: a learned baseline would
    // also look up each new place's earlier certificates, which is not what this test is about).
    const earlier = new BaselineSession(store, true);
    await earlier.observe([sighting('a', '10.0.0.1')]);
    await earlier.flush();
    const session = new BaselineSession(store, false);
    const before = new Set(readdirSync(tmpdir()));
    const ip = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    // Each sighting makes two presence records (server and SNI): the batch limit is passed halfway.
    const places = BATCH_PLACES * 0.6;
    let mostHeld = 0;
    for (let i = 0; i < places; i++) {
      await session.observe([sighting('a', ip(i + 2), { serverName: `h${i}.example` })]);
      mostHeld = Math.max(mostHeld, session.placesHeld);
    }
    // Places from before the batch was set aside, and the one the baseline knew, are not new again.
    for (let i = 0; i < 100; i++) await session.observe([sighting('a', ip(i + 2), { serverName: `h${i}.example` })]);
    await session.observe([sighting('a', '10.0.0.1')]);
    expect(mostHeld).toBeLessThanOrEqual(BATCH_PLACES);
    expect(session.history('a'.repeat(64))?.serverTotal).toBe(places + 1);
    const scratch = readdirSync(tmpdir()).filter((n) => n.startsWith('certhound-scratch-') && !before.has(n));
    expect(scratch).toHaveLength(1);
    await session.finish({ started: T0, finished: T0, inputs: [], counters: {} });
    expect(readdirSync(tmpdir()).filter((n) => scratch.includes(n))).toEqual([]);
    // The baseline itself is as the first run left it.
    expect(await store.get(key.cert('a'.repeat(64)))).toMatchObject({ serverTotal: 1, sightings: 1 });
    await store.close();
  }, 60_000);

  it('--no-update says in one line when it cannot make its scratch store', async () => {
    const store = await BaselineStore.open(dir);
    const session = new BaselineSession(store, false);
    // the module object itself (an `import *` namespace cannot be spied on)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tmp = jest.spyOn(require('node:os') as typeof import('node:os'), 'tmpdir').mockReturnValue(join(dir, 'no-such-folder'));
    try {
      const many = Array.from({ length: BATCH_CERTIFICATES }, (_, i) => [sighting(i.toString(16).padStart(8, '0'), '10.0.0.1')]);
      await expect(session.observeAll(many)).rejects.toThrow(new BaselineError(dir, `a read-only run holding more than a batch needs a scratch store in ${join(dir, 'no-such-folder')}: cannot create one (ENOENT)`));
    } finally {
      tmp.mockRestore();
      await store.close();
    }
  });

  it('carries trust marks and SSLBL known-bad SHA-1s into history', async () => {
    const store = await BaselineStore.open(dir);
    await setMark(store, 'a'.repeat(64), { kind: 'trusted', reason: 'corporate proxy', source: 'analyst', time: T0 });
    const csv = ['# abuse.ch SSLBL', '# Listingdate,SHA1,Listingreason', `2017-01-13 09:57:38,${'b'.repeat(40)},Gozi MITM`];
    const problems: unknown[] = [];
    expect(await importSslbl(store, linesFrom([...csv, 'garbage line']), 'sslbl', (p) => problems.push(p))).toBe(1);
    expect(problems).toEqual([{ line: 4, message: 'no SHA-1 in the second column' }]);
    await store.close();
    const s = await run([[sighting('a', '10.0.0.1')], [sighting('b', '10.0.0.2')]]);
    expect(s.history('a'.repeat(64))?.mark).toMatchObject({ kind: 'trusted', reason: 'corporate proxy' });
    expect(s.history('b'.repeat(64))?.mark).toMatchObject({ kind: 'known-bad', reason: 'Gozi MITM', time: Date.UTC(2017, 0, 13, 9, 57, 38) });
  });

  it('exports and re-imports (merging two sensors) with totals recounted', async () => {
    await run([[sighting('a', '10.0.0.1')], [sighting('a', '10.0.0.2')]]);
    const store = await BaselineStore.open(dir);
    const lines: string[] = [];
    for await (const rec of exportBaseline(store)) lines.push(JSON.stringify(rec));
    await store.close();
    const other = mkdtempSync(join(tmpdir(), 'certhound-baseline-b-'));
    try {
      const second = await BaselineStore.open(other);
      const s = new BaselineSession(second, true);
      await s.observe([sighting('a', '10.0.0.3')]);
      await s.finish({ started: T0, finished: T0, inputs: [], counters: {} });
      const problems: unknown[] = [];
      await importBaseline(second, linesFrom([...lines, '{"type":"nonsense"}']), (p) => problems.push(p));
      expect(problems).toEqual([{ line: lines.length + 1, message: 'not a certhound baseline record' }]);
      const shown = await show(second, 'a'.repeat(64));
      expect(shown.kind).toBe('certificate');
      if (shown.kind === 'certificate') {
        expect(shown.cert.serverTotal).toBe(3);
        expect(shown.cert.sightings).toBe(3);
      }
      const byAddress = await show(second, '10.0.0.2:443');
      expect(byAddress.kind === 'place' && byAddress.entries.map((e) => e.sha256)).toEqual(['a'.repeat(64)]);
      expect(await baselineStats(second)).toMatchObject({ certificates: 1, servers: 3 });
      await second.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses a second writer and a foreign schema with one-line messages', async () => {
    const store = await BaselineStore.open(dir);
    await expect(BaselineStore.open(dir)).rejects.toThrow(new BaselineError(dir, `baseline ${dir} is in use by another process`));
    await store.write([{ type: 'put', key: key.schema(), value: 99 }]);
    await store.close();
    await expect(BaselineStore.open(dir)).rejects.toThrow(/has a newer schema \(99; this certhound reads 1\)/);
  });
});
