/**
 * #14.6/#14.7 for JSON import: a size cap checked before reading (a 550 MB file used to say 「找不到文件」), a
 * streamed parse, and every picture checked as 插入图片 checks it (real format, size and pixel limits, decodes
 * whole). Refusals name each picture by id and caption, in one Chinese line, and write nothing.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQarError } from '../core/errors';
import type { WorkspaceExport } from '../core/model';
import { importJsonFile, openWorkspace } from '../core/service';
import { MAX_IMPORT_ASSETS } from '../core/workspace/import-assets';
import { MAX_WORKSPACE_JSON_BYTES, readWorkspaceJsonFile } from '../core/workspace/json-file';
import { exportToJson } from '../core/workspace-io';
import { runCli } from './helpers/cli';
import { makePng, makeTempDir, sha256File } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir('qar-json-import-');
let json: string;
let n = 0;
beforeAll(async () => {
  const s = await buildFixtureWorkspace(join(tmp.dir, '原始.qar'));
  json = exportToJson(s.exportData());
  s.close();
});
afterAll(() => tmp.cleanup());

const clone = () => JSON.parse(json) as WorkspaceExport;

/** The export with asset 0's bytes replaced (metadata kept consistent, so only the image checks can object). */
function withAsset(bytes: Buffer, meta: Partial<{ mime: string; width: number; height: number }> = {}): string {
  const exp = clone();
  const a = exp.assets[0]!;
  Object.assign(a, meta, { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  exp.assetData[a.id] = bytes.toString('base64');
  return exportToJson(exp);
}

async function refusal(text: string): Promise<{ message: string; target: string }> {
  const p = join(tmp.dir, `输入-${++n}.json`);
  writeFileSync(p, text);
  const target = join(tmp.dir, `结果-${n}.qar`);
  try {
    await importJsonFile(p, target);
  } catch (e) {
    if (!isQarError(e)) throw e;
    expect(existsSync(target)).toBe(false);
    return { message: e.message, target };
  }
  throw new Error('expected a refusal');
}

describe('pictures in an imported JSON', () => {
  it('an SVG posing as a PNG is refused by id and caption', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const { message } = await refusal(withAsset(svg));
    const a = clone().assets[0]!;
    expect(message).toContain(`图片 ${a.id}（${a.caption}）`);
    expect(message).toMatch(/SVG/);
    expect(message).toMatch(/没有导入任何内容/);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('a program posing as a JPEG is refused', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(2000, 1)]);
    expect((await refusal(withAsset(exe, { mime: 'image/jpeg' }))).message).toMatch(/可执行程序/);
  });

  it('a JPEG declared as PNG, an oversized picture, false sizes and a truncated body are refused', async () => {
    const jpeg = await sharp(makePng(40, 30, 3))
      .jpeg()
      .toBuffer();
    expect((await refusal(withAsset(jpeg))).message).toMatch(/与标注的 image\/png 不符/);
    const wide = makePng(3000, 4, 1);
    expect((await refusal(withAsset(wide, { width: 3000, height: 4 }))).message).toMatch(/3000×4 像素，超过/);
    expect((await refusal(withAsset(makePng(40, 30, 5), { width: 41 }))).message).toMatch(/40×30 像素，与标注的 41×30/);
    const big = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#8ab' } })
      .jpeg()
      .toBuffer();
    const cut = big.subarray(0, Math.floor(big.length / 2));
    const m = (await refusal(withAsset(cut, { mime: 'image/jpeg', width: 800, height: 600 }))).message;
    expect(m).toMatch(/已损坏或不完整/);
  });

  it('several bad pictures are all listed in one line', async () => {
    const exp = clone();
    for (const a of exp.assets) {
      const b = Buffer.from(`<svg>${a.id}</svg>`);
      Object.assign(a, { bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') });
      exp.assetData[a.id] = b.toString('base64');
    }
    const { message } = await refusal(exportToJson(exp));
    expect(message).toMatch(/有 2 张图片无法使用/);
    for (const a of exp.assets) expect(message).toContain(`图片 ${a.id}`);
  });

  it('more pictures than any report has are refused before any is decoded', async () => {
    const exp = clone();
    const a = exp.assets[0]!;
    const data = exp.assetData[a.id]!;
    const extra = Array.from({ length: MAX_IMPORT_ASSETS + 1 - exp.assets.length }, (_, i) => ({ ...a, id: `p${i}` }));
    exp.assets.push(...extra);
    for (const x of extra) exp.assetData[x.id] = data;
    const { message } = await refusal(exportToJson(exp));
    expect(message).toContain(`${MAX_IMPORT_ASSETS + 1} 张图片，超过上限 ${MAX_IMPORT_ASSETS} 张`);
  });

  it('an export of the app imports unchanged (pictures byte for byte)', async () => {
    const p = join(tmp.dir, '正常.json');
    writeFileSync(p, json);
    const target = join(tmp.dir, '正常.qar');
    await importJsonFile(p, target);
    const s = await openWorkspace(target, { readonly: true });
    expect(exportToJson(s.exportData())).toBe(json);
    s.close();
  });

  it('a refused import with --replace leaves the existing file untouched (CLI: exit 2, one Chinese line)', () => {
    const target = join(tmp.dir, '已有.qar');
    const ok = join(tmp.dir, '已有.json');
    writeFileSync(ok, json);
    expect(runCli(['import', ok, '--into', target]).code).toBe(0);
    const before = sha256File(target);
    const bad = join(tmp.dir, '坏图.json');
    writeFileSync(bad, withAsset(Buffer.from('<svg/>')));
    const r = runCli(['import', bad, '--into', target, '--replace']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/图片.*SVG/);
    expect(sha256File(target)).toBe(before);
  });
});

describe('size and parse bounds', () => {
  it('a file over the cap is refused by size before it is read (not 「找不到文件」)', async () => {
    const p = join(tmp.dir, '巨大.json');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 550 * 1024 * 1024); // sparse: no disk space used
    closeSync(fd);
    const t = performance.now();
    await expect(readWorkspaceJsonFile(p)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(readWorkspaceJsonFile(p)).rejects.toThrow(/550 MB，超过工作区导出文件的上限 300 MB/);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(MAX_WORKSPACE_JSON_BYTES).toBe(300 * 1024 * 1024);
  });

  it('truncated, empty and non-JSON files say the JSON is not valid', async () => {
    for (const text of [json.slice(0, json.length / 2), '', 'not json', '{"a":1} trailing', '\uFEFF']) {
      const p = join(tmp.dir, `坏-${++n}.json`);
      writeFileSync(p, text);
      await expect(readWorkspaceJsonFile(p)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
  });

  it('parses what JSON.parse parses, BOM skipped, deep nesting without a stack overflow', async () => {
    const p = join(tmp.dir, '同.json');
    const doc = { a: [1, 2.5, -3e-7, null, true, '中文\u2028\n"'], b: { c: {} }, d: [] };
    writeFileSync(p, `\uFEFF${JSON.stringify(doc)}`);
    expect(await readWorkspaceJsonFile(p)).toEqual(doc);
    const deep = join(tmp.dir, '深.json');
    writeFileSync(deep, `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    await expect(readWorkspaceJsonFile(deep)).resolves.toBeDefined();
  });
});
