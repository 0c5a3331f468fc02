/**
 * The log sweep state kept in the baseline (`cur` keys): cursors by inode and by head, x509 lines carried to later sweeps
 * and pruned once Zeek would have logged their certificate again (relog_known_certificates_after, 1 day; kept 7).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';
import { BaselineCursors } from '../../src/baseline/cursors';
import { ZeekSweep, type CarriedX509, type ZeekCursor } from '../../src/zeek';
import { tsvLog } from '../helpers/zeek-logs';
import { eachTempStore } from '../helpers/temp-store';

let dir: string;
let store: BaselineStore;
eachTempStore('certhound-cursors-', (d, s) => {
  dir = d;
  store = s;
});

const cursor = (inode: string, offset: number, key?: string): ZeekCursor => ({
  inode, offset, line: 3, headLength: 256, headSha256: 'ab'.repeat(32), tailSha256: 'cd'.repeat(32), compressed: false,
  state: { format: 'json', line: 3 }, path: '/logs/ssl.log', ...(key ? { key } : {}),
});
const carried = async (c: BaselineCursors): Promise<CarriedX509[]> => {
  const out: CarriedX509[] = [];
  for await (const x of c.carried()) out.push(x);
  return out;
};

test('cursors round-trip by inode and by head, a changed head leaves its old index, carried lines stay apart', async () => {
  const c = new BaselineCursors(store);
  const k1 = '11'.repeat(32);
  const k2 = '22'.repeat(32);
  await c.save({ cursors: [cursor('1:2', 10, k1), cursor('1:3', 5, k1), cursor('1:4', 7)], replaced: [], carry: [{ sha256: 'cd'.repeat(32), time: 5, fields: { fingerprint: 'cd'.repeat(32) } }], dropCarried: [] });
  expect(await c.byInode('1:2')).toEqual(cursor('1:2', 10, k1));
  expect((await c.byHead(k1)).map((x) => x.inode).sort()).toEqual(['1:2', '1:3']);
  expect(await c.byHead(k2)).toEqual([]);
  expect((await carried(c)).map((x) => x.sha256)).toEqual(['cd'.repeat(32)]); // cursors are not listed as carried lines
  // inode 1:3 now holds another file (head k2): it leaves k1's index
  await c.save({ cursors: [cursor('1:3', 50, k2)], replaced: [cursor('1:3', 5, k1)], carry: [], dropCarried: ['cd'.repeat(32)] });
  expect((await c.byHead(k1)).map((x) => x.inode)).toEqual(['1:2']);
  expect((await c.byHead(k2)).map((x) => x.offset)).toEqual([50]);
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
