/**
 * The schema of the report's typography files (templates/report/styles*.json): what ./styles.ts's built-in
 * layouts are checked against, by the tests (tests/docx-styles.test.ts) rather than at every start: the files are
 * compiled into the program, so a hand-edited template is caught when it is built and tested, and a start no
 * longer builds these zod schemas and parses three layouts before the report's photos can begin (issue #16).
 */
import * as z from 'zod';
import { QarError } from '../errors';

const FontName = z.string().min(1).max(60);
const Pt = z.number().min(1).max(100);
const Color = z.string().regex(/^[0-9A-Fa-f]{6}$/, '颜色应为 6 位十六进制，例如 2F5597');

export const TextStyle = z.object({
  font: FontName.optional(),
  sizePt: Pt.optional(),
  bold: z.boolean().optional(),
  /** exact line spacing; absent = single */
  lineSpacingPt: Pt.optional(),
  spaceBeforePt: z.number().min(0).max(100).optional(),
  spaceAfterPt: z.number().min(0).max(100).optional(),
  /** first-line indent in characters (首行缩进 2 字符) */
  firstLineChars: z.number().min(0).max(10).optional(),
  /** left indent in characters */
  indentChars: z.number().min(0).max(10).optional(),
  text: z.string().max(50).optional(),
  /** character spacing in points (−0.25 pt puts GB/T 9704's 28 三号 characters on a 156 mm line) */
  charSpacingPt: z.number().min(-2).max(5).optional(),
});
export type TextStyle = z.infer<typeof TextStyle>;

export const ReportStyles = z.object({
  format: z.literal('qar-report-styles'),
  formatVersion: z.literal(1),
  id: z.string().min(1).max(50),
  name: z.string().min(1).max(100),
  note: z.string().max(2000).default(''),
  /** the short name users pick by: 公文版式 / 报告版式 */
  layoutName: z.string().min(1).max(20).default('公文版式'),
  latinFont: FontName,
  page: z.object({
    marginMm: z.object({
      top: z.number().min(5).max(80),
      bottom: z.number().min(5).max(80),
      left: z.number().min(5).max(80),
      right: z.number().min(5).max(80),
    }),
    headerMm: z.number().min(0).max(60),
    footerMm: z.number().min(0).max(60),
  }),
  /** 封面: school, title, edition, then 编制单位, 编制日期 and 编制依据 (the notice's 文号) lines; `text` is the label */
  cover: z.object({
    school: TextStyle,
    title: TextStyle,
    edition: TextStyle,
    unit: TextStyle.default({ text: '编制单位：' }),
    date: TextStyle,
    notice: TextStyle.default({ text: '编制依据：' }),
  }),
  tocHeading: TextStyle,
  toc1: TextStyle,
  toc2: TextStyle,
  prefaceHeading: TextStyle,
  chapterHeading: TextStyle,
  sectionHeading: TextStyle,
  body: TextStyle.extend({ font: FontName, sizePt: Pt }),
  lead: TextStyle,
  figureCaption: TextStyle,
  tableCaption: TextStyle,
  sourceLine: TextStyle,
  case: z.object({ title: TextStyle, body: TextStyle, borderColor: Color, fill: Color }),
  challenge: z.object({ heading: TextStyle, label: TextStyle }),
  table: z.object({ text: TextStyle, header: TextStyle, headerFill: Color, borderColor: Color }),
  header: TextStyle,
  footer: TextStyle.extend({ pageNumber: z.string().max(30).includes('{n}') }),
  figure: z.object({
    /** photo width as a share of the text width */
    maxWidthRatio: z.number().min(0.2).max(1),
    /** photo height cap as a share of the text height (portrait photos) */
    maxHeightRatio: z.number().min(0.1).max(1),
    chartWidthRatio: z.number().min(0.2).max(1),
    /** chart height / width */
    chartAspect: z.number().min(0.2).max(1.5),
    /** pixels per inch at print size for photos and charts (≥ 200 for print) */
    printDpi: z.number().int().min(96).max(600),
    jpegQuality: z.number().int().min(40).max(100),
  }),
});
export type ReportStyles = z.infer<typeof ReportStyles>;

export function parseReportStyles(data: unknown): ReportStyles {
  const r = ReportStyles.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new QarError(
      'BAD_INPUT',
      `报告样式文件格式不正确（${first?.path.join('.') || '根'}：${first?.message ?? '未知错误'}），请检查样式文件。`,
    );
  }
  return r.data;
}
