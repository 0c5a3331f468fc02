/** A fresh folder with a baseline store in it for each test, closed and removed after it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStore } from '../../src/baseline';

/** Calls `use` before each test with the folder and its store (`<dir>/baseline`). */
export function eachTempStore(prefix: string, use: (dir: string, store: BaselineStore) => void): void {
  let dir: string;
  let store: BaselineStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    store = await BaselineStore.open(join(dir, 'baseline'));
    use(dir, store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}
