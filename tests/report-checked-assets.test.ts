/**
 * `qar report` opens with check 'read' (issue #16): the images are not read twice (once by quick_check, once to
 * print them) but checked as they are read, each against the sha256 recorded for it (WorkspaceSession
 * checkedAssets). These tests damage real .qar files the ways that check must meet: an image chain led into
 * another image's pages (refused as damaged, as quick_check refused it), a torn chain (refused), and a recorded
 * hash out of step in a sound file (exported as stored, with a notice naming the image).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPhotos } from '../core/docx/media';
import { getReportStyles } from '../core/docx/styles';
import { unmatchedImagesNotice } from '../core/docx/unmatched-images';
import { isQarError } from '../core/errors';
import { runReportExport } from '../core/host/report-job';
import { buildDistrictFiles } from '../core/review/district-files';
import { loadOne } from '../core/review/load';
import { openWorkspace } from '../core/service';
import { runCliInProcess } from './helpers/cli-inproc';
import { makePng, makeTempDir, sha256File } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir('qar-checked-assets-');
let valid: Buffer;
let imageA: Buffer;
let imageB: Buffer;
const W = 80;
const H = 60;

beforeAll(async () => {
  const p = join(tmp.dir, '原始.qar');
  const s = await buildFixtureWorkspace(p);
  try {
    imageA = makePng(W, H, 11, true);
    imageB = makePng(W, H, 12, true);
    const a = s.addAsset(imageA, { mime: 'image/png', width: W, height: H, caption: '实训车间甲' });
    const b = s.addAsset(imageB, { mime: 'image/png', width: W, height: H, caption: '实训车间乙' });
    const ws = s.getWorkspace();
    const section = ws.sections.find((x) => x.chapterId === ws.chapters.find((c) => c.key === 'talent')?.id);
    if (!section) throw new Error('fixture without a 人才培养 section');
    s.createBlock(section.id, { kind: 'photo', assetId: a.id, caption: '甲' });
    s.createBlock(section.id, { kind: 'photo', assetId: b.id, caption: '乙' });
    // a case showing both, for the district draft's case gallery (core/review/load.ts caseImages)
    s.createBlock(section.id, {
      kind: 'case',
      title: '实训车间改造',
      body: '改造两间实训车间。',
      photos: [
        { assetId: a.id, caption: '甲' },
        { assetId: b.id, caption: '乙' },
      ],
    });
  } finally {
    s.close();
  }
  valid = readFileSync(p);
});
afterAll(() => tmp.cleanup());

function copyOf(name: string, bytes: Buffer = valid): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** The 1-based numbers of the pages that hold `image`'s bytes, in the image's order (its overflow chain). */
function pagesOf(file: Buffer, image: Buffer, pageSize: number): number[] {
  const pages: number[] = [];
  // a 64-byte probe every 512 bytes of the image: each lands in the page holding that part of the chain
  for (let off = 0; off + 64 <= image.length; off += 512) {
    const at = file.indexOf(image.subarray(off, off + 64));
    if (at < 0) continue;
    const page = Math.floor(at / pageSize) + 1;
    if (pages.at(-1) !== page) pages.push(page);
  }
  return pages;
}

/** A copy of the sound file whose image `caption` has a recorded sha256 unlike its bytes. */
function copyWithHashOutOfStep(name: string, caption: string): string {
  const p = copyOf(name);
  const db = new Database(p);
  db.prepare('UPDATE assets SET sha256 = ? WHERE caption = ?').run('0'.repeat(64), caption);
  db.close();
  return p;
}

/**
 * The sound file with image A's first overflow page continuing into B's second. Both images are alike in size and
 * row, so their chains are alike in length. The first probe lands in the table's page (the row's own part of the
 * bytes), the rest in the overflow pages, each of which starts with the number of the next page in its chain: A's
 * read goes on through B's pages, as many as its own (a chain that ends early is tested below). A's own second
 * overflow page is then in no chain and B's in two: quick_check finds both.
 */
function chainIntoOther(): Buffer {
  const file = Buffer.from(valid);
  const pageSize = file.readUInt16BE(16) === 1 ? 65536 : file.readUInt16BE(16);
  const a = pagesOf(file, imageA, pageSize);
  const b = pagesOf(file, imageB, pageSize);
  expect(a.length).toBeGreaterThanOrEqual(4);
  expect(b.length).toBe(a.length);
  file.writeUInt32BE(b[2] as number, ((a[1] as number) - 1) * pageSize);
  return file;
}

/** The sound file with image A's first overflow page (a[0] is the table's page) leading to a page the file lacks. */
function tornChain(): Buffer {
  const file = Buffer.from(valid);
  const pageSize = file.readUInt16BE(16) === 1 ? 65536 : file.readUInt16BE(16);
  const a = pagesOf(file, imageA, pageSize);
  expect(a.length).toBeGreaterThanOrEqual(3);
  file.writeUInt32BE(file.length / pageSize + 1000, ((a[1] as number) - 1) * pageSize);
  return file;
}

async function reportOf(p: string) {
  const out = `${p}.docx`;
  const r = await runCliInProcess(['report', p, '--out', out]);
  return { ...r, out };
}

/** `qar report` refuses the file: exit 2, one Chinese line matching `message`, the file unchanged. */
async function expectRefused(p: string, message: RegExp): Promise<void> {
  const before = sha256File(p);
  const r = await reportOf(p);
  expect(r.code).toBe(2);
  expect(r.stderr).toHaveLength(1);
  expect(r.stderr[0]).toMatch(message);
  expect(r.stderr[0]?.replace(/「[^」]*」/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  expect(sha256File(p)).toBe(before);
}

async function mediaOf(docx: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(docx));
  const names = Object.keys(zip.files)
    .filter((n) => n.startsWith('word/media/'))
    .sort();
  return Promise.all(
    names.map(async (n) =>
      createHash('sha256')
        .update(await (zip.file(n) as JSZip.JSZipObject).async('nodebuffer'))
        .digest('hex'),
    ),
  );
}

describe('qar report reads each image once and checks it against its recorded sha256', () => {
  it('a sound file: the report prints every photo, with no notice, the file unchanged', async () => {
    const p = copyOf('完好.qar');
    const before = sha256File(p);
    const r = await reportOf(p);
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/已生成报告：.*照片 6/);
    expect(r.stdout.join('\n')).not.toMatch(/注意：图片/);
    expect(sha256File(p)).toBe(before);
  }, 60_000);

  it('a recorded hash out of step in a sound file: the photos are printed as stored, and the notice names the image', async () => {
    const p = copyWithHashOutOfStep('校验值不符.qar', '实训车间甲');
    const before = sha256File(p);
    const r = await reportOf(p);
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    const notice = r.stdout.filter((l) => l.startsWith('注意：图片'));
    expect(notice).toEqual([
      '注意：图片「实训车间甲」的内容与保存时记录的校验值不符（文件的结构检查正常），已按文件中现有的图片导出。请在报告中核对这些图片，有问题时在应用中重新插入。',
    ]);
    // the same pictures as the sound file's report
    const sound = await reportOf(copyOf('完好2.qar'));
    expect(await mediaOf(r.out)).toEqual(await mediaOf(sound.out));
    expect(sha256File(p)).toBe(before);
  }, 60_000);

  it("an image's chain led into another image's pages: the bytes differ, quick_check refuses the file, exit 2", async () => {
    const p = copyOf('链错接.qar', chainIntoOther());
    // the file opens: what a 'read' open checks (every table but the images and history) is sound
    const s = await openWorkspace(p, { readonly: true, check: 'read' });
    s.close();
    await expectRefused(p, /^「链错接\.qar」未通过完整性检查（文件内部的数据结构已损坏）/);
  }, 60_000);

  it("an image's chain torn (its next page beyond the file): refused as damaged when it is read, exit 2", async () => {
    await expectRefused(
      copyOf('链断开.qar', tornChain()),
      /^「链断开\.qar」中的数据已损坏（文件内部的数据结构已损坏）/,
    );
  }, 60_000);

  it("qar info opens with the same 'read' check: a torn image chain, which it never reads, leaves its summary whole", async () => {
    const p = copyOf('摘要.qar', tornChain());
    const before = sha256File(p);
    const r = await runCliInProcess(['info', p]);
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    // the same summary as the sound file's, the images counted on their rows (NOT INDEXED)
    expect(r.stdout).toEqual((await runCliInProcess(['info', copyOf('摘要完好.qar')])).stdout);
    expect(r.stdout.join('\n')).toMatch(/图片：4 张/);
    expect(sha256File(p)).toBe(before);
    // the full check (the app's open) still finds the torn chain
    await expect(openWorkspace(p, { readonly: true })).rejects.toThrow(/未通过完整性检查/);
  }, 60_000);

  it('checkedAssets: the hash of the bytes read, undefined before; NOT_FOUND for an image the workspace does not hold', async () => {
    const s = await openWorkspace(copyOf('读取.qar'), { readonly: true, check: 'read' });
    try {
      const ws = s.getWorkspace();
      const images = s.checkedAssets(ws.assets);
      const a = ws.assets.find((x) => x.caption === '实训车间甲');
      if (!a) throw new Error('fixture without image A');
      expect(images.assetSha256(a.id)).toBeUndefined();
      expect(images.assetBytes(a.id).equals(imageA)).toBe(true);
      expect(images.assetSha256(a.id)).toBe(createHash('sha256').update(imageA).digest('hex'));
      expect(images.unmatched).toEqual([]);
      let err: unknown;
      try {
        images.assetBytes('没有这张图');
      } catch (e) {
        err = e;
      }
      expect(isQarError(err) && err.code).toBe('NOT_FOUND');
    } finally {
      s.close();
    }
  });
});

describe("the app's Word export (core/host/report-job.ts) reads and checks the images the same way", () => {
  const exportOf = (p: string) => runReportExport({ workspacePath: p, outPath: `${p}.docx`, charts: 'png' });

  it('a sound file: exported with no notice, the file unchanged', async () => {
    const p = copyOf('应用完好.qar');
    const before = sha256File(p);
    const r = await exportOf(p);
    expect(r.warning).toBeUndefined();
    expect(r.note ?? '').not.toMatch(/注意：图片/);
    expect(sha256File(p)).toBe(before);
  }, 60_000);

  it('a recorded hash out of step: the photos exported as stored, the note names the image', async () => {
    const p = copyWithHashOutOfStep('应用校验值不符.qar', '实训车间乙');
    const r = await exportOf(p);
    // apart from the note (which says how the charts went in): the UI shows it on its own line, as a warning
    expect(r.warning).toBe(unmatchedImagesNotice([{ id: '', caption: '实训车间乙' }]));
    expect(r.note ?? '').not.toMatch(/注意：图片/);
    const sound = await exportOf(copyOf('应用完好2.qar'));
    expect(await mediaOf(r.path)).toEqual(await mediaOf(sound.path));
  }, 60_000);

  it("an image's chain led into another image's pages: refused as damaged, nothing written", async () => {
    const p = copyOf('应用链错接.qar', chainIntoOther());
    const before = sha256File(p);
    await expect(exportOf(p)).rejects.toThrow(/^「应用链错接\.qar」未通过完整性检查（文件内部的数据结构已损坏）/);
    expect(existsSync(`${p}.docx`)).toBe(false);
    expect(sha256File(p)).toBe(before);
  }, 60_000);
});

describe("a district draft's case photos (core/review/load.ts) are read and checked the same way", () => {
  const caseImagesOf = (p: string) => loadOne(p, { caseImages: true });

  it('a sound file: its case photos as stored, nothing unmatched, the file unchanged', async () => {
    const p = copyOf('区县完好.qar');
    const before = sha256File(p);
    const l = await caseImagesOf(p);
    expect(l.file.status).toBe('reviewed');
    // every case photo, A and B among them, each the bytes recorded for it
    const got = [...(l.assets ?? new Map<string, Buffer>())];
    expect(got.some(([, b]) => b.equals(imageA)) && got.some(([, b]) => b.equals(imageB))).toBe(true);
    for (const [id, b] of got)
      expect(createHash('sha256').update(b).digest('hex')).toBe(l.ws?.assets.find((a) => a.id === id)?.sha256);
    expect(l.unmatchedImages).toBeUndefined();
    expect(sha256File(p)).toBe(before);
  });

  it('a recorded hash out of step: the photo as stored, and named among the unmatched', async () => {
    const l = await caseImagesOf(copyWithHashOutOfStep('区县校验值不符.qar', '实训车间甲'));
    expect(l.file.status).toBe('reviewed');
    expect(l.unmatchedImages?.map((a) => a.caption)).toEqual(['实训车间甲']);
    expect([...(l.assets?.values() ?? [])].some((b) => b.equals(imageA))).toBe(true);
  });

  it('the draft is written with the case photo as stored, and its warnings name the school and the image', async () => {
    const p = copyWithHashOutOfStep('区县草稿.qar', '实训车间甲');
    const r = await buildDistrictFiles({ paths: [p], out: join(tmp.dir, '区县草稿.docx') });
    expect(r.written).toBe(true);
    expect(r.written && r.frameworkWarnings).toContain(
      '「测试职业技术学院」的案例图片「实训车间甲」与保存时记录的校验值不符（文件的结构检查正常），已按文件中现有的图片编入草稿，请核对。',
    );
    expect(await mediaOf(join(tmp.dir, '区县草稿.docx'))).toContain(createHash('sha256').update(imageA).digest('hex'));
  }, 120_000);

  it("an image's chain led into another image's pages: the school is skipped as damaged", async () => {
    const l = await caseImagesOf(copyOf('区县链错接.qar', chainIntoOther()));
    expect(l.file.status).toBe('skipped');
    expect(l.file.reason).toMatch(/^「区县链错接\.qar」未通过完整性检查（文件内部的数据结构已损坏）/);
    expect(l.assets).toBeUndefined();
    expect(l.ws).toBeUndefined();
  });
});

describe('the photo cache key takes the hash the reader computed', () => {
  it('the same key as hashing the bytes here (so the app and the CLI share entries); another hash, another key', async () => {
    const st = getReportStyles();
    const figure = {
      figureKind: 'photo' as const,
      image: { assetId: 'a', mime: 'image/png' as const, widthPx: W, heightPx: H },
    };
    const keysWith = async (assetSha256?: (id: string) => string | undefined) => {
      const keys: string[] = [];
      const cache = { get: () => undefined, put: (_k: string, key: string) => void keys.push(key) };
      const work = startPhotos(
        [figure],
        st,
        { assetBytes: () => imageA, cache, cacheSalt: 's', ...(assetSha256 ? { assetSha256 } : {}) },
        () => {},
      );
      await work.done;
      return keys;
    };
    const own = await keysWith();
    const hash = createHash('sha256').update(imageA).digest('hex');
    expect(own).toHaveLength(1);
    expect(await keysWith(() => hash)).toEqual(own);
    expect((await keysWith(() => 'f'.repeat(64)))[0]).not.toBe(own[0]);
  });
});

describe('unmatchedImagesNotice', () => {
  it('names up to five images by caption (or number) and counts the rest', () => {
    const six = ['一', '二', '', '四', '五', '六'].map((caption, i) => ({ id: `id${i}`, caption }));
    expect(unmatchedImagesNotice(six)).toMatch(
      /^注意：图片「一」、「二」、编号 id2、「四」、「五」等 6 张的内容与保存时记录的校验值不符/,
    );
    expect(unmatchedImagesNotice(six.slice(0, 1))).toMatch(/^注意：图片「一」的内容/);
  });
});
