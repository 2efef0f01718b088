/**
 * The limit side of the report bench, one process: only what any writer of this report must do — decode, resize
 * and encode the same stored photos to the same print pixels and quality (sharp, two at a time), then zip the
 * final bytes (our document's parts, those photos and our chart PNGs; already-compressed JPEG/PNG stored,
 * XML deflated) and write the file. No charts are drawn, no XML is generated: this is a floor, not a rival.
 * `node out/bench/limit.mjs JOBS.json OUT.docx`
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import JSZip from 'jszip';
import { readJobs, resizePhotos } from './jobs';

const [jobsPath, out] = process.argv.slice(2) as [string, string];
const jobs = readJobs(jobsPath);
const zip = new JSZip();
await resizePhotos(jobs.photos, (job, data) => {
  zip.file(`word/media/${basename(job.out)}`, data, { compression: 'STORE' });
});
for (const p of jobs.chartPngs) zip.file(`word/media/${basename(p)}`, readFileSync(p), { compression: 'STORE' });
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
for (const f of walk(jobs.partsDir)) zip.file(relative(jobs.partsDir, f), readFileSync(f), { compression: 'DEFLATE' });
writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compressionOptions: { level: 6 } }));
