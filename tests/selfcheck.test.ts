/**
 * 自评 (core/selfcheck) on real .qar files: the demo and a deliberately thin workspace (a new school with a few
 * numbers and one paragraph) get different scores in every dimension, each explained by its evidence and fix; the
 * CLI prints the four dimensions and writes a .docx and an .xlsx that read back with the same items.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkOf } from '../core/framework/resolve';
import { selfcheck } from '../core/selfcheck/score';
import { openWorkspace, writeExportAsWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { buildDemoExport } from '../seeds/demo/index';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir('qar-selfcheck-');
const demo = join(tmp.dir, 'demo.qar');
const thin = join(tmp.dir, 'thin.qar');

beforeAll(async () => {
  writeExportAsWorkspace(buildDemoExport(), demo);
  (await buildFixtureWorkspace(thin)).close();
});
afterAll(() => tmp.cleanup());

async function scoreOf(path: string) {
  const s = await openWorkspace(path, { readonly: true });
  try {
    const ws = s.getWorkspace();
    const fw = frameworkOf(ws.framework);
    return selfcheck(ws, fw, validateWorkspace(ws, fw).findings);
  } finally {
    s.close();
  }
}

describe('自评', () => {
  it('the demo scores higher than a thin workspace in every dimension, and each gap is explained', async () => {
    const a = await scoreOf(demo);
    const b = await scoreOf(thin);
    expect(a.dimensions.map((d) => d.title)).toEqual(['框架结构', '内容质量', '编制与报送', '特色亮点']);
    for (const [i, d] of a.dimensions.entries()) {
      const t = b.dimensions[i]!;
      expect(d.score, d.title).toBeGreaterThan(t.score);
      // every item that scores lower in the thin workspace says why and what to do
      for (const item of t.items.filter((x) => x.score < 100)) {
        expect(item.evidence, item.id).not.toBe('');
        expect(item.fix, item.id).not.toBe('');
      }
    }
    expect(a.total).toBeGreaterThanOrEqual(90);
    expect(b.total).toBeLessThan(50);
    const item = (r: typeof a, id: string) => r.dimensions.flatMap((d) => d.items).find((x) => x.id === id)!;
    // the evidence carries the measured numbers
    expect(item(a, 'framework.parts').evidence).toBe('通知列出的 7 个部分中 7 个有内容。');
    expect(item(b, 'framework.parts').evidence).toMatch(/^通知列出的 7 个部分中 1 个有内容；空缺：服务贡献、/);
    expect(item(a, 'content.bound').evidence).toMatch(/已绑定 8\d 处/);
    expect(item(b, 'feature.cases').evidence).toBe('【案例】1 个，其中正文 200–1000 字的 0 个。');
    // which items are the tool's own judgement is said on each, and in the disclaimer
    expect(a.disclaimer).toContain('不是官方评分标准');
    expect(new Set(a.dimensions.flatMap((d) => d.items.map((x) => x.basis.kind)))).toEqual(
      new Set(['notice', 'seed', 'tool']),
    );
    for (const x of a.dimensions.flatMap((d) => d.items))
      if (x.basis.kind === 'seed') expect(x.basis.source).toMatch(/^003_8cc0f5bbd6b51b9c\.txt:\d/);
  });

  it('qar selfcheck prints the four dimensions with evidence, and writes .docx and .xlsx', async () => {
    const r = await runCliInProcess(['selfcheck', demo]);
    expect(r.code).toBe(0);
    const out = r.stdout.join('\n');
    for (const d of ['【框架结构】', '【内容质量】', '【编制与报送】', '【特色亮点】']) expect(out).toContain(d);
    expect(out).toContain('不是官方评分标准');
    expect(out).toMatch(/必备部分齐全且有内容：100 分。通知列出的 7 个部分中 7 个有内容。/);

    const docx = join(tmp.dir, '自评.docx');
    expect((await runCliInProcess(['selfcheck', thin, '--out', docx])).code).toBe(0);
    const xml = (await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')?.async('string')) ?? '';
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('自评');
    expect(text).toContain('框架结构（报告框架质量）');
    expect(text).toContain('请为「服务贡献」');

    const xlsx = join(tmp.dir, '自评.xlsx');
    expect((await runCliInProcess(['selfcheck', thin, '--out', xlsx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('自评')!;
    expect(sheet.getRow(1).getCell(3).value).toBe('项目');
    expect(sheet.rowCount).toBe(1 + 16);

    const bad = await runCliInProcess(['selfcheck', thin, '--out', join(tmp.dir, 'x.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toEqual([expect.stringMatching(/^参数有误：输出文件应以 \.docx 或 \.xlsx 结尾/)]);
  }, 60_000);
});
