/**
 * The report's photos start resizing before the writer's thread turns to other work (issue #16): once a caller
 * has awaited `submitted`, the first photos are on sharp's threadpool, so the second core works while this
 * thread resolves the framework, builds the model and loads the writer. Without it they reached sharp only
 * when that work next yielded.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { startPhotos } from '../core/docx/media';
import { getReportStyles } from '../core/docx/styles';
import { DirCache } from '../core/fs/derived-cache-dir';
import { prepareImage } from '../core/images';
import { spawnHelper } from './helpers/child';
import { makeTempDir } from './helpers/files';

/** A noisy photo (many colours, slow enough to resize that it is still on the threadpool when looked at). */
async function storedPhoto(seed: number): Promise<Buffer> {
  const [w, h] = [2400, 1600];
  const raw = Buffer.alloc(w * h * 3);
  let s = seed;
  for (let i = 0; i < raw.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (s >> 16) & 0xff;
  }
  const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return (await prepareImage(jpeg)).data;
}

const figure = (id: string) => ({
  figureKind: 'photo' as const,
  image: { assetId: id, mime: 'image/jpeg' as const, widthPx: 2400, heightPx: 1600 },
});

describe('startPhotos', () => {
  const tmp = makeTempDir('qar-photo-start-');
  afterAll(() => tmp.cleanup());

  it('has the first photos on the threadpool once `submitted` resolves, in a process where sharp is not loaded yet', async () => {
    const files: string[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      const f = join(tmp.dir, `${id}.jpg`);
      writeFileSync(f, await storedPhoto(id.charCodeAt(0)));
      files.push(f);
    }
    const child = spawnHelper('photo-start-child.ts', files);
    const { code } = await child.exited;
    expect(code, child.out()).toBe(0);
    const { handedOver, done } = JSON.parse(child.out().trim().split('\n').at(-1) as string);
    // the first four were handed to sharp before this thread went on (a 2400 px photo takes far longer to resize
    // than the one turn of the event loop in between); all five arrive
    expect(handedOver).toBeGreaterThanOrEqual(1);
    expect(done).toBe(5);
  });

  it('resolves `submitted` at once when every photo comes from the cache', async () => {
    const bytes = new Map([['a', await storedPhoto(7)]]);
    const deps = { assetBytes: (id: string) => bytes.get(id) as Buffer, cache: new DirCache(tmp.dir) };
    const first = startPhotos([figure('a')], getReportStyles(), deps, () => {}, 4);
    const firstPictures = await first.done;
    await first.submitted;
    const again = startPhotos([figure('a')], getReportStyles(), deps, () => {}, 4);
    let submitted = false;
    void again.submitted.then(() => {
      submitted = true;
    });
    // a resolved promise's reactions run before a macrotask; a pending sharp load would not have
    await new Promise((r) => setImmediate(r));
    expect(submitted).toBe(true);
    expect((await again.done).get('a')?.data.equals(firstPictures.get('a')?.data as Buffer)).toBe(true);
  });

  it('queues every photo, but holds no more stored bytes than its budget (plus one photo) while they wait', async () => {
    const ids = ['p', 'q', 'r', 's', 't', 'u'];
    const bytes = new Map<string, Buffer>();
    for (const [i, id] of ids.entries()) bytes.set(id, await storedPhoto(100 + i));
    const size = Math.max(...[...bytes.values()].map((b) => b.length));
    // read and not yet resized: counted when the writer hands the bytes over, uncounted when the photo is done
    let held = 0;
    let most = 0;
    const deps = {
      assetBytes: (id: string) => {
        held++;
        most = Math.max(most, held);
        return bytes.get(id) as Buffer;
      },
    };
    const photos = (budget?: number) =>
      startPhotos(
        ids.map(figure),
        getReportStyles(),
        deps,
        (p) => {
          if (p.done > 0) held--;
        },
        32,
        budget,
      ).done;
    // room for two photos' bytes: the third waits (a count of 32 alone would have read all six at once)
    const pictures = await photos(2 * size);
    expect(pictures.size).toBe(6);
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(3);
    // without a budget every photo is read at once: the same six pictures
    held = 0;
    most = 0;
    const all = await photos();
    expect(most).toBe(6);
    for (const id of ids) expect(all.get(id)?.data.equals(pictures.get(id)?.data as Buffer)).toBe(true);
  });

  it('reads the first four photos at once and the rest only once those are on the threadpool', async () => {
    const ids = ['v', 'w', 'x', 'y', 'z', 'zz'];
    const bytes = new Map<string, Buffer>();
    for (const [i, id] of ids.entries()) bytes.set(id, await storedPhoto(200 + i));
    const read: string[] = [];
    const deps = {
      assetBytes: (id: string) => {
        read.push(id);
        return bytes.get(id) as Buffer;
      },
    };
    const work = startPhotos(ids.map(figure), getReportStyles(), deps, () => {}, 32);
    // reading and hashing every photo before sharp had the first kept the second core idle
    expect(read).toEqual(['v', 'w', 'x', 'y']);
    await work.submitted;
    expect(read).toHaveLength(6);
    expect((await work.done).size).toBe(6);
  });
});
