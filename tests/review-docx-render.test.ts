/**
 * The district reviewer's summary .docx for 100 schools as a reader who just opens it sees it: LibreOffice converts
 * it to PDF WITHOUT updating fields or indexes (tests/helpers/plain-render.ts), as tests/docx-render.test.ts does
 * for the school report. Its tables run to one row per school, so they break across many pages: every page a table
 * runs onto must open with its 续表 caption, and the 目录 must print the pages the headings are on. The summary is
 * written as `qar review --out X.docx` writes it (core/review/write-summary.ts: the page pass over the running
 * LibreOffice, reserved captions), with the fonts a reader's LibreOffice on this machine uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TocPagesInfo } from '../core/docx/write';
import { buildReviewReportModel } from '../core/review/summary-docx';
import { summaryDocx } from '../core/review/write-summary';
import { writeManySchools } from './fixtures/review/many-schools';
import { makeTempDir } from './helpers/files';
import { checkToc, flat, LO_ENV, type PlainRender, renderPlain } from './helpers/plain-render';
import { reviewFolder } from './helpers/review-folder';

const tmp = makeTempDir('qar-review-docx-');
let r: PlainRender;
let titles: string[];
let headers: string[];
let info: TocPagesInfo | undefined;
const saved = { pass: process.env.QAR_PAGE_PASS, fonts: process.env.FONTCONFIG_FILE };

beforeAll(async () => {
  await writeManySchools(tmp.dir, 80, 20);
  const s = await reviewFolder(tmp.dir);
  // the page pass as the CLI runs it (the suite turns it off for tests about other things), with the fonts the
  // plain render uses
  delete process.env.QAR_PAGE_PASS;
  process.env.FONTCONFIG_FILE = LO_ENV.FONTCONFIG_FILE;
  const docx = await summaryDocx(s, '示例区', {
    onTocPages: (i) => {
      info = i;
    },
  });
  const model = buildReviewReportModel(s, { name: '示例区' });
  titles = model.toc.map((e) => e.text);
  headers = [
    ...model.chapters.flatMap((c) =>
      c.sections.flatMap((x) => x.items.flatMap((i) => (i.kind === 'table' ? [flat(i.columns.join(''))] : []))),
    ),
    ...model.appendix.tables.map((t) => flat(t.columns.join(''))),
  ];
  r = renderPlain(docx, 'summary');
}, 600_000);

afterAll(() => {
  r?.cleanup();
  tmp.cleanup();
  if (saved.pass === undefined) delete process.env.QAR_PAGE_PASS;
  else process.env.QAR_PAGE_PASS = saved.pass;
  if (saved.fonts === undefined) delete process.env.FONTCONFIG_FILE;
  else process.env.FONTCONFIG_FILE = saved.fonts;
});

describe('the review summary of 100 schools opened plainly in LibreOffice', () => {
  it('shows the right page number for every TOC entry, without updating the TOC', () => {
    expect(info?.source).toBe('libreoffice');
    const checks = checkToc(r, titles);
    expect(checks.length).toBe(titles.length);
    for (const c of checks) {
      expect(c.printed, `TOC entry 「${c.title}」 has no number`).toMatch(/^\d+$/);
      expect(c.printed, `「${c.title}」 is on page ${c.actual}`).toBe(c.actual);
    }
  });

  it('opens every page a table runs onto with 续表, and has 续表 nowhere else', () => {
    let continued = 0;
    r.pages.forEach((page, i) => {
      // line 0 is the running header
      const lines = page.split('\n').slice(1).map(flat).filter(Boolean);
      const first = lines[0] ?? '';
      if (headers.some((h) => first.startsWith(h))) expect.fail(`page ${i + 1} continues a table without 续表`);
      lines.forEach((l, k) => {
        if (!/^续(附)?表/.test(l)) return;
        continued++;
        expect(k, `续表 in the middle of page ${i + 1}`).toBe(0);
      });
    });
    // the tables of one row per school do run over several pages each
    expect(continued).toBeGreaterThan(10);
  });

  it('finds the 续表 parts in one layout and checks them in a second', () => {
    // pass 1 holds every caption's height (reserveCaptions); pass 2 is the document's own layout and agrees
    expect(info?.passes).toBe(2);
  });
});
