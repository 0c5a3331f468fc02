/**
 * What `npm pack` ships: the LICENSE package.json names, every document the README links, and runtime dependencies
 * that are exactly the packages src/ loads (a test-only package never ships to every user).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Packages src/ imports or requires (bare specifiers, scope kept). */
function importedPackages(): Set<string> {
  const out = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'".][^'"]*)['"]/g)) {
      const spec = m[1].startsWith('node:') ? m[1] : m[1].split('/').slice(0, m[1].startsWith('@') ? 2 : 1).join('/');
      if (!spec.startsWith('node:') && !builtinModules.includes(spec)) out.add(spec);
    }
  }
  return out;
}

describe('the npm package', () => {
  const files: string[] = (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root }).toString())[0].files as Array<{ path: string }>).map((f) => f.path);

  it('ships a BSD-3-Clause LICENSE, as package.json says', () => {
    expect(pkg.license).toBe('BSD-3-Clause');
    expect(files).toContain('LICENSE');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/BSD 3-Clause License[\s\S]*Neither the name of the copyright holder/);
  });

  it('ships every local document the README links', () => {
    const links = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThanOrEqual(5);
    expect(links.filter((l) => !files.includes(l))).toEqual([]);
  });

  it('depends at run time on exactly what src/ loads', () => {
    const imported = importedPackages();
    expect([...imported].filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect(Object.keys(pkg.dependencies).filter((p) => !imported.has(p))).toEqual([]);
  });
});
