/**
 * The report as a reader who just opens it sees it (issue #11): LibreOffice converts the .docx to PDF WITHOUT
 * updating fields or indexes (tests/helpers/plain-render.ts; the shared lo_convert.py refreshes the TOC and so
 * cannot prove it), then pdftotext reads it back. The document is written as the CLI and the app write it, with
 * the LibreOffice page pass (core/docx/lo-pages.ts) and the same fonts.conf, as on a reader's machine like this.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libreOfficeLayoutPass, nodeDocxDeps } from '../core/docx/export';
import { getReportStyles } from '../core/docx/styles';
import { textRuns } from '../core/docx/text';
import { type TocPagesInfo, writeReportDocx } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import { allItems, type ReportModel } from '../core/report/model';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { makeTempDir } from './helpers/files';
import { checkToc, flat, footerNumber, LO_ENV, type PlainRender, pageFill, renderPlain } from './helpers/plain-render';

const MM = 72 / 25.4;
const st = getReportStyles('official');
const TEXT_TOP = st.page.marginMm.top * MM;
const TEXT_BOTTOM = 842 - st.page.marginMm.bottom * MM;

describe('the demo report opened plainly in LibreOffice', () => {
  let model: ReportModel;
  let r: PlainRender;
  let info: TocPagesInfo | undefined;
  let docText = '';

  beforeAll(async () => {
    // the page pass renders with the same fonts the plain render uses (a reader's LibreOffice on this machine)
    process.env.FONTCONFIG_FILE = LO_ENV.FONTCONFIG_FILE;
    const demo = buildDemoExport();
    model = buildReportModel(demo, demoFramework());
    const docx = await writeReportDocx(model, {
      assetBytes: (id) => Buffer.from(demo.assetData[id] ?? '', 'base64'),
      ...nodeDocxDeps(),
      pages: 'layout',
      layoutPass: libreOfficeLayoutPass,
      onTocPages: (i) => {
        info = i;
      },
    });
    r = renderPlain(docx);
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
    docText = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  }, 300_000);

  afterAll(() => r?.cleanup());

  it('shows the right page number for every TOC entry, without updating the TOC', () => {
    expect(info?.source).toBe('libreoffice');
    const checks = checkToc(
      r,
      model.toc.map((e) => e.text),
    );
    expect(checks.length).toBe(model.toc.length);
    for (const c of checks) {
      expect(c.printed, `TOC entry 「${c.title}」 has no number`).toMatch(/^\d+$/);
      expect(c.printed, `「${c.title}」 is on page ${c.actual}`).toBe(c.actual);
    }
  });

  it('prints every closing mark the document holds (none lost where a full justified line ends)', () => {
    // LibreOffice 7.4 hangs a 。，、 that falls just past a full 28-character line and then, on a justified line,
    // may not draw it: the reader saw 「编制形成报告从」 for 「编制形成。报告从」. Header and footer hold none of these.
    const printed = r.pages.join('');
    for (const mark of ['。', '，', '、', '；'])
      expect(printed.split(mark).length - 1, `「${mark}」 count`).toBe(docText.split(mark).length - 1);
  });

  it('shows every chapter heading, section heading and caption, in order', () => {
    const body = flat(r.pages.join('\n'));
    const start = body.indexOf(flat('前 言'), body.indexOf(flat('附表')));
    expect(start).toBeGreaterThan(0);
    const wanted = [
      ...model.chapters.flatMap((c) => [
        c.heading,
        ...c.sections.flatMap((s) => [
          ...(s.heading ? [s.heading] : []),
          ...s.items.flatMap((i) =>
            i.kind === 'figure' || i.kind === 'table'
              ? [i.captionLine]
              : i.kind === 'challenge'
                ? [i.heading]
                : i.kind === 'case'
                  ? [i.label]
                  : [],
          ),
        ]),
      ]),
      model.appendix.heading,
      ...model.appendix.tables.map((t) => t.captionLine),
    ];
    let at = start;
    for (const w of wanted) {
      const i = body.indexOf(flat(w), at);
      expect(i, `「${w}」 missing or out of order`).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    for (const f of allItems(model))
      if (f.kind === 'figure' && f.sourceLine) expect(body).toContain(flat(f.sourceLine));
  });

  it('leaves no page under 60% full, except the last page of a chapter and of the report', () => {
    const chapterFirstPages = new Set(
      checkToc(
        r,
        model.toc.filter((e) => e.level === 1).map((e) => e.text),
      ).map((c) => c.actual),
    );
    const fill = pageFill(r, TEXT_TOP, TEXT_BOTTOM);
    const bodyStart = r.pages.findIndex((p) => /^\d+$/.test(footerNumber(p) ?? ''));
    const low: string[] = [];
    for (let i = bodyStart; i < r.pages.length - 1; i++) {
      const next = footerNumber(r.pages[i + 1] ?? '') ?? '';
      if ((fill[i] ?? 0) < 0.6 && !chapterFirstPages.has(next))
        low.push(`page ${footerNumber(r.pages[i] ?? '')}: ${Math.round((fill[i] ?? 0) * 100)}%`);
    }
    expect(low).toEqual([]);
  });

  it('never ends a page on a 【案例】 title, and opens every continued table with 续表', () => {
    const bodyLines = (i: number) =>
      (r.lines[i] ?? []).filter((l) => l.yMin >= TEXT_TOP - 2 && l.yMax <= TEXT_BOTTOM + 4).map((l) => l.text);
    for (let i = 0; i < r.lines.length; i++) {
      const lines = bodyLines(i);
      expect(lines[lines.length - 1] ?? '', `page ${i + 1} ends on a case title`).not.toMatch(/^【案例/);
      // a page that opens with a table's header row is a continued table: a 续表 caption must come first
      if (/^序号/.test(lines[0] ?? '')) expect.fail(`page ${i + 1} continues a table without 续表`);
      for (const [k, l] of lines.entries())
        if (/^续(附)?表/.test(l)) expect(k, `续表 in the middle of page ${i + 1}`).toBe(0);
    }
  });

  it('sets GB/T 9704 lines: 28 characters of 三号 body text on a full line', () => {
    const lines = r.lines
      .flat()
      // 三号 body lines only (pdftotext's box is about 20.8 pt tall; the 四号 case boxes hold 30 to a line)
      .filter((l) => l.yMin >= TEXT_TOP && l.yMax - l.yMin > 19 && /^[\u4e00-\u9fff，。、；：“”（）]+$/.test(l.text));
    const counts = lines.map((l) => [...l.text].length);
    expect(counts.length).toBeGreaterThan(50);
    const full = counts.filter((n) => n >= 27);
    // a full line is 28 characters (27 without the −0.25 pt spacing); LibreOffice hangs no closing mark past it
    // (overflowPunct, core/docx/style-defs.ts): a mark that does not fit goes down with the character before it
    expect(full.filter((n) => n === 28).length).toBeGreaterThan(full.length * 0.8);
    for (const l of lines) expect([...l.text].length, l.text).toBeLessThanOrEqual(28);
  });
});

describe('quotes and dashes in the East Asian face', () => {
  it('prints 「“33618”」 with both quotes full-width in LibreOffice (as wide as 「「33618」」)', async () => {
    const tmp = makeTempDir('qar-quotes-');
    try {
      const line = (text: string) =>
        new Paragraph({
          children: textRuns(text, '仿宋', { size: 32, font: { ascii: 'Times New Roman', eastAsia: '仿宋' } }),
        });
      const doc = new Document({
        sections: [{ children: [line('服务“33618”产业集群'), line('服务「33618」产业集群')] }],
      });
      const file = join(tmp.dir, 'q.docx');
      writeFileSync(file, await Packer.toBuffer(doc));
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=${pathToFileURL(join(tmp.dir, 'p')).href}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          tmp.dir,
          file,
        ],
        { env: LO_ENV, stdio: 'pipe', timeout: 120_000 },
      );
      const bbox = execFileSync('pdftotext', ['-bbox', join(tmp.dir, 'q.pdf'), '-'], { encoding: 'utf8' });
      const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)<\/word>/g)].map(
        (m) => ({ text: m[3] ?? '', w: Number(m[2]) - Number(m[1]) }),
      );
      const curly = words.find((x) => x.text.includes('“'));
      const corner = words.find((x) => x.text.includes('「'));
      expect(curly).toBeDefined();
      expect(corner).toBeDefined();
      expect(Math.abs((curly?.w ?? 0) - (corner?.w ?? 0))).toBeLessThan(1);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});

describe('a cover title too long for one line', () => {
  it('breaks between words into lines of near-equal length (「参与高等职业教育」「人才培养年度报告」)', async () => {
    const demo = buildDemoExport();
    const model = buildReportModel(demo, demoFramework());
    const lines: string[][] = [];
    for (const [i, title] of ['参与高等职业教育人才培养年度报告', '职业学校质量年度报告审阅汇总'].entries()) {
      const docx = await writeReportDocx(
        { ...model, cover: { ...model.cover, title }, chapters: [], toc: [] },
        { assetBytes: () => Buffer.alloc(0), ...nodeDocxDeps(), pages: 'none' },
      );
      const r = renderPlain(docx, `cover${i}`);
      try {
        // the cover's lines between the school's name and the （2024年度） line
        const cover = (r.lines[0] ?? []).map((l) => l.text);
        const from = cover.indexOf(model.cover.schoolName);
        const to = cover.findIndex((l) => l.startsWith('（'));
        lines.push(cover.slice(from + 1, to));
      } finally {
        r.cleanup();
      }
    }
    expect(lines[0]).toEqual(['参与高等职业教育', '人才培养年度报告']);
    // 14 characters of 36 pt: two lines of 6 and 8, not 12 and a lone 「汇总」
    expect(lines[1]?.length).toBe(2);
    for (const l of lines[1] ?? []) expect([...l].length).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('keeps a long school name whole on one cover page, broken before its （原…）', async () => {
    const demo = buildDemoExport();
    const model = buildReportModel(demo, demoFramework());
    const name = '重庆电子科技职业大学（原重庆电子工程职业学院）';
    const docx = await writeReportDocx(
      { ...model, cover: { ...model.cover, schoolName: name, preparedBy: name }, chapters: [], toc: [] },
      { assetBytes: () => Buffer.alloc(0), ...nodeDocxDeps(), pages: 'none' },
    );
    const r = renderPlain(docx, 'long-name');
    try {
      const cover = (r.lines[0] ?? []).map((l) => l.text);
      expect(cover.slice(0, 2)).toEqual(['重庆电子科技职业大学', '（原重庆电子工程职业学院）']);
      expect(cover).toContain('编制单位：重庆电子科技职业大学');
      // the whole cover on its first page: 编制依据 did not fall onto a page of its own before the 目录
      expect(cover.some((l) => l.startsWith('编制依据：'))).toBe(true);
      expect(flat(r.pages[1] ?? '')).toMatch(/^目录/);
    } finally {
      r.cleanup();
    }
  }, 120_000);
});
