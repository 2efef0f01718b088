/**
 * What the two comparison processes of the report bench are given (written as jobs.json by report.ts): the same
 * stored photos with the print size and quality our report uses, and the same chart specs at the same size.
 */
import { readFileSync } from 'node:fs';
import type { ChartSpec } from '../../../core/charts/spec';
import { prepareImageForPrint } from '../../../core/images';

export interface PhotoJob {
  /** the photo as the workspace stores it (≤ 2400 px JPEG) */
  src: string;
  out: string;
  maxWidthPx: number;
  maxHeightPx: number;
  quality: number;
}

export interface ChartJob {
  spec: ChartSpec;
  out: string;
  size: { widthPx: number; heightPx: number; dpi: number };
}

export interface SideJobs {
  photos: PhotoJob[];
  charts: ChartJob[];
  /** pandoc side: markdown whose pictures point at the photo and chart `out` files */
  markdown: string;
  /** limit side: our .docx unpacked, without word/media (the limit makes the photos itself) */
  partsDir: string;
  /** limit side: our chart PNGs, as our report embeds them */
  chartPngs: string[];
}

export function readJobs(path: string): SideJobs {
  return JSON.parse(readFileSync(path, 'utf8')) as SideJobs;
}

/** Two photos at a time, as core/docx/media.ts does: sharp decodes with its own threads. */
export async function resizePhotos(jobs: PhotoJob[], each: (job: PhotoJob, data: Buffer) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++] as PhotoJob;
      const img = await prepareImageForPrint(readFileSync(job.src), {
        maxWidthPx: job.maxWidthPx,
        maxHeightPx: job.maxHeightPx,
        quality: job.quality,
      });
      each(job, img.data);
    }
  };
  await Promise.all([worker(), worker()]);
}
