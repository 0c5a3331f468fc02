/** Analyst verdicts kept in the baseline: `trust` suppresses a certificate, `distrust` and imports flag it. */
import { key } from './keys';
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

export async function clearMark(store: BaselineStore, fingerprint: string): Promise<boolean> {
  const id = markId(fingerprint);
  if (!id) return false;
  await store.write([{ type: 'del', key: key.mark(id) }]);
  return true;
}
