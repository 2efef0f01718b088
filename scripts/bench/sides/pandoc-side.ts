/**
 * The pandoc side of the report bench, one process: resize the same stored photos to the same print pixels and
 * quality as our report (two at a time), draw the same charts at the same size, then pandoc markdown → .docx.
 * `node out/bench/pandoc-side.mjs JOBS.json OUT.docx [LO-TOC.py [PROFILE]]`: with the script (lo-toc.py), pandoc writes a TOC
 * field and LibreOffice fills it with page numbers and saves the .docx again — the deliverable ours makes (a 目录
 * that shows page numbers on plain open), made the way a pandoc user would.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { renderChartPng } from '../../../core/charts/render-node';
import { readJobs, resizePhotos } from './jobs';

const [jobsPath, out, loToc, loProfile] = process.argv.slice(2) as [string, string, string?, string?];
const jobs = readJobs(jobsPath);
await resizePhotos(jobs.photos, (job, data) => writeFileSync(job.out, data));
for (const c of jobs.charts) writeFileSync(c.out, await renderChartPng(c.spec, { ...c.size, showTitle: false }));
const mid = loToc ? `${out}.toc.docx` : out;
const r = spawnSync('pandoc', [jobs.markdown, ...(loToc ? ['--toc'] : []), '-o', mid], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exitCode = 1;
} else if (loToc) {
  const lo = spawnSync(
    process.env.QAR_BENCH_PYTHON ?? '/usr/bin/python3',
    [loToc, mid, out, ...(loProfile ? [loProfile] : [])],
    {
      encoding: 'utf8',
    },
  );
  if (lo.status !== 0) {
    console.error(lo.stderr);
    process.exitCode = 1;
  }
  rmSync(mid, { force: true });
}
