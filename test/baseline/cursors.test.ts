/**
 * The Zeek sweep state kept in the baseline (`cur` keys): cursors by identity, x509 lines carried to later sweeps
 * and pruned once Zeek would have logged their certificate again (relog_known_certificates_after, 1 day; kept 7).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';
import { BaselineCursors } from '../../src/baseline/cursors';
import { ZeekSweep, type CarriedX509, type ZeekCursor } from '../../src/zeek';
import { tsvLog } from '../helpers/zeek-logs';

let dir: string;
let store: BaselineStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certhound-cursors-'));
  store = await BaselineStore.open(join(dir, 'baseline'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const cursor = (identity: string, offset: number): ZeekCursor => ({ identity, offset, line: 3, headLength: 256, headSha256: 'ab'.repeat(32), state: { format: 'json', line: 3 }, path: '/logs/ssl.log' });
const carried = async (c: BaselineCursors): Promise<CarriedX509[]> => {
  const out: CarriedX509[] = [];
  for await (const x of c.carried()) out.push(x);
  return out;
};

test('cursors and carried lines round-trip, deletions included, and stay apart from other keys', async () => {
  const c = new BaselineCursors(store);
  await c.save({ cursors: [cursor('file\x00aa', 10), cursor('ino\x001:2', 5)], dropCursors: [], carry: [{ sha256: 'cd'.repeat(32), time: 5, fields: { fingerprint: 'cd'.repeat(32) } }], dropCarried: [] });
  expect(await c.cursor('file\x00aa')).toEqual(cursor('file\x00aa', 10));
  expect((await carried(c)).map((x) => x.sha256)).toEqual(['cd'.repeat(32)]); // cursors are not listed as carried lines
  await c.save({ cursors: [cursor('file\x00aa', 20)], dropCursors: ['ino\x001:2'], carry: [], dropCarried: ['cd'.repeat(32)] });
  expect((await c.cursor('file\x00aa'))?.offset).toBe(20);
  expect(await c.cursor('ino\x001:2')).toBeUndefined();
  expect(await carried(c)).toEqual([]);
});

test('x509 lines older than a week before the newest are no longer carried', async () => {
  const day = 86400;
  const t0 = 1700000000;
  const row = (fp: string, ts: number): string[] => [`${ts}.000000`, fp, '3', `CN=${fp.slice(0, 4)}`, 'CN=CA'];
  const fields = ['ts', 'fingerprint', 'certificate.version', 'certificate.subject', 'certificate.issuer'];
  const types = ['time', 'string', 'count', 'string', 'string'];
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  const c = 'c'.repeat(64);
  writeFileSync(join(dir, 'x509.log'), tsvLog('x509', fields, types, [row(a, t0), row(b, t0 + 2 * day)]).replace(/#close.*\n/, ''));
  const sweep = async (): Promise<void> => {
    const s = new ZeekSweep(new BaselineCursors(store));
    for await (const _ of s.read([join(dir, 'x509.log')])) void _;
    await s.commit();
  };
  await sweep();
  expect((await carried(new BaselineCursors(store))).map((x) => [x.sha256, x.time])).toEqual([[a, t0], [b, t0 + 2 * day]]);
  writeFileSync(join(dir, 'x509.log'), tsvLog('x509', fields, types, [row(a, t0), row(b, t0 + 2 * day), row(c, t0 + 8 * day)]).replace(/#close.*\n/, ''));
  await sweep();
  expect((await carried(new BaselineCursors(store))).map((x) => x.sha256)).toEqual([b, c]);
});
