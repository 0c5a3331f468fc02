/**
 * Issue #16: a run that cannot commit rolls back to the previous run's state (journal.ts); records that are not
 * the store's schema are refused at import and read as absent by a run; LevelDB failures name the store.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineError, BaselineSession, BaselineStore, exportBaseline, importBaseline } from '../../src/baseline';
import type { CertSighting } from '../../src/baseline';
import { key } from '../../src/baseline/keys';
import { BATCH_CERTIFICATES } from '../../src/baseline/session';

const T0 = Date.UTC(2026, 0, 1);

function sighting(n: number, time = T0): CertSighting {
  const hex = n.toString(16).padStart(64, '0');
  return { sha256: hex, sha1: hex.slice(24), subject: `CN=c${n}`, issuer: 'CN=CA', serverIp: `10.0.${(n >> 8) & 255}.${n & 255}`, serverPort: 443, serverName: `h${n}.example`, role: 'server', time };
}

async function* linesOf(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

/** Everything an export gives, as lines: the store's whole content. */
async function contents(store: BaselineStore): Promise<string[]> {
  const out: string[] = [];
  for await (const line of exportBaseline(store)) out.push(JSON.stringify(line));
  return out;
}

describe('run journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certhound-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function finishedRun(from: number, to: number, time = T0): Promise<void> {
    const store = await BaselineStore.open(dir);
    const session = new BaselineSession(store, true);
    for (let n = from; n < to; n++) await session.observe([sighting(n, time)]);
    await session.finish({ started: time, finished: time, inputs: ['a'], counters: {} });
    await store.close();
  }

  /** A finished run, then a second one going on: a batch of it on disk, its run record not yet. */
  async function runGoingOn(): Promise<{ store: BaselineStore; session: BaselineSession; before: string[] }> {
    await finishedRun(0, 10);
    const store = await BaselineStore.open(dir);
    const before = await contents(store);
    const session = new BaselineSession(store, true);
    for (let n = 5; n < 5 + BATCH_CERTIFICATES + 10; n++) await session.observe([sighting(n, T0 + 1000)]);
    return { store, session, before };
  }

  it('a run whose later batch cannot be written is rolled back whole, to the state the run before it left', async () => {
    await finishedRun(0, 10);
    let store = await BaselineStore.open(dir);
    const before = await contents(store);
    const session = new BaselineSession(store, true);
    // The store's own batch write fails from the third on (the first is the second run's first batch with its journal).
    const writeBatch = (store as unknown as { writeBatch: (ops: unknown[]) => Promise<void> }).writeBatch.bind(store);
    let calls = 0;
    (store as unknown as { writeBatch: unknown }).writeBatch = async (ops: unknown[]) => {
      if (++calls === 2) throw new BaselineError(dir, `baseline ${dir}: cannot write (IO error: No space left on device)`);
      return writeBatch(ops);
    };
    let failure: unknown;
    try {
      for (let n = 5; n < 5 + 2 * BATCH_CERTIFICATES + 10; n++) await session.observe([sighting(n, T0 + 1000)]);
      await session.finish({ started: T0 + 1000, finished: T0 + 1000, inputs: ['b'], counters: {} });
    } catch (err) {
      failure = err;
    }
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(failure).toBeInstanceOf(BaselineError);
    expect((failure as Error).message).toBe(`baseline ${dir}: cannot write (IO error: No space left on device); the run was rolled back to the state before it`);
    expect(await contents(store)).toEqual(before);
    await store.close();
    store = await BaselineStore.open(dir);
    expect(store.rolledBack).toBe(false);
    expect(await contents(store)).toEqual(before);
    await store.close();
  });

  it('a run cut short (its process killed) is rolled back when the store is next opened; a finished one stays', async () => {
    const going = await runGoingOn();
    let store = going.store;
    const before = going.before;
    // The process "dies" here.
    expect((await contents(store)).length).toBeGreaterThan(before.length);
    await store.close();
    store = await BaselineStore.open(dir);
    expect(store.rolledBack).toBe(true);
    expect(await contents(store)).toEqual(before);
    expect(await store.keysUnder('undo', [], 10)).toEqual([]);
    await store.close();
    await finishedRun(20, 30);
    store = await BaselineStore.open(dir);
    expect(store.rolledBack).toBe(false);
    expect((await contents(store)).length).toBeGreaterThan(before.length);
    await store.close();
  });

  it('the first run into a new baseline keeps no undo entries; cut short, it leaves the baseline new; finished, it stays', async () => {
    let store = await BaselineStore.open(dir);
    const empty = await contents(store);
    let session = new BaselineSession(store, true);
    for (let n = 0; n < BATCH_CERTIFICATES + 10; n++) await session.observe([sighting(n)]);
    expect(await store.get(key.cert(sighting(0).sha256))).toMatchObject({ sightings: 1 }); // a batch is on disk
    expect(await store.keysUnder('undo', [], 10)).toEqual([]);
    // The process "dies" here.
    await store.close();
    store = await BaselineStore.open(dir);
    expect(store.rolledBack).toBe(true);
    expect(await contents(store)).toEqual(empty);
    expect(await store.holdsOnlySchema()).toBe(true);
    session = new BaselineSession(store, true);
    for (let n = 0; n < BATCH_CERTIFICATES + 10; n++) await session.observe([sighting(n)]);
    await session.finish({ started: T0, finished: T0, inputs: ['a'], counters: {} });
    await store.close();
    store = await BaselineStore.open(dir);
    expect(store.rolledBack).toBe(false);
    expect(await store.get(key.cert(sighting(BATCH_CERTIFICATES + 9).sha256))).toMatchObject({ sightings: 1 });
    expect(await store.get(key.openRun())).toBeUndefined();
    await store.close();
  });

  it("a second run into that baseline is journalled: cut short, the first run's records stay as they were", async () => {
    await finishedRun(0, 10);
    const going = await runGoingOn();
    expect((await going.store.keysUnder('undo', [], 10)).length).toBeGreaterThan(0);
    await going.store.close();
    const store = await BaselineStore.open(dir);
    expect(store.rolledBack).toBe(true);
    expect(await contents(store)).toEqual(going.before);
    await store.close();
  });

  it("a reader's copy of a store a run still holds shows the run's batches so far; neither the copy nor the store is rolled back", async () => {
    const { store, session, before } = await runGoingOn(); // a sweep's run
    const during = await contents(store);
    expect(during.length).toBeGreaterThan(before.length);
    const copy = await BaselineStore.openForReading(dir);
    expect(copy.dir).not.toBe(dir);
    expect(copy.rolledBack).toBe(false);
    expect(await contents(copy)).toEqual(during);
    await copy.close();
    await session.finish({ started: T0 + 1000, finished: T0 + 1000, inputs: ['b'], counters: {} });
    await store.close();
    const reopened = await BaselineStore.open(dir);
    expect(reopened.rolledBack).toBe(false);
    expect((await contents(reopened)).length).toBeGreaterThanOrEqual(during.length);
    await reopened.close();
  });

  it('a record that is not the schema reads as absent, is counted, and is written whole by the run', async () => {
    await finishedRun(0, 3);
    let store = await BaselineStore.open(dir);
    const sha = sighting(1).sha256;
    await store.write([{ type: 'put', key: key.cert(sha), value: { sha256: sha, subject: 'CN=c1' } }]);
    const session = new BaselineSession(store, true);
    await session.observe([sighting(1, T0 + 5000)]);
    await session.finish({ started: T0 + 5000, finished: T0 + 5000, inputs: ['c'], counters: {} });
    expect(store.damagedRecords).toBe(1);
    expect(session.history(sha)?.firstSeenEver).toBe(true);
    await store.close();
    store = await BaselineStore.open(dir);
    expect(await store.get(key.cert(sha))).toMatchObject({ sha256: sha, sha1: sighting(1).sha1, sightings: 1, firstSeen: T0 + 5000 });
    await store.close();
  });

  it('baseline import checks each line against the schema before writing: bad ones are named by line and skipped', async () => {
    const store = await BaselineStore.open(dir);
    const sha = 'ab'.repeat(32);
    const good = { type: 'cert', record: { sha256: sha, sha1: sha.slice(0, 40), subject: 'CN=a', issuer: 'CN=b', firstSeen: 1, lastSeen: 2, sightings: 1, servers: [], serverTotal: 0, serverNames: [], serverNameTotal: 0, roles: ['server'] } };
    const problems: Array<{ line: number; message: string }> = [];
    const n = await importBaseline(store, linesOf([
      JSON.stringify(good),
      JSON.stringify({ type: 'cert', record: { sha256: 'cd'.repeat(32), subject: 'CN=x' } }),
      JSON.stringify({ ...good, record: { ...good.record, sightings: -1 } }),
      JSON.stringify({ type: 'presence', kind: 'srv', place: '10.0.0.1|443', sha256: 'zz', record: { firstSeen: 1, lastSeen: 1, count: 1 } }),
      JSON.stringify({ type: 'mark', id: sha, record: { kind: 'friendly', reason: 'r', source: 's', time: 1 } }),
      JSON.stringify({ type: 'presence', kind: 'srv', place: '10.0.0.1|443', sha256: sha, record: { firstSeen: 1, lastSeen: 1e300, count: 1 } }),
    ]), (p) => problems.push(p));
    expect(n).toBe(1);
    expect(problems).toEqual([
      { line: 2, message: 'certificate record lacks sha1' },
      { line: 3, message: 'certificate record has a bad sightings' },
      { line: 4, message: 'presence without a certificate SHA-256' },
      { line: 5, message: 'mark has a bad kind' },
      { line: 6, message: 'presence record has a bad lastSeen' },
    ]);
    expect(await store.get(key.cert('cd'.repeat(32)))).toBeUndefined();
    await store.close();
  });

  it('a store LevelDB finds corrupt fails in one line naming the store', async () => {
    await finishedRun(0, 2000);
    // Opened once more, LevelDB moves its log into a table file; then the middle of every table file is garbled.
    await (await BaselineStore.open(dir)).close();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ldb'))) {
      const path = join(dir, f);
      const bytes = readFileSync(path);
      bytes.fill(0x55, 100, bytes.length - 100);
      writeFileSync(path, bytes);
    }
    let failure: unknown;
    try {
      const store = await BaselineStore.open(dir);
      try {
        for await (const _ of store.scan('cert', [])) void _;
      } finally {
        await store.close();
      }
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(BaselineError);
    expect((failure as Error).message).toMatch(new RegExp(`^baseline ${dir}: (cannot read|cannot open) \\(.*Corruption`));
  });
});
