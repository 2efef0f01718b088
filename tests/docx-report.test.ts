import JSZip from 'jszip';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../core/charts/render-node';
import { writeReportDocx } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import { allItems, type ReportModel } from '../core/report/model';
import { fixtureFramework, fixturePhotoBytes, fixtureWorkspace } from './report-fixture';

/** The text of each paragraph of an XML part, in order (w:t runs joined). */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

function indexInOrder(haystack: string[], needles: string[]): number[] {
  let from = 0;
  return needles.map((n) => {
    const i = haystack.findIndex((p, k) => k >= from && p === n);
    if (i >= 0) from = i + 1;
    return i;
  });
}

describe('writeReportDocx', () => {
  let model: ReportModel;
  let zip: JSZip;
  let doc: string;
  let paras: string[];
  const stages: string[] = [];
  let bytes = 0;

  beforeAll(async () => {
    model = buildReportModel(fixtureWorkspace(), fixtureFramework());
    const buf = await writeReportDocx(model, {
      assetBytes: fixturePhotoBytes,
      renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
      onProgress: (p) => stages.push(`${p.stage}:${p.done}/${p.total}`),
      // the pictures option (native charts: tests/docx-native-charts.test.ts)
      charts: 'png',
    });
    bytes = buf.length;
    zip = await JSZip.loadAsync(buf);
    doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
    paras = paragraphsOf(doc);
  });

  it('writes chapters and sections in order, as Heading 1 / Heading 2 with bookmarks', () => {
    const headings = [
      '前 言',
      '1 学校概况',
      '1.1 办学规模',
      '2 人才培养',
      '2.1 立德树人',
      '2.2 就业质量',
      '3 国际合作',
      '4 服务贡献',
      '4.1 服务行业企业',
      '5 面临挑战',
      '挑战一：产教融合深度不够',
      '附表',
    ];
    expect(indexInOrder(paras, headings).every((i) => i >= 0)).toBe(true);
    expect(indexInOrder(paras, headings)).toEqual([...indexInOrder(paras, headings)].sort((a, b) => a - b));
    expect(doc).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*?<w:bookmarkStart [^>]*w:name="ch2"/);
    expect(doc).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*?<w:bookmarkStart [^>]*w:name="ch2_1"/);
  });

  it('prints captions in order: figure captions below the picture, table captions above the table', () => {
    const caps = allItems(model).flatMap((i) => (i.kind === 'figure' || i.kind === 'table' ? [i.captionLine] : []));
    const at = indexInOrder(paras, caps);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    // the paragraph right before 图 2-1's caption holds the picture
    const fig = doc.indexOf('学生在红岩革命纪念馆开展现场教学');
    const lastDrawing = doc.lastIndexOf('<w:drawing>', fig);
    expect(lastDrawing).toBeGreaterThan(doc.lastIndexOf('</w:tbl>', fig));
    // 表 2-1's caption comes right before its table
    const tcap = doc.indexOf('2024年主要合作企业名单');
    // the caption paragraph is the last thing before the table: no other paragraph in between
    expect(doc.slice(doc.indexOf('</w:p>', tcap), doc.indexOf('<w:tbl>', tcap))).toBe('</w:p>');
    expect(doc.slice(tcap, doc.indexOf('<w:tbl>', tcap))).not.toContain('<w:drawing>');
    expect(paras).toContain('（数据来源：职业教育质量年报平台人才培养质量计分卡）');
  });

  it('draws each case as a bordered, shaded box: the title in an unsplittable row kept with the text, one row a paragraph', () => {
    const tables = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    const box = tables.find((t) => t.includes('【案例 2-1】打造红色文化育人品牌'));
    expect(box).toBeDefined();
    expect(box).toMatch(/w:fill="EEF3FA"/);
    expect(box).toMatch(/<w:top w:val="single"[^>]*w:color="2F5597"/);
    const rows = [...(box ?? '').matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows.length).toBe(
      1 + (model.chapters[1]?.sections[0]?.items.find((i) => i.kind === 'case')?.paragraphs.length ?? 0),
    );
    expect(rows[0]).toContain('<w:cantSplit/>');
    expect(rows[0]).toMatch(/<w:keepNext\/>/);
    for (const r of rows.slice(1)) expect(r).not.toContain('<w:cantSplit/>');
    // the box's outline: top on the first row only, bottom on the last only
    expect(rows[1]).toMatch(/<w:top w:val="(none|nil)"/);
    expect(rows[rows.length - 1]).toMatch(/<w:bottom w:val="single"/);
    expect(box).toContain('2024年，学生参与红色主题实践活动2.3万人次。');
  });

  it('writes 挑战 blocks with 问题表现 and 下一步打算', () => {
    expect(paras).toContain('问题表现：一是合作企业数量偏少；二是合作层次不深。');
    expect(paras).toContain('下一步打算：下一步，学校将拓展合作企业。');
  });

  it('writes the appendix tables with stored values, 「—」 for missing, and a repeated header row', () => {
    const tables = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    const score = tables.find((t) => t.includes('毕业去向落实人数'));
    expect(score).toBeDefined();
    const cells = paragraphsOf(score ?? '');
    expect(cells.slice(0, 5)).toEqual(['序号', '指标', '单位', '2023年', '2024年']);
    expect(cells).toEqual(expect.arrayContaining(['其中：毕业去向落实人数', '3126', '94.59', '4000.85']));
    expect(score).toContain('<w:tblHeader/>');
    const intl = tables.find((t) => t.includes('全日制国（境）外留学生人数'));
    expect(paragraphsOf(intl ?? '').slice(-2)).toEqual(['0', '—']);
    expect(
      indexInOrder(
        paras,
        model.appendix.tables.map((t) => t.captionLine),
      ).every((i) => i >= 0),
    ).toBe(true);
  });

  it('sets East Asian fonts and zh-CN through the styles', async () => {
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    expect(styles).toMatch(
      /<w:docDefaults>[\s\S]*?<w:rFonts w:ascii="Times New Roman"[^>]* w:eastAsia="仿宋"[^>]* w:hAnsi="仿宋" w:hint="eastAsia"/,
    );
    // widow control, and GB/T 9704's 28 characters a line: −0.25 pt character spacing at 三号
    expect(styles).toMatch(/<w:pPrDefault><w:pPr><w:widowControl\/>/);
    expect(styles).toMatch(/<w:rPrDefault>[\s\S]*?<w:spacing w:val="-5"\/>/);
    expect(styles).toMatch(/w:styleId="Heading1"[\s\S]*?w:eastAsia="黑体"/);
    expect(styles).toMatch(/w:styleId="Heading2"[\s\S]*?w:eastAsia="楷体"/);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    // body: 三号 (32 half-points), exact 28.9 pt lines, 2-character first-line indent
    expect(styles).toMatch(
      /<w:docDefaults>[\s\S]*<w:sz w:val="32"\/>[\s\S]*w:line="578" w:lineRule="exact"[\s\S]*w:firstLineChars="200"/,
    );
  });

  it('has a cover without page number, a TOC field with cached entries, and a body restarting at 1', async () => {
    const sects = [...doc.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sects).toHaveLength(3);
    expect(sects[0]).not.toMatch(/<w:pgNumType w:start/);
    expect(sects[1]).toMatch(/<w:pgNumType w:start="1" w:fmt="upperRoman"\/>/);
    expect(sects[2]).toMatch(/<w:pgNumType w:start="1" w:fmt="decimal"\/>/);
    expect(sects[2]).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(sects[2]).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // \u keeps 前言 (an outline-level paragraph, not a Heading style) in the TOC when Word rebuilds it
    expect(doc).toMatch(/<w:instrText[^>]*> TOC \\o &quot;1-2&quot; \\h \\z \\u <\/w:instrText>/);
    // every cached entry: a PAGEREF to the heading's bookmark with a page number, and a right tab at the text
    // width (8845 twips: 156 mm), not docx's default 9025 which LibreOffice pushes off the line
    const refs = [
      ...doc.matchAll(
        /PAGEREF (\w+) \\h <\/w:instrText>[\s\S]*?<w:fldChar w:fldCharType="separate"\/>(?:<w:t[^>]*>(\d*)<\/w:t>)?/g,
      ),
    ];
    expect(refs.map((m) => m[1])).toEqual(model.toc.map((e) => e.anchor));
    for (const m of refs) expect(Number(m[2])).toBeGreaterThan(0);
    expect(doc).toMatch(/<w:tab w:val="right" w:pos="8845" w:leader="dot"\/>/);
    expect(doc).not.toMatch(/w:pos="9025"/);
    expect(paras).toEqual(expect.arrayContaining(['1 学校概况', '2.2 就业质量']));
    const settings = (await zip.file('word/settings.xml')?.async('string')) ?? '';
    expect(settings).toMatch(/<w:updateFields(?: w:val="true")?\/>/);
    const headers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/header\d+\.xml$/.test(f))
        .map((f) => zip.file(f)?.async('string')),
    );
    expect(headers.some((h) => h?.includes('重庆示例职业技术学院质量年度报告（2024年度）'))).toBe(true);
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/footer\d+\.xml$/.test(f))
        .map((f) => zip.file(f)?.async('string')),
    );
    expect(footers.filter((f) => f?.includes('PAGE'))).toHaveLength(2);
  });

  it('embeds photos once each, downscaled for print, and charts as PNG at ≥ 200 dpi', async () => {
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    const metas = await Promise.all(media.map(async (f) => sharp(await zip.file(f)!.async('nodebuffer')).metadata()));
    const jpegs = metas.filter((m) => m.format === 'jpeg');
    const pngs = metas.filter((m) => m.format === 'png');
    expect(jpegs).toHaveLength(3);
    expect(pngs).toHaveLength(2);
    // 2400×1600 photo printed 124.8 mm wide at 220 dpi → at most 1081 px
    expect(Math.max(...jpegs.map((m) => m.width ?? 0))).toBeLessThanOrEqual(1081);
    // charts: 0.78 × 156 mm = 121.7 mm wide at 220 dpi ≈ 1054 px (≥ 200 dpi)
    for (const p of pngs) expect(p.width ?? 0).toBeGreaterThanOrEqual(Math.floor((121.6 / 25.4) * 200));
    expect(paras).toContain('（图片缺失：photo-missing）');
    expect(bytes).toBeLessThan(2_000_000);
  });

  it('reports progress through every stage', () => {
    expect(stages[0]).toBe('images:0/3');
    expect(stages).toContain('images:3/3');
    expect(stages).toContain('charts:2/2');
    expect(stages.at(-1)).toBe('pack:1/1');
  });
});
