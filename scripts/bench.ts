/**
 * `npm run bench`: every benchmark section in scripts/bench/*.ts, one after the other, printing figures.
 * Each section exports `name` and `run(): Promise<void>` and prints its own lines. Targets are printed beside
 * the figures; a missed target is reported, not thrown (benchmarks measure, tests assert).
 * `npm run bench -- validate` runs only the sections whose file name contains "validate".
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchSection {
  name: string;
  run: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(join(here, 'bench'))
  .filter((f) => f.endsWith('.ts') && f.includes(filter))
  .sort();

console.log(`质量年报工作台 benchmark — node ${process.version}, ${process.platform}/${process.arch}`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, 'bench', f)).href)) as BenchSection;
  console.log(`\n== ${mod.name} (${f}) ==`);
  const t0 = performance.now();
  await mod.run();
  console.log(`(section took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
