/**
 * Child for tests/picture-threads.test.ts: resizes two photos through the report's pipeline (core/images), then
 * prints, as one JSON line, each thread of this process with its name and nice value (Linux /proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { prepareImageForPrint } from '../../core/images';

// made with sharp's own threads before core/images loads it: the photos' threads below must still step back
const photo = await sharp({
  create: {
    width: 2400,
    height: 1600,
    channels: 3,
    background: '#808080',
    noise: { type: 'gaussian', mean: 128, sigma: 40 },
  },
})
  .jpeg({ quality: 90 })
  .toBuffer();
await Promise.all([1, 2].map(() => prepareImageForPrint(photo, { maxWidthPx: 800, maxHeightPx: 600 })));
const threads = readdirSync('/proc/self/task').map((id) => {
  const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { id: Number(id), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), nice: Number(rest[16]) };
});
console.log(JSON.stringify({ pid: process.pid, threads }));
