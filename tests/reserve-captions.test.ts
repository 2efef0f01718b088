/**
 * Reserved 续表 captions (core/docx/content.ts gridTableParts, core/docx/write.ts): in the first page pass's probe a
 * grid table not yet split carries its caption as a second repeated header row. Without LibreOffice the pass is
 * docx/layout's estimate (core/docx/estimate-pages.ts), which finds a table's data rows by their index in the
 * table: it must count them after both header rows, or every row's page is read one row off.
 */
import { describe, expect, it } from 'vitest';
import type { ContentCtx } from '../core/docx/content';
import { estimatePageFacts } from '../core/docx/estimate-pages';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';

describe('a probe with reserved captions', () => {
  const model = buildReportModel(buildDemoExport(), demoFramework());
  const st = getReportStyles();
  const probe = (reserveCaptions: boolean) => {
    const tables: ContentCtx['tables'] = [];
    const doc = buildReportDocument(
      model,
      st,
      new Map(),
      { tocProbe: true, tables, ...(reserveCaptions ? { reserveCaptions } : {}) },
      () => {},
    );
    return { doc, tables };
  };

  it('holds the caption in a second header row of every grid table, and nowhere else', () => {
    const { tables } = probe(true);
    const grid = tables.filter((t) => t.grid);
    expect(grid.length).toBeGreaterThan(3);
    for (const t of grid) expect(t.headerRows).toBe(2);
    for (const t of tables.filter((x) => !x.grid)) expect(t.headerRows).toBeUndefined();
    for (const t of probe(false).tables) expect(t.headerRows).toBeUndefined();
  });

  it('gives the estimate every data row of a grid table, counted after both header rows', async () => {
    const { doc, tables } = probe(true);
    const facts = await estimatePageFacts(model, doc, tables);
    const plain = probe(false);
    const plainFacts = await estimatePageFacts(model, plain.doc, plain.tables);
    let checked = 0;
    for (const [ordinal, t] of tables.entries()) {
      if (!t.grid) continue;
      const pages = facts.rows.get(ordinal) ?? [];
      // one page per data row, none read from the caption row (that would make one entry more than there are rows)
      expect(pages.length, `table ${ordinal}`).toBe(t.rows);
      expect(pages.every((p) => Number.isInteger(p))).toBe(true);
      // a caption of the same height in a header row instead of a paragraph: the table's first row lands on the
      // same page
      expect(pages[0], `table ${ordinal}`).toBe(plainFacts.rows.get(ordinal)?.[0]);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  }, 120_000);
});
