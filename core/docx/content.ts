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
  type ITableCellBorders,
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
import type {
  AppendixTable,
  CaseItem,
  ChallengeItem,
  FigureItem,
  ParagraphItem,
  ReportItem,
  TableItem,
} from '../report/model';
import type { PreparedPicture } from './media';
import { mmToTwips, ptToTwips, runOf, S } from './style-defs';
import type { ReportStyles } from './styles';

export interface ContentCtx {
  st: ReportStyles;
  media: Map<FigureItem, PreparedPicture>;
  /** text width in twips (tables are laid out to it) */
  textTwips: number;
}

export function headingParagraph(
  text: string,
  anchor: string,
  level: 1 | 2,
  pageBreakBefore = false,
  style?: string,
): Paragraph {
  return new Paragraph({
    ...(style ? { style } : { heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }),
    pageBreakBefore,
    children: [new Bookmark({ id: anchor, children: [new TextRun(text)] })],
  });
}

function bodyParagraphs(paragraphs: string[], lead = '', style?: string, leadBold = true): Paragraph[] {
  return paragraphs.map(
    (text, i) =>
      new Paragraph({
        ...(style ? { style } : {}),
        children: [
          ...(i === 0 && lead ? [new TextRun({ text: lead, bold: leadBold })] : []),
          ...(text ? [new TextRun(text)] : []),
        ],
      }),
  );
}

function paragraphItem(ctx: ContentCtx, it: ParagraphItem): Paragraph[] {
  return bodyParagraphs(it.paragraphs, it.lead, undefined, ctx.st.lead.bold ?? true);
}

function caseItem(ctx: ContentCtx, it: CaseItem): FileChild[] {
  const { st } = ctx;
  const line = { style: BorderStyle.SINGLE, size: 8, color: st.case.borderColor };
  const borders: ITableCellBorders = { top: line, bottom: line, left: line, right: line };
  const title = new Paragraph({
    style: S.caseTitle,
    children: [new TextRun(it.title ? `${it.label}${it.title}` : it.label)],
  });
  const cell = new TableCell({
    borders,
    shading: { type: ShadingType.CLEAR, color: 'auto', fill: st.case.fill },
    margins: { top: 100, bottom: 100, left: 160, right: 160 },
    width: { size: ctx.textTwips, type: WidthType.DXA },
    children: [title, ...bodyParagraphs(it.paragraphs.length ? it.paragraphs : [''], '', S.caseBody)],
  });
  return [
    new Paragraph({ spacing: { before: 0, after: 0, line: 120 }, children: [] }),
    new Table({
      rows: [new TableRow({ children: [cell] })],
      width: { size: ctx.textTwips, type: WidthType.DXA },
      columnWidths: [ctx.textTwips],
      layout: TableLayoutType.FIXED,
    }),
    new Paragraph({ spacing: { before: 0, after: 0, line: 120 }, children: [] }),
  ];
}

function figureItem(ctx: ContentCtx, it: FigureItem): Paragraph[] {
  const pic = ctx.media.get(it);
  const picture = pic
    ? new Paragraph({
        style: S.figure,
        children: [
          new ImageRun({
            type: pic.type,
            data: pic.data,
            transformation: { width: pic.widthPx, height: pic.heightPx },
            altText: { name: it.label, title: it.captionLine, description: it.captionLine },
          }),
        ],
      })
    : new Paragraph({
        style: S.figure,
        children: [
          new TextRun({
            text: it.missingAssetId ? `（图片缺失：${it.missingAssetId}）` : '（图表缺失）',
            color: 'C00000',
          }),
        ],
      });
  const out = [
    picture,
    new Paragraph({ style: S.figureCaption, keepNext: !!it.sourceLine, children: [new TextRun(it.captionLine)] }),
  ];
  if (it.sourceLine) out.push(new Paragraph({ style: S.source, children: [new TextRun(it.sourceLine)] }));
  return out;
}

function cellBorders(color: string): ITableCellBorders {
  const line = { style: BorderStyle.SINGLE, size: 4, color };
  return { top: line, bottom: line, left: line, right: line };
}

interface GridSpec {
  columns: string[];
  rows: { cells: string[]; indent?: number; alignLeft?: number[] }[];
  widths: number[];
}

/** A plain grid table with a header row repeated on every page (tableHeader). */
export function gridTable(ctx: ContentCtx, g: GridSpec): Table {
  const { st } = ctx;
  const borders = cellBorders(st.table.borderColor);
  const margins = { top: 40, bottom: 40, left: 80, right: 80 };
  const charTwips = ptToTwips(st.table.text.sizePt ?? 10.5);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: g.columns.map(
      (c, i) =>
        new TableCell({
          borders,
          margins,
          verticalAlign: VerticalAlignTable.CENTER,
          width: { size: g.widths[i] ?? 0, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: st.table.headerFill },
          children: [new Paragraph({ style: S.tableHeader, children: [new TextRun(c)] })],
        }),
    ),
  });
  const rows = g.rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: r.cells.map(
          (text, i) =>
            new TableCell({
              borders,
              margins,
              verticalAlign: VerticalAlignTable.CENTER,
              width: { size: g.widths[i] ?? 0, type: WidthType.DXA },
              children: [
                new Paragraph({
                  style: S.tableText,
                  ...(r.alignLeft?.includes(i)
                    ? { alignment: AlignmentType.LEFT, indent: { left: (r.indent ?? 0) * 2 * charTwips } }
                    : {}),
                  children: [new TextRun(text)],
                }),
              ],
            }),
        ),
      }),
  );
  return new Table({
    rows: [header, ...rows],
    width: { size: ctx.textTwips, type: WidthType.DXA },
    columnWidths: g.widths,
    layout: TableLayoutType.FIXED,
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
  const out: FileChild[] = [new Paragraph({ style: S.tableCaption, children: [new TextRun(it.captionLine)] })];
  out.push(
    gridTable(ctx, {
      columns: it.columns,
      rows: it.rows.map((cells) => ({ cells })),
      widths: autoWidths(ctx.textTwips, it.columns, it.rows),
    }),
  );
  if (it.sourceLine)
    out.push(new Paragraph({ style: S.source, spacing: { before: 80 }, children: [new TextRun(it.sourceLine)] }));
  else out.push(new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [] }));
  return out;
}

function challengeItem(ctx: ContentCtx, it: ChallengeItem): Paragraph[] {
  const { st } = ctx;
  const labelRun = (text: string) => new TextRun({ ...runOf(st, { ...st.body, ...st.challenge.label }), text });
  const block = (label: string, paragraphs: string[]) =>
    (paragraphs.length ? paragraphs : ['']).map(
      (text, i) =>
        new Paragraph({ children: [...(i === 0 ? [labelRun(label)] : []), ...(text ? [new TextRun(text)] : [])] }),
    );
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [
        new Bookmark({
          id: it.anchor,
          children: [new TextRun({ ...runOf(st, st.challenge.heading), text: it.heading })],
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

export function appendixTable(ctx: ContentCtx, t: AppendixTable): FileChild[] {
  const total = ctx.textTwips;
  const fixed = [0.08, 0, 0.12, ...t.years.map(() => 0.15)];
  const nameShare = 1 - fixed.reduce((a, b) => a + b, 0);
  const widths = fixed.map((f, i) => Math.floor(total * (i === 1 ? nameShare : f)));
  widths[1] = (widths[1] ?? 0) + total - widths.reduce((a, b) => a + b, 0);
  return [
    new Paragraph({ style: S.tableCaption, children: [new TextRun(t.captionLine)] }),
    gridTable(ctx, {
      columns: t.columns,
      rows: t.rows.map((r) => ({ cells: [r.no, r.name, r.unit, ...r.values], indent: r.indent, alignLeft: [1] })),
      widths,
    }),
    new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [] }),
  ];
}

export { mmToTwips };
