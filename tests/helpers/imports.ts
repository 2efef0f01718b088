/** What a module loads when it runs, read from the sources (for tests that keep a start light). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './cli';

/**
 * The repository's own modules a module loads when it runs (import and export-from statements, followed from file
 * to file), leaving out imports of types only, which the bundle drops.
 */
export function valueImportsFrom(start: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*'(\.{1,2}\/[^']+)'/gms)) {
      const [, typeOnly, names = '', spec = ''] = m;
      const items = names
        .replace(/^\{|\}$/g, '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      if (typeOnly || (names.startsWith('{') && items.every((n) => n.startsWith('type ')))) continue;
      const base = join(dirname(file), spec);
      const target = ['.ts', '.json', '/index.ts', '']
        .map((ext) => base + ext)
        .find((f) => existsSync(join(REPO_ROOT, f)) && !f.endsWith('/'));
      if (target?.endsWith('.ts')) visit(target);
    }
  };
  visit(start);
  return [...seen];
}
