/**
 * Every generated Word document (school report, review summary, district draft) as a package other software
 * must accept: the OOXML structure check (tests/helpers/ooxml.ts) and pandoc as an independent reader that must
 * read it without a warning. Plus what issue #11 found in the review and district documents' wording.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../core/charts/render-node';
import { writeReportDocx } from '../core/docx/write';
import { getFramework } from '../core/framework/registry';
import { buildReportModel } from '../core/report/build';
import { formatIndicatorValue, printsWhole, proseValue } from '../core/report/format';
import type { ReviewLevel } from '../core/review/aggregate';
import { buildDistrictDraft, buildDistrictReportModel, regionScope, sharedRegion } from '../core/review/district';
import { expandInputs, loadForReview } from '../core/review/load';
import { type ReviewSummary, reviewWorkspaces, type WorkspaceReview } from '../core/review/review';
import { buildReviewReportModel } from '../core/review/summary-docx';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';
import { ooxmlProblems } from './helpers/ooxml';

const tmp = makeTempDir('qar-print-');
const renderChart = (
  spec: Parameters<typeof renderChartPng>[0],
  size: { widthPx: number; heightPx: number; dpi: number },
) => renderChartPng(spec, { ...size, showTitle: false });
const noAssets = () => Buffer.alloc(0);

let summary: ReviewSummary<WorkspaceReview>;
const docs: Record<'report' | 'review' | 'district', Buffer> = {} as never;

beforeAll(async () => {
  const demo = buildDemoExport();
  docs.report = await writeReportDocx(buildReportModel(demo, demoFramework()), {
    assetBytes: (id) => Buffer.from(demo.assetData[id] ?? '', 'base64'),
    renderChart,
  });
  const set = writeDistrictSet(tmp.dir);
  const loaded = await loadForReview(expandInputs([set.dir]), { caseImages: true });
  summary = reviewWorkspaces(loaded, { resolveFramework: (ref) => getFramework(ref.id) });
  // the page pass is the report's to prove (and below, docx-render.test.ts); these two skip it to save time
  docs.review = await writeReportDocx(buildReviewReportModel(summary, { name: '示例区' }), {
    assetBytes: noAssets,
    renderChart,
    pages: 'none',
  });
  const frameworks: Partial<Record<ReviewLevel, ReturnType<typeof getFramework>>> = {
    高职: getFramework('cn-2024-gaozhi'),
    中职: getFramework('cn-2024-zhongzhi'),
  };
  const draft = buildDistrictDraft(
    summary.schools.map((x) => ({ ws: x.ws })),
    { name: '重庆市', year: summary.year, aggregates: summary.aggregates, frameworks, now: '2025-02-01T00:00:00.000Z' },
  );
  const ws = draft.export;
  docs.district = await writeReportDocx(buildDistrictReportModel(ws, draft.framework, summary.year), {
    assetBytes: (id) => Buffer.from(ws.assetData[id] ?? '', 'base64'),
    renderChart,
    pages: 'none',
  });
}, 240_000);
afterAll(() => tmp.cleanup());

const docXml = async (b: Buffer) => (await (await JSZip.loadAsync(b)).file('word/document.xml')?.async('string')) ?? '';
const textOf = (xml: string) =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...(p[0] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .join('\n');

describe('every generated document is a sound package', () => {
  for (const kind of ['report', 'review', 'district'] as const) {
    it(`${kind}: relationships resolve, ids unique, content types cover every part, fields balanced`, async () => {
      expect(await ooxmlProblems(docs[kind])).toEqual([]);
    });

    it(`${kind}: pandoc reads it without a warning`, () => {
      const file = join(tmp.dir, `${kind}.docx`);
      writeFileSync(file, docs[kind]);
      const out = execFileSync('pandoc', ['--fail-if-warnings', '-f', 'docx', '-t', 'plain', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(out.length).toBeGreaterThan(500);
    });
  }

  it('the structure check catches a broken package (so a green result means something)', async () => {
    const zip = await JSZip.loadAsync(docs.report);
    const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    zip.file('word/_rels/document.xml.rels', rels.replace(/Target="media\/[^"]+"/, 'Target="media/missing.png"'));
    zip.remove('[Content_Types].xml');
    zip.file(
      '[Content_Types].xml',
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
    );
    const broken = await zip.generateAsync({ type: 'nodebuffer' });
    const problems = await ooxmlProblems(broken);
    expect(problems.some((p) => p.includes('does not exist'))).toBe(true);
    expect(problems.some((p) => p.includes('no content type'))).toBe(true);
  });
});

describe('review summary wording', () => {
  it('names rules by title, never by id, and prints each finding once', async () => {
    const text = textOf(await docXml(docs.review));
    for (const r of summary.matrix.rules) expect(text, r.id).not.toContain(r.id);
    expect(text).not.toContain('规则：');
    expect(text).toContain('各校问题摘要');
    // one summary row per school, with its counts; the code on a line of its own under the name
    for (const s of summary.schools) expect(text).toContain(s.code ? `${s.name}\n（${s.code}）` : s.name);
  });
});

describe('district draft wording', () => {
  it('重庆市 reads 全市 (a 区 reads 全区); the title comes from the schools only when they agree', async () => {
    expect(regionScope('重庆市')).toEqual({ all: '全市', inside: '市内' });
    expect(regionScope('渝中区')).toEqual({ all: '全区', inside: '区内' });
    expect(regionScope('某某县').all).toBe('全县');
    expect(regionScope('本地区').all).toBe('本地区');
    const text = textOf(await docXml(docs.district));
    expect(text).toContain('全市共有职业学校');
    expect(text).not.toContain('全区');
    const ws = (region: string) => ({ profile: { region } }) as never;
    expect(sharedRegion([ws('渝中区'), ws('渝中区')])).toBe('渝中区');
    expect(sharedRegion([ws('渝中区'), ws('江北区')])).toBeUndefined();
    expect(sharedRegion([ws(''), ws('')])).toBeUndefined();
  });

  it('prints 生师比 as 15.35:1 and large head counts in 万, and no chart whose every bar is 无数据', async () => {
    const text = textOf(await docXml(docs.district));
    expect(text).toMatch(/生师比 \d+\.\d{2}:1/);
    expect(proseValue(586000, { name: '全日制在校生数', unit: '人', type: 'count', decimals: 0 })).toBe('58.6万人');
    expect(proseValue(15.354, { name: '生师比', unit: '', type: 'ratio', decimals: 2 })).toBe('15.35:1');
    expect(proseValue(85.07, { name: '毕业去向落实率', unit: '%', type: 'percent', decimals: 2 })).toBe('85.07%');
    // with no school's 满意度 the draft has no 满意度 chart at all (its bars would all read 无数据)
    const m = buildDistrictReportModel(
      buildDistrictDraft(
        summary.schools.map((x) => ({
          ws: { ...x.ws, values: x.ws.values.filter((v) => !v.indicatorId.startsWith('sat_')) },
        })),
        {
          name: '重庆市',
          year: summary.year,
          aggregates: Object.fromEntries(
            Object.entries(summary.aggregates).map(([k, a]) => [
              k,
              a && { ...a, rows: a.rows.map((r) => (r.indicatorId.startsWith('sat_') ? { ...r, values: {} } : r)) },
            ]),
          ),
          frameworks: { 高职: getFramework('cn-2024-gaozhi'), 中职: getFramework('cn-2024-zhongzhi') },
          now: '2025-02-01T00:00:00.000Z',
        },
      ).export as never,
      buildDistrictDraft([], {
        name: 'x',
        year: summary.year,
        aggregates: {},
        frameworks: { 高职: getFramework('cn-2024-gaozhi'), 中职: getFramework('cn-2024-zhongzhi') },
        now: '2025-02-01T00:00:00.000Z',
      }).framework,
      summary.year,
    );
    const captions = m.chapters
      .flatMap((c) => c.sections.flatMap((s) => s.items))
      .flatMap((i) => (i.kind === 'figure' ? [i.caption] : []));
    expect(captions.some((c) => c.includes('毕业去向落实率'))).toBe(true);
    expect(captions.some((c) => c.includes('满意度'))).toBe(false);
  });
});

describe('printing rule: whole head counts and areas', () => {
  it('prints a whole 折合在校生数 and total area as integers, a typed fraction as typed, per-head figures with their decimals', () => {
    const fw = getFramework('cn-2024-gaozhi');
    const ind = (id: string) => fw.tables.flatMap((t) => t.indicators).find((i) => i.id === id)!;
    expect(ind('students_equivalent').decimals).toBe(1); // stored and checked with one decimal…
    expect(formatIndicatorValue(11830.0, ind('students_equivalent'))).toBe('11830'); // …printed whole when whole
    expect(formatIndicatorValue(11830.5, ind('students_equivalent'))).toBe('11830.5'); // …never silently rounded
    expect(formatIndicatorValue(218400, ind('teaching_admin_area'))).toBe('218400');
    expect(printsWhole(ind('teaching_admin_per_student'))).toBe(false);
    expect(formatIndicatorValue(17.2, ind('teaching_admin_per_student'))).toBe('17.20');
  });

  it('the demo appendix shows 折合在校生数 without a decimal', async () => {
    const xml = await docXml(docs.report);
    const demo = buildDemoExport();
    const v = demo.values.find((x) => x.indicatorId === 'students_equivalent' && x.year === 2024)?.value;
    expect(v).toBeDefined();
    expect(textOf(xml)).toContain(String(Math.round(v as number)));
    expect(textOf(xml)).not.toMatch(/\n\d{4,6}\.0\n/);
  });
});
