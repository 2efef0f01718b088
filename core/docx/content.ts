/**
 * Report model items → docx paragraphs and tables. Layout only: every label, number and caption comes from
 * the model (core/report), so the Word file and the HTML preview print the same words.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  type FileChild,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { ChartRun } from 'docx/charts';
import { chartHasData } from '../charts/print-rules';
import type {
  AppendixTable,
  CaseItem,
  ChallengeItem,
  FigureItem,
  ParagraphItem,
  ReportItem,
  TableItem,
} from '../report/model';
import { captionLabelRuns } from './fields';
import { lineEms, measuredWidths } from './measured-widths';
import type { PreparedPicture } from './media';
import { breakNameLines } from './name-lines';
import { mmToTwips, ptToTwips, runOf, S } from './style-defs';
import type { ReportStyles } from './styles';
import { textRuns } from './text';

/** A table as written, in reading order (ContentCtx.tables). */
export interface WrittenTable {
  grid: boolean;
  /** data rows */
  rows: number;
  /** header rows before the data rows (default 1; 2 where a probe's caption is a header row) */
  headerRows?: number;
  /**
   * a grid table split into 续表 parts: the first data row of each part. Each part is a table of its own in the
   * document, with its own header row.
   */
  parts?: readonly number[];
  /** built for its ordinal but left out of a partial probe's document (core/docx/write.ts) */
  omitted?: true;
}

export interface ContentCtx {
  st: ReportStyles;
  media: Map<FigureItem, PreparedPicture>;
  /** native Word charts (core/docx/native-chart.ts), placed instead of a picture */
  charts?: Map<FigureItem, ChartRun>;
  /** text width in twips (tables are laid out to it) */
  textTwips: number;
  /** every table written so far in reading order (case boxes too): a layout's tables are matched to ours by it */
  tables: WrittenTable[];
  /** the probe for the page pass: bookmark each grid table's data rows (see rowBookmark) */
  probe?: boolean;
  /** grid table ordinal → data-row indices that start a 续表 part (from the page pass) */
  splits?: ReadonlyMap<number, readonly number[]>;
  /**
   * probe only: a grid table without splits carries its caption as a repeated header row (see gridTableParts), so
   * that every page it runs onto holds a caption's height, as the document's 续表 captions will
   */
  reserveCaptions?: boolean;
  /** figures drawn smaller than their box, so a chapter's last few lines move back onto its previous page */
  figureScale?: ReadonlyMap<FigureItem, number>;
}

/** The bookmark on a grid table's data row in the probe: its page tells where the table breaks. */
export const rowBookmark = (ordinal: number, row: number) => `qr_${ordinal}_${row}`;

export function headingParagraph(
  st: ReportStyles,
  text: string,
  anchor: string,
  level: 1 | 2,
  pageBreakBefore = false,
  style?: string,
): Paragraph {
  const font = (style === S.prefaceHeading ? st.prefaceHeading : level === 1 ? st.chapterHeading : st.sectionHeading)
    .font;
  return new Paragraph({
    ...(style ? { style } : { heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }),
    pageBreakBefore,
    children: [new Bookmark({ id: anchor, children: textRuns(text, font ?? st.body.font) })],
  });
}

function bodyParagraphs(paragraphs: string[], font: string, lead = '', style?: string, leadBold = true): Paragraph[] {
  return paragraphs.map(
    (text, i) =>
      new Paragraph({
        ...(style ? { style } : {}),
        children: [
          ...(i === 0 && lead ? textRuns(lead, font, { bold: leadBold }) : []),
          ...(text ? textRuns(text, font) : []),
        ],
      }),
  );
}

function paragraphItem(ctx: ContentCtx, it: ParagraphItem): Paragraph[] {
  return bodyParagraphs(it.paragraphs, ctx.st.body.font, it.lead, undefined, ctx.st.lead.bold ?? true);
}

/**
 * 【案例】 as a boxed table: the title in a row of its own that may not split and is kept with the next row, then
 * one row per paragraph, rows free to break across pages (widow control keeps two lines together at each end).
 * One row per paragraph, rather than the whole case in one cell, is what lets LibreOffice break the box between
 * paragraphs instead of moving all of it to the next page, and keeps the title from standing alone at a page foot.
 */
function caseItem(ctx: ContentCtx, it: CaseItem): FileChild[] {
  const { st } = ctx;
  const line = { style: BorderStyle.SINGLE, size: 8, color: st.case.borderColor };
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const paragraphs = it.paragraphs.length ? it.paragraphs : [''];
  const titleFont = st.case.title.font ?? st.body.font;
  const bodyFont = st.case.body.font ?? st.body.font;
  const rows = [
    {
      children: [
        new Paragraph({
          style: S.caseTitle,
          keepNext: true,
          keepLines: true,
          children: textRuns(it.title ? `${it.label}${it.title}` : it.label, titleFont),
        }),
      ],
      title: true,
    },
    ...bodyParagraphs(paragraphs, bodyFont, '', S.caseBody).map((p) => ({ children: [p], title: false })),
  ];
  const last = rows.length - 1;
  ctx.tables.push({ grid: false, rows: rows.length });
  const table = new Table({
    rows: rows.map(
      (r, i) =>
        new TableRow({
          cantSplit: r.title,
          children: [
            new TableCell({
              borders: { top: i === 0 ? line : none, bottom: i === last ? line : none, left: line, right: line },
              shading: { type: ShadingType.CLEAR, color: 'auto', fill: st.case.fill },
              margins: { top: i === 0 ? 100 : 0, bottom: i === last ? 100 : 0, left: 160, right: 160 },
              width: { size: ctx.textTwips, type: WidthType.DXA },
              children: r.children,
            }),
          ],
        }),
    ),
    width: { size: ctx.textTwips, type: WidthType.DXA },
    columnWidths: [ctx.textTwips],
    layout: TableLayoutType.FIXED,
  });
  return [
    // the spacer before the box travels with it, so a box never starts a page with a gap under the header
    new Paragraph({ keepNext: true, spacing: { before: 0, after: 0, line: 120 }, children: [] }),
    table,
    new Paragraph({ spacing: { before: 0, after: 0, line: 120 }, children: [] }),
  ];
}

/** 「图 2-3 标题」 with the number as a SEQ field (cached), so Word can build a 图表目录 from the captions. */
function captionRuns(label: string, captionLine: string, font: string): TextRun[] {
  const rest = captionLine.startsWith(label) ? captionLine.slice(label.length) : '';
  if (!rest && captionLine !== label) return textRuns(captionLine, font);
  return [...captionLabelRuns(label), ...textRuns(rest, font)];
}

function figureItem(ctx: ContentCtx, it: FigureItem): Paragraph[] {
  const pic = ctx.media.get(it);
  const native = ctx.charts?.get(it);
  const picture = native
    ? new Paragraph({ style: S.figure, children: [native] })
    : pic
      ? new Paragraph({
          style: S.figure,
          children: [
            new ImageRun({
              type: pic.type,
              data: pic.data,
              transformation: {
                width: Math.round(pic.widthPx * (ctx.figureScale?.get(it) ?? 1)),
                height: Math.round(pic.heightPx * (ctx.figureScale?.get(it) ?? 1)),
              },
              altText: { name: it.label, title: it.captionLine, description: it.captionLine },
            }),
          ],
        })
      : new Paragraph({
          style: S.figure,
          children: [
            new TextRun({
              text: it.missingAssetId
                ? `（图片缺失：${it.missingAssetId}）`
                : it.chart && !chartHasData(it.chart)
                  ? '（所选年份均无数据）'
                  : '（图表缺失）',
              color: 'C00000',
            }),
          ],
        });
  const out = [
    picture,
    new Paragraph({
      style: S.figureCaption,
      keepNext: !!it.sourceLine,
      children: captionRuns(it.label, it.captionLine, ctx.st.figureCaption.font ?? ctx.st.body.font),
    }),
  ];
  if (it.sourceLine)
    out.push(
      new Paragraph({ style: S.source, children: textRuns(it.sourceLine, ctx.st.sourceLine.font ?? ctx.st.body.font) }),
    );
  return out;
}

interface GridSpec {
  columns: string[];
  rows: { cells: string[]; indent?: number; alignLeft?: number[] }[];
  widths: number[];
}

/**
 * A grid table with its header row repeated on every page (tableHeader), split into parts where the page pass
 * found a page break: each later part opens with a 「续表 2-1」 caption kept with it, so a reader on the next page
 * sees which table goes on. (Word and LibreOffice repeat a header row but cannot vary its text; only a caption of
 * its own can say 续表.) `caption` is the table's first caption paragraph, written first; the caller writes
 * anything after the table.
 *
 * In a probe with reserveCaptions, a table not yet split carries its caption as a first header row instead (no
 * borders or margins: the caption's own height), repeated on every page, so one layout already holds a caption's
 * height at the top of each page the table runs onto, as the document's 续表 parts will: the pages its rows land
 * on are then where its parts start (core/docx/write.ts), without a pass per caption added.
 */
export function gridTableParts(
  ctx: ContentCtx,
  g: GridSpec,
  label: string,
  caption: (spacing?: { before: number }) => Paragraph,
): FileChild[] {
  const ordinal = ctx.tables.length;
  const starts = [...(ctx.splits?.get(ordinal) ?? [])].filter((r) => r > 0 && r < g.rows.length).sort((a, b) => a - b);
  const reserve = !!ctx.probe && !!ctx.reserveCaptions && starts.length === 0;
  const cuts = [0, ...new Set(starts), g.rows.length];
  // the caption row is a second header row (the estimate counts data rows after them); 续表 parts are tables of
  // their own in the document, each with its header row
  ctx.tables.push({
    grid: true,
    rows: g.rows.length,
    ...(reserve ? { headerRows: 2 } : {}),
    ...(cuts.length > 2 ? { parts: cuts.slice(0, -1) } : {}),
  });
  if (reserve) {
    // LibreOffice lets the caption's space above merge with the space below what comes before it, and drops it at
    // the top of a page, but keeps it whole inside a cell: here it stands in an empty paragraph of (almost) no
    // height of its own before the table, and the caption row has none
    const above = new Paragraph({
      keepNext: true,
      spacing: {
        before: ptToTwips(ctx.st.tableCaption.spaceBeforePt ?? 0),
        after: 0,
        line: 1,
        lineRule: LineRuleType.EXACT,
      },
      children: [],
    });
    return [above, gridTable(ctx, g, ordinal, 0, caption({ before: 0 }))];
  }
  const out: FileChild[] = [caption()];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = cuts[k] as number;
    if (k > 0)
      out.push(
        new Paragraph({
          style: S.tableCaption,
          keepNext: true,
          children: textRuns(`续${label}`, ctx.st.tableCaption.font ?? ctx.st.body.font),
        }),
      );
    out.push(gridTable(ctx, { ...g, rows: g.rows.slice(from, cuts[k + 1]) }, ordinal, from));
  }
  return out;
}

function gridTable(ctx: ContentCtx, g: GridSpec, ordinal: number, firstRow: number, captionRow?: Paragraph): Table {
  const { st } = ctx;
  // every cell has the same lines and margins: said once on the table (tblBorders with inside lines, tblCellMar)
  // instead of on each cell, which made a long appendix a megabyte of repeated tcBorders/tcMar; Word and
  // LibreOffice draw the same grid either way
  const line = { style: BorderStyle.SINGLE, size: 4, color: st.table.borderColor };
  const borders = { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };
  const margins = { top: 40, bottom: 40, left: 80, right: 80 };
  const charTwips = ptToTwips(st.table.text.sizePt ?? 10.5);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: g.columns.map(
      (c, i) =>
        new TableCell({
          verticalAlign: VerticalAlignTable.CENTER,
          width: { size: g.widths[i] ?? 0, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: st.table.headerFill },
          children: [
            new Paragraph({ style: S.tableHeader, children: textRuns(c, st.table.header.font ?? st.body.font) }),
          ],
        }),
    ),
  });
  const rows = g.rows.map(
    (r, ri) =>
      new TableRow({
        cantSplit: true,
        children: r.cells.map(
          (text, i) =>
            new TableCell({
              verticalAlign: VerticalAlignTable.CENTER,
              width: { size: g.widths[i] ?? 0, type: WidthType.DXA },
              // a line break in a cell is a paragraph of its own (the review summary's list of items)
              children: text.split('\n').map((line, li) => {
                const runs = textRuns(line, st.table.text.font ?? st.body.font);
                return new Paragraph({
                  style: S.tableText,
                  ...(r.alignLeft?.includes(i) || text.includes('\n')
                    ? { alignment: AlignmentType.LEFT, indent: { left: (r.indent ?? 0) * 2 * charTwips } }
                    : {}),
                  children:
                    ctx.probe && i === 0 && li === 0
                      ? [new Bookmark({ id: rowBookmark(ordinal, firstRow + ri), children: runs })]
                      : runs,
                });
              }),
            }),
        ),
      }),
  );
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const reserved = captionRow
    ? [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: [
            new TableCell({
              columnSpan: g.columns.length,
              width: { size: ctx.textTwips, type: WidthType.DXA },
              margins: { top: 0, bottom: 0, left: 0, right: 0 },
              borders: { top: none, left: none, right: none },
              children: [captionRow],
            }),
          ],
        }),
      ]
    : [];
  return new Table({
    rows: [...reserved, header, ...rows],
    width: { size: ctx.textTwips, type: WidthType.DXA },
    columnWidths: g.widths,
    layout: TableLayoutType.FIXED,
    borders,
    margins,
  });
}

/**
 * Column widths from the text in each column: short columns (序号, 等级, 年份) get room for their whole text so
 * they never wrap mid-word; what is left goes to the long columns in proportion to how much more they need.
 */
export function autoWidths(total: number, columns: string[], rows: string[][]): number[] {
  const charTw = 220; // one CJK character of 五号 (10.5 pt) plus a little spacing, in twips
  const padTw = 240; // left + right cell margins
  const longest = columns.map((c, i) =>
    Math.max([...c].length, ...rows.slice(0, 200).map((r) => [...(r[i] ?? '')].length), 1),
  );
  const need = longest.map((n) => n * charTw + padTw);
  const needSum = need.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (needSum <= total) {
    widths = need.map((n) => Math.floor(n + ((total - needSum) * n) / needSum));
  } else {
    // keep up to 4 characters on one line in every column, share the rest by the remaining need
    const min = longest.map((n) => Math.min(n, 4) * charTw + padTw);
    const minSum = min.reduce((a, b) => a + b, 0);
    if (minSum >= total) {
      widths = min.map((m) => Math.floor((total * m) / minSum));
    } else {
      const extra = need.map((n, i) => n - (min[i] ?? 0));
      const extraSum = extra.reduce((a, b) => a + b, 0) || 1;
      widths = min.map((m, i) => Math.floor(m + ((total - minSum) * (extra[i] ?? 0)) / extraSum));
    }
  }
  widths[widths.length - 1] = (widths[widths.length - 1] ?? 0) + total - widths.reduce((a, b) => a + b, 0);
  return widths;
}

function tableItem(ctx: ContentCtx, it: TableItem): FileChild[] {
  const capFont = ctx.st.tableCaption.font ?? ctx.st.body.font;
  const emTwips = ptToTwips(ctx.st.table.text.sizePt ?? 10.5);
  const widths = it.wrapColumns
    ? measuredWidths(ctx.textTwips, it.columns, it.rows, it.wrapColumns, emTwips)
    : autoWidths(ctx.textTwips, it.columns, it.rows);
  // a school's name too long for its column breaks between its words (「…职业教育中心 / 附属学校」, not 「…中心附 / 属学校」)
  const names = it.nameColumns ?? [];
  const rows = names.length
    ? it.rows.map((cells) =>
        cells.map((c, i) => (names.includes(i) ? breakNameLines(c, lineEms(widths[i] ?? 0, emTwips)) : c)),
      )
    : it.rows;
  const out: FileChild[] = gridTableParts(
    ctx,
    {
      columns: it.columns,
      rows: rows.map((cells) => ({ cells, ...(it.alignLeft ? { alignLeft: it.alignLeft } : {}) })),
      widths,
    },
    it.label,
    (spacing) =>
      new Paragraph({
        style: S.tableCaption,
        ...(spacing ? { spacing } : {}),
        children: captionRuns(it.label, it.captionLine, capFont),
      }),
  );
  if (it.sourceLine)
    out.push(
      new Paragraph({
        style: S.source,
        spacing: { before: 80 },
        children: textRuns(it.sourceLine, ctx.st.sourceLine.font ?? ctx.st.body.font),
      }),
    );
  else out.push(new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [] }));
  return out;
}

function challengeItem(ctx: ContentCtx, it: ChallengeItem): Paragraph[] {
  const { st } = ctx;
  const labelRun = (text: string) => new TextRun({ ...runOf(st, { ...st.body, ...st.challenge.label }), text });
  const block = (label: string, paragraphs: string[]) =>
    (paragraphs.length ? paragraphs : ['']).map(
      (text, i) =>
        new Paragraph({
          children: [...(i === 0 ? [labelRun(label)] : []), ...(text ? textRuns(text, st.body.font) : [])],
        }),
    );
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [
        new Bookmark({
          id: it.anchor,
          children: textRuns(it.heading, st.challenge.heading.font ?? st.body.font, runOf(st, st.challenge.heading)),
        }),
      ],
    }),
    ...block('问题表现：', it.problems),
    ...block('下一步打算：', it.plans),
  ];
}

export function itemContent(ctx: ContentCtx, it: ReportItem): FileChild[] {
  switch (it.kind) {
    case 'paragraph':
      return paragraphItem(ctx, it);
    case 'case':
      return caseItem(ctx, it);
    case 'figure':
      return figureItem(ctx, it);
    case 'table':
      return tableItem(ctx, it);
    case 'challenge':
      return challengeItem(ctx, it);
  }
}

/** Cell margins left + right (gridTable) and a little slack for the font's own side bearings, in twips. */
const VALUE_CELL_PAD_TWIPS = 80 * 2 + 80;

/**
 * The width a value column needs for its longest printed value on one line: digits, point, colon and sign at 0.65 em
 * of the table text (the Noto CJK faces 宋体 maps to draw a digit 0.62 em wide), a CJK character (「不适用」) at 1 em.
 */
function valueColumnTwips(values: readonly string[], sizePt: number): number {
  const em = ptToTwips(sizePt);
  const width = (v: string) => [...v].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 0.65 : 1) * em, 0);
  return Math.ceil(Math.max(0, ...values.map(width))) + VALUE_CELL_PAD_TWIPS;
}

/**
 * One 附表 table. `all`: the appendix's tables, which share one column layout (a table of long values widening its
 * year columns alone made the next table's grid jump).
 */
export function appendixTable(ctx: ContentCtx, t: AppendixTable, all: readonly AppendixTable[] = [t]): FileChild[] {
  const total = ctx.textTwips;
  // a year column is 0.15 of the text width, wider when a long value (99999999.99, 12345678901) would break over
  // two lines there — a reader takes 「99999999.」 over 「99」 for two numbers; the indicator column gives the room
  const need = valueColumnTwips(
    all.flatMap((x) => x.rows.flatMap((r) => r.values)),
    ctx.st.table.text.sizePt ?? 10.5,
  );
  const yearShare = Math.min(0.22, Math.max(0.15, need / total));
  const fixed = [0.08, 0, 0.12, ...t.years.map(() => yearShare)];
  const nameShare = 1 - fixed.reduce((a, b) => a + b, 0);
  const widths = fixed.map((f, i) => Math.floor(total * (i === 1 ? nameShare : f)));
  widths[1] = (widths[1] ?? 0) + total - widths.reduce((a, b) => a + b, 0);
  return [
    ...gridTableParts(
      ctx,
      {
        columns: t.columns,
        rows: t.rows.map((r) => ({ cells: [r.no, r.name, r.unit, ...r.values], indent: r.indent, alignLeft: [1] })),
        widths,
      },
      t.label,
      (spacing) =>
        new Paragraph({
          style: S.tableCaption,
          ...(spacing ? { spacing } : {}),
          children: textRuns(t.captionLine, ctx.st.tableCaption.font ?? ctx.st.body.font),
        }),
    ),
    new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [] }),
  ];
}

export { mmToTwips };
