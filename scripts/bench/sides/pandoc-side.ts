/**
 * The pandoc side of the report bench, one process: resize the same stored photos to the same print pixels and
 * quality as our report (two at a time), draw the same charts at the same size, then pandoc markdown → .docx.
 * `node out/bench/pandoc-side.mjs JOBS.json OUT.docx`
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { renderChartPng } from '../../../core/charts/render-node';
import { readJobs, resizePhotos } from './jobs';

const [jobsPath, out] = process.argv.slice(2) as [string, string];
const jobs = readJobs(jobsPath);
await resizePhotos(jobs.photos, (job, data) => writeFileSync(job.out, data));
for (const c of jobs.charts) writeFileSync(c.out, await renderChartPng(c.spec, { ...c.size, showTitle: false }));
const r = spawnSync('pandoc', [jobs.markdown, '-o', out], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exitCode = 1;
}
