/**
 * The 目录. A real TOC field (`\o "1-2" \h \z \u`: heading levels 1–2, links, and — `\u` — paragraphs whose outline
 * level puts them there, which keeps 「前 言」 in the table after Word rebuilds it), inside Word's Table of Contents
 * content control so Word offers 更新目录. Each cached entry is the heading text, a right tab at the text width
 * with dot leaders, and a PAGEREF field to the heading's bookmark whose cached result is the page number.
 *
 * Where the cached page numbers come from matters, because LibreOffice shows a TOC field's cached entries as they
 * are (it does not update indexes on open; measured with LibreOffice 7.4, see docs/report-layout.md), and WPS and
 * Word in Protected View do too:
 * - `pages` given (core/docx/lo-pages.ts: one plain LibreOffice render of the document, read back): exact for
 *   LibreOffice, and as close for Word as Word's layout is to LibreOffice's;
 * - otherwise the writer gives the document docx's layout estimate (docx/layout, which lays pages out as Word does).
 * Word still updates the field on open (settings updateFields), so Word shows its own numbers either way.
 *
 * `probe` writes the entries as plain paragraphs with live PAGEREF fields and a marker around each number: not a
 * TOC field, so LibreOffice computes every page reference itself. Only lo-pages.ts uses it, to read the pages.
 */
import {
  AlignmentType,
  BuilderElement,
  FileChild,
  InternalHyperlink,
  LeaderType,
  LineRuleType,
  Paragraph,
  Tab,
  TabStopType,
  TextRun,
} from 'docx';
import type { ReportModel, TocEntry } from '../report/model';
import { rowBookmark } from './content';
import { fieldBeginRun, fieldEndRun, fieldRun } from './fields';
import { S } from './style-defs';

export const TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u';

/** The marker a probe entry prints around its page number: 「QARTOC7#12#」 is entry 7 on page 12. */
export const PROBE_RE = /QARTOC(\d+)#\s*(\d+)\s*#/g;
/** 「QARROW3_17#12#」: data row 17 of grid table 3 starts on page 12 */
export const ROW_RE = /QARROW(\d+)_(\d+)#\s*(\d+)\s*#/g;

export interface TocOptions {
  textTwips: number;
  /** page number per heading anchor (from a LibreOffice render); absent: the estimate fills the PAGEREF results */
  pages?: ReadonlyMap<string, number>;
  probe?: boolean;
  /** probe only: the grid tables whose rows to report (ordinal, data-row count) */
  rows?: readonly { ordinal: number; rows: number }[];
  /** probe only: the entries to print (a partial probe holds only some chapters); default all */
  entries?: ReadonlySet<number>;
}

function entryParagraph(e: TocEntry, i: number, n: number, o: TocOptions): Paragraph {
  const page = o.pages?.get(e.anchor);
  const style = e.level === 1 ? S.toc1 : S.toc2;
  const tabStops = [{ type: TabStopType.RIGHT, position: o.textTwips, leader: LeaderType.DOT }];
  if (o.probe)
    return new Paragraph({
      style,
      tabStops,
      children: [new TextRun(`${e.text}\tQARTOC${i}#`), fieldRun(`PAGEREF ${e.anchor} \\h`, ''), new TextRun('#')],
    });
  const entry = [
    new TextRun(e.text),
    new TextRun({ children: [new Tab()] }),
    fieldRun(`PAGEREF ${e.anchor} \\h`, page === undefined ? '' : String(page)),
  ];
  return new Paragraph({
    style,
    tabStops,
    children: [
      ...(i === 0 ? [fieldBeginRun(TOC_INSTRUCTION)] : []),
      new InternalHyperlink({ anchor: e.anchor, children: entry }),
      ...(i === n - 1 ? [fieldEndRun()] : []),
    ],
  });
}

/** Word's Table of Contents content control (w:sdt, gallery 「Table of Contents」) around the entries. */
class TocControl extends FileChild {
  constructor(children: Paragraph[]) {
    super('w:sdt');
    this.root.push(
      new BuilderElement({
        name: 'w:sdtPr',
        children: [
          new BuilderElement({
            name: 'w:docPartObj',
            children: [
              new BuilderElement({
                name: 'w:docPartGallery',
                attributes: { val: { key: 'w:val', value: 'Table of Contents' } },
              }),
              new BuilderElement({ name: 'w:docPartUnique' }),
            ],
          }),
        ],
      }),
      new BuilderElement({ name: 'w:sdtContent', children }),
    );
  }
}

export function tocBlock(model: ReportModel, o: TocOptions): FileChild[] {
  const n = model.toc.length;
  if (n === 0) return [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun('（无标题）')] })];
  if (!o.probe) return [new TocControl(model.toc.map((e, i) => entryParagraph(e, i, n, o)))];
  const entries = model.toc.flatMap((e, i) => (!o.entries || o.entries.has(i) ? [entryParagraph(e, i, n, o)] : []));
  // the rows' markers, small and many to a line: only their page numbers are read
  const rowLines = (o.rows ?? []).map(
    (t) =>
      new Paragraph({
        style: S.toc2,
        spacing: { line: 200, lineRule: LineRuleType.EXACT },
        children: Array.from({ length: t.rows }, (_, r) => [
          new TextRun({ text: ` QARROW${t.ordinal}_${r}#`, size: 12 }),
          fieldRun(`PAGEREF ${rowBookmark(t.ordinal, r)} \\h`, '', { size: 12 }),
          new TextRun({ text: '#', size: 12 }),
        ]).flat(),
      }),
  );
  return [...entries, ...rowLines];
}
