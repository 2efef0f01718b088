/**
 * For tests/photo-start.test.ts: a fresh process (sharp not loaded yet, as in `qar report`) starts the photos
 * read from the files given, awaits `submitted`, and prints what sharp has on its threadpool at that moment,
 * before this thread does anything else. `photo-start-child.ts PHOTO...`
 */
import { readFileSync } from 'node:fs';
import { startPhotos } from '../../core/docx/media';
import { getReportStyles } from '../../core/docx/styles';

const files = process.argv.slice(2);
const work = startPhotos(
  files.map((f) => ({
    figureKind: 'photo' as const,
    image: { assetId: f, mime: 'image/jpeg' as const, widthPx: 2400, heightPx: 1600 },
  })),
  getReportStyles(),
  { assetBytes: (f) => readFileSync(f) },
  () => {},
  4,
);
await work.submitted;
const { default: sharp } = await import('sharp'); // loaded by now: this resolves at once
const { queue, process: running } = sharp.counters();
const all = await work.done;
console.log(JSON.stringify({ handedOver: queue + running, done: all.size }));
