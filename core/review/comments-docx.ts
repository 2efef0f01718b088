/**
 * A school's review comments as a Word document a person reads (审核意见反馈表): A4 in the report's typography
 * (templates/report/styles.json through core/docx: 黑体 headings, 仿宋 body, 宋体 tables, the same margins,
 * running header and page numbers). A title, a small table of who / when / which file, one line on how to use
 * it, then per kind of place (整体意见, 数据表, 报告正文, 校验问题) a table: 序号 | 位置 | 审核意见 | 状态, where
 * 位置 names the place in words with a short quote, and 审核意见 holds the comment, its author and time and the
 * replies below it. The .json stays the machine format the school imports; this file is for reading and printing.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  type ITableCellBorders,
  Packer,
  PageNumber,
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
import { fontTableXml, stylesFonts } from '../docx/font-table';
import { textBoxMm } from '../docx/media';
import { A4, buildDocxStyles, mmToTwips, runOf, S } from '../docx/style-defs';
import { getReportStyles, type ReportStyles } from '../docx/styles';
import { textRuns } from '../docx/text';
import type { ReadableComments, ReadableEntry, ReadableThread } from './comment-places';

export const COMMENTS_DOC_TITLE = '质量年度报告审核意见';
/** column shares of the text width: 序号, 位置, 审核意见, 状态 */
const SHARES = [0.08, 0.29, 0.53, 0.1];
/** a thread with less text than this is kept on one page (a longer one may need to break) */
const KEEP_TOGETHER_CHARS = 600;

interface Ctx {
  st: ReportStyles;
  borders: ITableCellBorders;
  widths: number[];
}

const margins = { top: 60, bottom: 60, left: 100, right: 100 };

/** Table text (宋体); “ ” — … get runs of their own in the Chinese face (core/docx/text.ts) for LibreOffice. */
function textPara(ctx: Ctx, text: string, opts: { bold?: boolean; left?: boolean } = {}) {
  return new Paragraph({
    style: S.tableText,
    ...(opts.left ? { alignment: AlignmentType.LEFT } : {}),
    children: textRuns(text, tableFont(ctx), opts.bold ? { bold: true } : {}),
  });
}

const tableFont = (ctx: Ctx) => ctx.st.table.text.font ?? ctx.st.body.font;

function cell(ctx: Ctx, i: number, children: Paragraph[], fill?: string): TableCell {
  return new TableCell({
    borders: ctx.borders,
    margins,
    verticalAlign: VerticalAlignTable.TOP,
    width: { size: ctx.widths[i] ?? 0, type: WidthType.DXA },
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
    children,
  });
}

/** A line in the case-box face (楷体): quotes of the school's text, and who wrote a comment when. */
function kaiPara(ctx: Ctx, text: string, before = 0): Paragraph {
  return new Paragraph({
    style: S.tableText,
    alignment: AlignmentType.LEFT,
    ...(before ? { spacing: { before } } : {}),
    children: textRuns(
      text,
      ctx.st.case.body.font ?? tableFont(ctx),
      runOf(ctx.st, { ...ctx.st.table.text, font: ctx.st.case.body.font }),
    ),
  });
}

const lines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');

function rootParas(ctx: Ctx, e: ReadableEntry): Paragraph[] {
  return [
    ...lines(e.body).map((l) => textPara(ctx, l, { left: true })),
    kaiPara(ctx, `${e.author}，${e.time}`, 40),
    ...(e.resolvedTime ? [kaiPara(ctx, `已于 ${e.resolvedTime} 标记为已解决`)] : []),
  ];
}

function replyParas(ctx: Ctx, e: ReadableEntry): Paragraph[] {
  // 「答 3.1」 only when it answers another reply, not the thread's first comment
  const to = e.replyTo && !e.no.startsWith(`${e.replyTo}.`) ? `，答 ${e.replyTo}` : '';
  return lines(e.body).map(
    (l, i) =>
      new Paragraph({
        style: S.tableText,
        alignment: AlignmentType.LEFT,
        spacing: { before: i === 0 ? 100 : 0 },
        children: [
          ...(i === 0
            ? [
                new TextRun({ text: `回复 ${e.no}`, bold: true }),
                ...textRuns(`（${e.author}，${e.time}${to}）：`, tableFont(ctx)),
              ]
            : []),
          ...textRuns(l, tableFont(ctx)),
        ],
      }),
  );
}

function threadRow(ctx: Ctx, t: ReadableThread): TableRow {
  const place = [textPara(ctx, t.place.text, { left: true }), ...(t.place.quote ? [kaiPara(ctx, t.place.quote)] : [])];
  const text = [...rootParas(ctx, t.root), ...t.replies.flatMap((r) => replyParas(ctx, r))];
  const chars = [t.root, ...t.replies].reduce((a, e) => a + e.body.length, t.place.text.length + t.place.quote.length);
  return new TableRow({
    cantSplit: chars < KEEP_TOGETHER_CHARS,
    children: [
      cell(ctx, 0, [textPara(ctx, t.root.no)]),
      cell(ctx, 1, place),
      cell(ctx, 2, text),
      cell(ctx, 3, [textPara(ctx, t.root.status, { bold: t.root.comment.status === 'open' })]),
    ],
  });
}

function threadsTable(ctx: Ctx, threads: readonly ReadableThread[]): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: ['序号', '位置', '审核意见', '状态'].map((h, i) =>
      cell(ctx, i, [new Paragraph({ style: S.tableHeader, children: [new TextRun(h)] })], ctx.st.table.headerFill),
    ),
  });
  return new Table({
    rows: [header, ...threads.map((t) => threadRow(ctx, t))],
    width: { size: ctx.widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: ctx.widths,
    layout: TableLayoutType.FIXED,
  });
}

/** 学校 / 学校代码 / 审核人 / 导出时间 / 审核的文件 / 意见数: label and value side by side. */
function infoTable(ctx: Ctx, rc: ReadableComments, total: number): Table {
  const c = rc.counts;
  const rows: [string, string][] = [
    ['学校', rc.school.code ? `${rc.school.name}（学校代码 ${rc.school.code}）` : rc.school.name],
    ['审核人', rc.reviewer || '（未署名）'],
    ['导出时间', rc.exportedAt],
    ['审核意见', `共 ${c.threads} 条（未解决 ${c.open} 条，已解决 ${c.resolved} 条），回复 ${c.replies} 条`],
    ...(rc.reviewedSha256
      ? ([['所审核的文件', `SHA-256 ${rc.reviewedSha256.slice(0, 16)}…（与学校工作区文件核对）`]] as [string, string][])
      : []),
  ];
  const w = [Math.round(total * 0.22), total - Math.round(total * 0.22)];
  const info: Ctx = { ...ctx, widths: w };
  return new Table({
    rows: rows.map(
      ([k, v]) =>
        new TableRow({
          cantSplit: true,
          children: [
            cell(
              info,
              0,
              [new Paragraph({ style: S.tableHeader, children: [new TextRun(k)] })],
              ctx.st.table.headerFill,
            ),
            cell(info, 1, [textPara(ctx, v, { left: true })]),
          ],
        }),
    ),
    width: { size: total, type: WidthType.DXA },
    columnWidths: w,
    layout: TableLayoutType.FIXED,
  });
}

export async function writeCommentsDocx(rc: ReadableComments, styles?: ReportStyles): Promise<Buffer> {
  const st = styles ?? getReportStyles();
  const total = mmToTwips(textBoxMm(st).widthMm);
  const widths = SHARES.map((s) => Math.floor(total * s));
  widths[2] = (widths[2] ?? 0) + total - widths.reduce((a, b) => a + b, 0);
  const line = { style: BorderStyle.SINGLE, size: 4, color: st.table.borderColor };
  const ctx: Ctx = { st, borders: { top: line, bottom: line, left: line, right: line }, widths };
  const gap = () => new Paragraph({ spacing: { before: 0, after: 0, line: 240 }, children: [] });

  const children: (Paragraph | Table)[] = [
    new Paragraph({ style: S.prefaceHeading, children: [new TextRun(COMMENTS_DOC_TITLE)] }),
    new Paragraph({
      style: S.coverDate,
      spacing: { after: 240 },
      children: textRuns(rc.school.name, st.cover.date.font ?? st.body.font),
    }),
    infoTable(ctx, rc, total),
    gap(),
    new Paragraph({
      children: textRuns(
        '以下是审核人对贵校质量年度报告的意见，按位置分类、依报告顺序排列；「位置」列出意见所指的数据表单元格、报告段落或校验问题，并摘录原文。同一批意见的数据文件（.json）可在质量年报工作台中「导入审核意见」，意见即显示在对应位置，便于逐条修改和回复。',
        st.body.font,
      ),
    }),
    ...(rc.note ? [new Paragraph({ children: textRuns(rc.note, st.body.font) })] : []),
  ];
  if (rc.groups.length === 0) {
    children.push(new Paragraph({ children: [new TextRun('审核人没有提出意见。')] }));
  }
  for (const g of rc.groups) {
    children.push(
      new Paragraph({
        style: S.heading2,
        keepNext: true,
        children: [new TextRun(`${g.heading}（${g.threads.length} 条）`)],
      }),
      threadsTable(ctx, g.threads),
      gap(),
    );
  }

  const m = st.page.marginMm;
  const [before, after] = st.footer.pageNumber.split('{n}');
  const runningTitle = `${rc.school.name}${COMMENTS_DOC_TITLE}`;
  const doc = new Document({
    title: runningTitle,
    creator: rc.reviewer || '质量年报工作台',
    description: `${runningTitle}（${rc.exportedAt}导出）`,
    styles: buildDocxStyles(st),
    sections: [
      {
        properties: {
          page: {
            size: { width: mmToTwips(A4.widthMm), height: mmToTwips(A4.heightMm) },
            margin: {
              top: mmToTwips(m.top),
              bottom: mmToTwips(m.bottom),
              left: mmToTwips(m.left),
              right: mmToTwips(m.right),
              header: mmToTwips(st.page.headerMm),
              footer: mmToTwips(st.page.footerMm),
            },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                style: S.header,
                border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 } },
                children: textRuns(runningTitle, st.header.font ?? st.body.font),
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                style: S.footer,
                children: [
                  new TextRun(before ?? ''),
                  new TextRun({ children: [PageNumber.CURRENT] }),
                  new TextRun(after ?? ''),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  // the report's font table (names, altName, PANOSE) so a machine without 仿宋 / 黑体 substitutes as for the report
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml(stylesFonts(st)) }]);
}
