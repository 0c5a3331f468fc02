/**
 * Analyst verdicts kept in the baseline: `trust` suppresses a certificate, `trust --ca` makes a CA a private trust
 * anchor for what it issued, `distrust` and imports flag it.
 */
import { key, lastPart } from './keys';
import type { BaselineStore } from './store';
import type { MarkRecord } from './types';

const SHA256 = /^[0-9a-f]{64}$/;
const SHA1 = /^[0-9a-f]{40}$/;

/** A mark id: a SHA-256 as is, a SHA-1 as `sha1:<hex>`; anything else is refused. */
export function markId(fingerprint: string): string | undefined {
  const fp = fingerprint.toLowerCase().replace(/:/g, '');
  if (SHA256.test(fp)) return fp;
  if (SHA1.test(fp)) return `sha1:${fp}`;
  return undefined;
}

export async function setMark(store: BaselineStore, fingerprint: string, mark: MarkRecord): Promise<boolean> {
  const id = markId(fingerprint);
  if (!id) return false;
  await store.write([{ type: 'put', key: key.mark(id), value: mark }]);
  return true;
}

/** Whether a mark was removed. */
export async function removeMark(store: BaselineStore, fingerprint: string): Promise<boolean> {
  const id = markId(fingerprint);
  if (!id || (await store.get<MarkRecord>(key.mark(id))) === undefined) return false;
  await store.write([{ type: 'del', key: key.mark(id) }]);
  return true;
}

/** Every mark with its id (a SHA-256, or `sha1:<hex>`), in id order, at most `limit`. */
export async function* listMarks(store: BaselineStore, limit = Infinity): AsyncGenerator<{ id: string; mark: MarkRecord }> {
  for await (const [k, mark] of store.scan<MarkRecord>('mark', [], limit)) yield { id: lastPart(k), mark };
}

/** The DER of every trusted CA mark: private trust anchors with where they come from. */
export async function caMarkAnchors(store: BaselineStore): Promise<Array<{ der: Buffer; source: string }>> {
  const out: Array<{ der: Buffer; source: string }> = [];
  for await (const { id, mark } of listMarks(store)) {
    if (mark.kind === 'trusted' && mark.caDer) out.push({ der: Buffer.from(mark.caDer, 'base64'), source: `baseline CA mark ${id.slice(0, 16)}… (${mark.reason})` });
  }
  return out;
}
