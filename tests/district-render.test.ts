/**
 * The district draft as its recipient opens it: written by the door `qar district` and the app use
 * (core/review/district-files.ts), converted by LibreOffice WITHOUT updating fields (tests/helpers/plain-render.ts)
 * and read back page by page. A section heading with nothing under it reads as a mistake, and one at a page's foot
 * stands alone there; the cover's 编制日期 is computed as the school report computes it, not the day of export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import { buildReportModel } from '../core/report/build';
import { outlineFor } from '../core/report/outlines';
import { buildDistrictReportModel, districtFrameworkFromId } from '../core/review/district';
import { buildDistrictFiles } from '../core/review/district-files';
import { openWorkspace } from '../core/service';
import { type DistrictSet, writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';
import { flat, footerNumber, type PlainRender, renderPlain } from './helpers/plain-render';

const tmp = makeTempDir('qar-district-render-');
let set: DistrictSet;
let r: PlainRender;
let docText = '';
let headings: string[] = [];
let coverDates: string[] = [];
let exportMonth = '';

beforeAll(async () => {
  set = writeDistrictSet(tmp.dir);
  const out = join(tmp.dir, '区域报告.docx');
  const save = join(tmp.dir, '区域报告.qar');
  const now = new Date();
  exportMonth = `${now.getFullYear()}年${now.getMonth() + 1}月`;
  const res = await buildDistrictFiles({ paths: [set.dir], out, name: '示例区', save });
  expect(res.written).toBe(true);
  const docx = readFileSync(out);
  const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
  docText = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  // the headings as the draft's model has them (the saved draft is the workspace the docx was printed from)
  const s = await openWorkspace(save, { readonly: true });
  try {
    const ws = s.getWorkspace();
    const fw = districtFrameworkFromId(ws.framework.id, getFramework);
    const m = buildDistrictReportModel(ws, fw, 2024, outlineFor(fw));
    headings = m.chapters.flatMap((c) => [c.heading, ...c.sections.flatMap((x) => (x.heading ? [x.heading] : []))]);
  } finally {
    s.close();
  }
  // what each school's own report prints as its 编制日期
  for (const [k, p] of Object.entries(set.files)) {
    if (!['A', 'B', 'C', 'D'].includes(k)) continue;
    const ss = await openWorkspace(p, { readonly: true });
    try {
      const ws = ss.getWorkspace();
      coverDates.push(buildReportModel(ws, getFramework(ws.framework.id)).cover.date);
    } finally {
      ss.close();
    }
  }
  const month = (d: string) => Number(/(\d+)年/.exec(d)?.[1]) * 100 + Number(/年(\d+)月/.exec(d)?.[1]);
  coverDates = coverDates.sort((a, b) => month(a) - month(b));
  r = renderPlain(docx, 'district');
}, 300_000);

afterAll(() => {
  r?.cleanup();
  tmp.cleanup();
});

/** A page's body lines: without the running header (line 0) and the footer's page number. */
function bodyLines(page: string): string[] {
  const lines = page.split('\n').slice(1).map(flat).filter(Boolean);
  if (footerNumber(page) !== undefined) lines.pop();
  return lines;
}

describe('the district draft opened plainly in LibreOffice', () => {
  it('has something under every section heading, and no heading alone at a page’s foot', () => {
    const flatHeadings = new Set(headings.map(flat));
    expect(flatHeadings.size).toBeGreaterThan(20);
    // the body from the first chapter on (the 目录 lists the same headings)
    const firstBody = r.pages.findIndex((p) => bodyLines(p).some((l) => l === flat(headings[0] ?? '')));
    expect(firstBody).toBeGreaterThan(0);
    const body = r.pages.slice(firstBody).map(bodyLines);
    const appendixAt = body.findIndex((lines) => lines.some((l) => l.startsWith('附表1-1')));
    const pages = appendixAt > 0 ? body.slice(0, appendixAt) : body;
    pages.forEach((lines, i) => {
      const last = lines[lines.length - 1] ?? '';
      expect(flatHeadings.has(last), `page ${firstBody + i + 1} ends in the heading 「${last}」`).toBe(false);
    });
    const seq = pages.flat();
    seq.forEach((l, i) => {
      if (!flatHeadings.has(l) || /^\d+[^.\d]/.test(l)) return; // a chapter heading is followed by its first section
      const next = seq[i + 1] ?? '';
      expect(flatHeadings.has(next), `section 「${l}」 is followed directly by 「${next}」`).toBe(false);
    });
  });

  it('says what an empty section lacks and where its text can come from', () => {
    // 1.2 办学条件 has no aggregate and no case; the schools' own reports have it written
    const pending = [...docText.matchAll(/（待补充：[^）]*）/g)].map((m) => m[0]);
    const conditions = pending.find((p) => p.includes('「办学条件」'));
    expect(conditions, pending.join('\n')).toBeDefined();
    expect(conditions).toContain('甲高等职业学院');
  });

  it('dates its cover as the school report does: the month of the newest content, not the day of export', () => {
    const newest = coverDates[coverDates.length - 1] ?? '';
    expect(newest).toMatch(/^\d{4}年\d{1,2}月$/);
    expect(newest).not.toBe(exportMonth);
    expect(/编制日期：[^<]*?月/.exec(docText)?.[0]).toBe(`编制日期：${newest}`);
  });
});
