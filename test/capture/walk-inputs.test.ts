import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/capture/errors';
import { walkInputs } from '../../src/capture/walk-inputs';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'certhound-walk-'));
  for (const dir of ['caps', 'caps/b-sub', 'caps/a-sub', 'caps/.hidden-dir']) mkdirSync(join(root, dir));
  for (const f of ['caps/z.pcap', 'caps/a.pcap', 'caps/b-sub/x.pcapng', 'caps/a-sub/y.gz', 'caps/.hidden.pcap', 'caps/.hidden-dir/h.pcap', 'lone.pcap']) {
    writeFileSync(join(root, f), 'x');
  }
  symlinkSync(join(root, 'lone.pcap'), join(root, 'caps/link-to-file'));
  symlinkSync(join(root, 'caps'), join(root, 'caps/link-to-dir')); // a loop if followed
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function all(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const p of walkInputs(paths)) out.push(p.slice(root.length + 1));
  return out;
}

describe('walkInputs', () => {
  it('walks a folder recursively in sorted order, skipping hidden entries and links to folders', async () => {
    expect(await all([join(root, 'caps')])).toEqual([
      'caps/a-sub/y.gz', 'caps/a.pcap', 'caps/b-sub/x.pcapng', 'caps/link-to-file', 'caps/z.pcap',
    ]);
  });

  it('yields named files (even hidden ones) and "-" as given, in the order given', async () => {
    const out: string[] = [];
    for await (const p of walkInputs([join(root, 'lone.pcap'), '-', join(root, 'caps/.hidden.pcap')])) out.push(p);
    expect(out).toEqual([join(root, 'lone.pcap'), '-', join(root, 'caps/.hidden.pcap')]);
  });

  it('throws InputError naming a missing path, after yielding the paths before it', async () => {
    const seen: string[] = [];
    const missing = join(root, 'missing.pcap');
    const err = await (async () => {
      for await (const p of walkInputs([join(root, 'lone.pcap'), missing])) seen.push(p);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([join(root, 'lone.pcap')]);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ file: missing, message: 'no such file' });
  });
});
