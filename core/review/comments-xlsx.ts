/**
 * A school's review comments as an Excel sheet a person reads and sorts (exceljs): sheet 审核意见 has one row
 * per comment and per reply (序号 3 / 3.1 …, 类型 意见 / 回复, 回复对象), the place in words and the quoted
 * original, the text, author, time (a real date-time, China time) and status; a frozen header, an autofilter,
 * wrapped text and set column widths. Sheet 说明 says whose comments they are, when exported, and how the
 * places were read. The .json stays the machine format the school imports.
 */
import ExcelJS from 'exceljs';
import { wrappedRowHeight } from '../xlsx/wrap';
import { chinaWallClock, PLACE_KIND_LABEL, type ReadableComments, type ReadableEntry } from './comment-places';

export const COMMENTS_SHEET = '审核意见';
export const COMMENTS_INFO_SHEET = '说明';

/** header text and column width (characters) */
export const COMMENT_COLUMNS: readonly (readonly [string, number])[] = [
  ['序号', 7],
  ['类型', 7],
  ['回复对象', 10],
  ['位置分类', 10],
  ['位置', 34],
  ['原文摘录', 34],
  ['审核意见', 60],
  ['审核人', 14],
  ['时间', 18],
  ['状态', 8],
  ['解决时间', 18],
];

const FONT = '宋体';
const HEADER_FILL = 'FFD9E1F2';
const OPEN_FILL = 'FFFFEB9C';
const TIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm';
const FONT_PT = 10.5;
/** the columns of free text (位置, 原文摘录, 审核意见, 审核人): their lines set the row's height */
const TEXT_COLUMNS = [5, 6, 7, 8];

/** A row tall enough for its wrapped texts: LibreOffice prints an .xlsx row at the height it is given. */
function fitRow(row: ExcelJS.Row, widths: readonly number[], cols: readonly number[]): void {
  const height = wrappedRowHeight(
    cols.map((k) => {
      const v = row.getCell(k).value;
      return { text: typeof v === 'string' ? v : '', width: widths[k - 1] ?? 8 };
    }),
    FONT_PT,
  );
  if (height) row.height = height;
}

const INFO_WIDTHS = [24, 90] as const;

export async function writeCommentsXlsx(rc: ReadableComments): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = rc.reviewer || '质量年报工作台';
  const ws = wb.addWorksheet(COMMENTS_SHEET);
  const header = ws.addRow(COMMENT_COLUMNS.map(([h]) => h));
  header.height = 22;
  header.eachCell((c) => {
    c.font = { name: FONT, bold: true, size: 10.5 };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL }, bgColor: { argb: HEADER_FILL } };
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    c.border = { bottom: { style: 'thin', color: { argb: 'FF808080' } } };
  });
  COMMENT_COLUMNS.forEach(([, w], i) => {
    ws.getColumn(i + 1).width = w;
  });

  const add = (e: ReadableEntry, kind: string, place: string, quote: string, reply: boolean) => {
    const resolved =
      e.comment.status === 'resolved' && e.comment.resolvedAt ? chinaWallClock(e.comment.resolvedAt) : null;
    const row = ws.addRow([
      e.no,
      reply ? '回复' : '意见',
      e.replyTo || null,
      kind,
      place,
      quote || null,
      e.body,
      e.author,
      chinaWallClock(e.comment.createdAt) ?? e.time,
      e.status,
      resolved,
    ]);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.font = { name: FONT, size: FONT_PT, ...(reply ? { color: { argb: 'FF404040' } } : {}) };
      c.alignment = { vertical: 'top', wrapText: true, horizontal: col <= 4 || col === 10 ? 'center' : 'left' };
    });
    fitRow(
      row,
      COMMENT_COLUMNS.map(([, w]) => w),
      TEXT_COLUMNS,
    );
    row.getCell(9).numFmt = TIME_FORMAT;
    row.getCell(11).numFmt = TIME_FORMAT;
    if (!reply && e.comment.status === 'open') {
      row.getCell(10).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: OPEN_FILL },
        bgColor: { argb: OPEN_FILL },
      };
    }
  };
  for (const g of rc.groups) {
    const kind = PLACE_KIND_LABEL[g.kind];
    for (const t of g.threads) {
      add(t.root, kind, t.place.text, t.place.quote, false);
      for (const r of t.replies) add(r, kind, t.place.text, '', true);
    }
  }
  const last = Math.max(ws.rowCount, 1);
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'A2' }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: COMMENT_COLUMNS.length } };
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
  };

  const info = wb.addWorksheet(COMMENTS_INFO_SHEET);
  const c = rc.counts;
  const lines: [string, string][] = [
    ['学校', rc.school.name],
    ['学校代码', rc.school.code],
    ['审核人', rc.reviewer || '（未署名）'],
    ['导出时间', rc.exportedAt],
    ['审核意见', `共 ${c.threads} 条（未解决 ${c.open} 条，已解决 ${c.resolved} 条），回复 ${c.replies} 条`],
    ['所审核的文件（SHA-256）', rc.reviewedSha256],
    ['位置说明', rc.note],
    [
      '用途',
      '供阅读、筛选和打印。同一批意见的数据文件（.json）可在质量年报工作台中「导入审核意见」，意见即显示在对应位置。',
    ],
  ];
  for (const [k, v] of lines) {
    const r = info.addRow([k, v]);
    r.getCell(1).font = { name: FONT, bold: true, size: 10.5 };
    r.getCell(2).font = { name: FONT, size: 10.5 };
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    fitRow(r, INFO_WIDTHS, [1, 2]);
  }
  info.getColumn(1).width = INFO_WIDTHS[0];
  info.getColumn(2).width = INFO_WIDTHS[1];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
