import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../core/cli';
import { getFramework } from '../core/framework/registry';
import type { CaseItem, FigureItem } from '../core/report/model';
import { allItems } from '../core/report/model';
import { outlineFor } from '../core/report/outlines';
import type { ReviewLevel } from '../core/review/aggregate';
import {
  buildDistrictDraft,
  buildDistrictReportModel,
  type DistrictDraft,
  districtFrameworkFromId,
} from '../core/review/district';
import { expandInputs, loadForReview } from '../core/review/load';
import { reviewWorkspaces } from '../core/review/review';
import { openWorkspace } from '../core/service';
import { type DistrictSet, writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-district-');
let set: DistrictSet;
let draft: DistrictDraft;

beforeAll(async () => {
  set = writeDistrictSet(tmp.dir);
  const loaded = await loadForReview(expandInputs([set.dir]), { caseImages: true });
  const s = reviewWorkspaces(loaded, { resolveFramework: (ref) => getFramework(ref.id) });
  const frameworks: Partial<Record<ReviewLevel, ReturnType<typeof getFramework>>> = {
    高职: getFramework('cn-2024-gaozhi'),
    中职: getFramework('cn-2024-zhongzhi'),
  };
  draft = buildDistrictDraft(
    s.schools.map((x) => ({ ws: x.ws })),
    { name: '示例区', year: s.year, aggregates: s.aggregates, frameworks, now: '2025-02-01T00:00:00.000Z' },
  );
});
afterAll(() => tmp.cleanup());

describe('district draft', () => {
  it('has the school report outline, 发展概况 first, and the appendix 附表 1-1…1-6 then 2-1…2-6', () => {
    const m = buildDistrictReportModel(draft.export, draft.framework, 2024);
    expect(m.meta.fullTitle).toBe('示例区职业教育质量年度报告（2024年度）');
    expect(m.chapters[0]?.title).toBe('发展概况');
    expect(m.chapters.map((c) => c.key)).toEqual([
      'overview',
      'talent',
      'service',
      'culture',
      'international',
      'industry',
      'support',
      'challenges',
    ]);
    expect(m.appendix.tables.map((t) => t.label)).toEqual([
      '附表 1-1',
      '附表 1-2',
      '附表 1-3',
      '附表 1-4',
      '附表 1-5',
      '附表 1-6',
      '附表 2-1',
      '附表 2-2',
      '附表 2-3',
      '附表 2-4',
      '附表 2-5',
      '附表 2-6',
    ]);
    expect(m.appendix.tables[0]?.captionLine).toBe('附表 1-1 人才培养质量计分卡（高等职业教育）');
    const rate = (i: number) => m.appendix.tables[i]!.rows.find((r) => r.name === '毕业去向落实率')!.values;
    // Σ落实 / Σ毕业生: 高职 3389/3725 (乙's stored 落实率 contradicts its parts: left out), 中职 3623/3900 (2024)
    expect(rate(0)[1]).toBe(((3389 / 3725) * 100).toFixed(2));
    expect(rate(6)[1]).toBe(((3623 / 3900) * 100).toFixed(2));
    expect(m.appendix.tables[6]!.rows.find((r) => r.name === '毕业生数')!.values).toEqual(['3750', '3900']);
  });

  it('is titled 「示例区职业教育质量年度报告」 with the 区域年报 outline of every edition (职业教育 once)', () => {
    // the CLI and the app build the draft with the district outline (core/review/district-files.ts); the draft's
    // name already ends in 职业教育, so the outline's title is 质量年度报告 (seed 003: 重庆市职业教育质量年度报告)
    for (const edition of ['2024年度', '2025年度', '2026年度']) {
      const outline = outlineFor({ kind: '区域年报', edition });
      const m = buildDistrictReportModel(draft.export, draft.framework, 2024, outline);
      expect(m.meta.fullTitle, edition).toBe('示例区职业教育质量年度报告（2024年度）');
      expect(`${m.cover.schoolName}${m.cover.title}`, edition).toBe('示例区职业教育质量年度报告');
    }
  });

  it('draws charts comparing 高职 and 中职 over three years', () => {
    const m = buildDistrictReportModel(draft.export, draft.framework, 2024);
    const charts = allItems(m).filter((i): i is FigureItem => i.kind === 'figure' && i.figureKind === 'chart');
    expect(charts.length).toBe(4);
    const placement = charts.find((c) => c.caption.includes('毕业去向落实率'))!;
    expect(placement.chart?.categories).toEqual(['2022届', '2023届', '2024届']);
    expect(placement.chart?.series.map((x) => x.label)).toEqual(['高职毕业去向落实率', '中职毕业去向落实率']);
    expect(placement.chart?.series[0]?.values[2]).toBe(Number(((3389 / 3725) * 100).toFixed(2)));
    expect(placement.sourceLine).toBe('（数据来源：职业教育质量年报平台人才培养质量计分卡）');
  });

  it('offers every school’s cases, each keeping its school', () => {
    const m = buildDistrictReportModel(draft.export, draft.framework, 2024);
    const cases = allItems(m).filter((i): i is CaseItem => i.kind === 'case');
    expect(cases.length).toBe(draft.cases);
    const b = cases.find((c) => c.title === '乙校示范案例，成效显著')!;
    expect(b.paragraphs[0]).toBe('来源学校：乙高等职业学院。');
    expect(new Set(cases.map((c) => c.paragraphs[0]))).toEqual(
      new Set([
        '来源学校：甲高等职业学院。',
        '来源学校：乙高等职业学院。',
        '来源学校：丙中等职业学校。',
        '来源学校：丁中等职业学校。',
      ]),
    );
  });

  it('rebuilds its framework from the id a saved draft carries', () => {
    const fw = districtFrameworkFromId(draft.framework.id, getFramework);
    expect(fw.id).toBe('district--cn-2024-gaozhi--cn-2024-zhongzhi');
    expect(fw.tables.map((t) => t.indicators.length)).toEqual(draft.framework.tables.map((t) => t.indicators.length));
    // district values are aggregates with their own coverage: no formula recomputes them from other aggregates
    const rate = fw.tables[0]?.indicators.find((i) => i.id === 'gz_grad_placement_rate');
    expect(rate?.formula).toBeUndefined();
    expect(rate?.description).toContain('毕业去向落实人数 ÷ 毕业生数 × 100');
  });
});

describe('qar district CLI', () => {
  it('writes the docx and a .qar draft that prints again; inputs unchanged', async () => {
    const before = Object.fromEntries(Object.entries(set.files).map(([k, p]) => [k, sha256File(p)]));
    const out = join(tmp.dir, '区域报告.docx');
    const save = join(tmp.dir, '区域报告.qar');
    expect(await main(['district', set.dir, '--out', out, '--name', '示例区', '--save', save])).toBe(0);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    expect(xml).toContain('附表 2-6 落实政策表（中等职业教育）');
    expect(xml).toContain('来源学校：乙高等职业学院。');
    // the region's name once: it read 「示例区职业教育职业教育质量年度报告」 in every running header
    const zip = await JSZip.loadAsync(readFileSync(out));
    const headers = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^word\/header\d*\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(headers.join('')).toContain('示例区职业教育质量年度报告（2024年度）');
    expect(xml + headers.join('')).not.toContain('职业教育职业教育');
    expect(xml).toContain('编制单位：示例区<');
    expect(existsSync(save)).toBe(true);
    const s = await openWorkspace(save, { readonly: true });
    try {
      const ws = s.getWorkspace();
      expect(ws.framework.id).toBe('district--cn-2024-gaozhi--cn-2024-zhongzhi');
      const v = ws.values.find((x) => x.indicatorId === 'gz_grad_placement_rate' && x.year === 2024)!;
      // as printed (2 decimals); 乙's 落实率 contradicts its parts, so the figure is 甲's alone
      expect(v.value).toBe(Number(((3389 / 3725) * 100).toFixed(2)));
      expect(v.note).toContain('按公式');
      expect(v.note).toContain('1 校数据有误未计入');
    } finally {
      s.close();
    }
    const again = join(tmp.dir, '区域报告-再次.docx');
    expect(await main(['district', save, '--out', again])).toBe(0);
    const xml2 = await (await JSZip.loadAsync(readFileSync(again))).file('word/document.xml')!.async('string');
    expect(xml2).toContain('附表 1-1 人才培养质量计分卡（高等职业教育）');
    // the saved draft is a workspace like any other: it validates and its values export to Excel
    expect(await main(['validate', save, '--json'])).not.toBe(2);
    const xlsx = join(tmp.dir, '区域数据.xlsx');
    expect(await main(['export', save, '--out', xlsx])).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    for (const [k, p] of Object.entries(set.files)) expect(sha256File(p), k).toBe(before[k]);
    expect(await main(['district', set.files.corrupt, '--out', join(tmp.dir, 'x.docx')])).toBe(1);
    expect(await main(['district', set.dir, '--out', join(tmp.dir, 'x.pdf')])).toBe(2);
  });
});
