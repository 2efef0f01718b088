/**
 * ReportStyles (data) → the docx package's paragraph styles. Every style sets its East Asian font through
 * `font: { ascii, hAnsi, eastAsia }` (Latin digits stay in the Latin font) and the zh-CN language, so Word
 * and LibreOffice pick the intended Chinese face instead of a fallback.
 */
import { AlignmentType, type IParagraphStyleOptions, type IRunOptions, type IStylesOptions, LineRuleType } from 'docx';
import type { ReportStyles, TextStyle } from './styles';

export const MM_TWIPS = 1440 / 25.4;
export const mmToTwips = (mm: number) => Math.round(mm * MM_TWIPS);
export const ptToTwips = (pt: number) => Math.round(pt * 20);
export { A4 } from './geometry';

/** Paragraph style ids used by the writer (Heading1/2 and TOC1/2 keep Word's ids so the TOC field finds them). */
export const S = {
  heading1: 'Heading1',
  heading2: 'Heading2',
  toc1: 'TOC1',
  toc2: 'TOC2',
  tocHeading: 'QarTocHeading',
  prefaceHeading: 'QarPrefaceHeading',
  coverSchool: 'QarCoverSchool',
  coverTitle: 'QarCoverTitle',
  coverEdition: 'QarCoverEdition',
  coverDate: 'QarCoverDate',
  coverUnit: 'QarCoverUnit',
  coverNotice: 'QarCoverNotice',
  figure: 'QarFigure',
  figureCaption: 'QarFigureCaption',
  tableCaption: 'QarTableCaption',
  source: 'QarSource',
  caseTitle: 'QarCaseTitle',
  caseBody: 'QarCaseBody',
  tableText: 'QarTableText',
  tableHeader: 'QarTableHeader',
  header: 'QarHeader',
  footer: 'QarFooter',
} as const;

/**
 * Digits and Latin letters (ascii) in the Latin face; everything else in the East Asian face. hAnsi is the East
 * Asian face too, and the hint says East Asian, so Word draws “ ” ‘ ’ — … · (which sit in the ranges Word may give
 * either font) full-width from 仿宋/黑体 instead of narrow from Times New Roman. LibreOffice ignores both, so
 * content.ts also gives those characters runs of their own in the East Asian face (textRuns).
 */
export function fontOf(st: ReportStyles, font: string | undefined) {
  const east = font ?? st.body.font;
  return { ascii: st.latinFont, hAnsi: east, eastAsia: east, cs: st.latinFont, hint: 'eastAsia' as const };
}

const LANG = { value: 'en-US', eastAsia: 'zh-CN' };

/** Run properties of a text style (merged over the body). */
export function runOf(st: ReportStyles, t: TextStyle): IRunOptions {
  return {
    font: fontOf(st, t.font),
    size: Math.round((t.sizePt ?? st.body.sizePt) * 2),
    sizeComplexScript: Math.round((t.sizePt ?? st.body.sizePt) * 2),
    bold: t.bold ?? false,
    language: LANG,
    ...(t.charSpacingPt ? { characterSpacing: Math.round(t.charSpacingPt * 20) } : {}),
  };
}

function paragraphOf(st: ReportStyles, t: TextStyle, align: (typeof AlignmentType)[keyof typeof AlignmentType]) {
  const size = t.sizePt ?? st.body.sizePt;
  return {
    alignment: align,
    spacing: {
      before: ptToTwips(t.spaceBeforePt ?? 0),
      after: ptToTwips(t.spaceAfterPt ?? 0),
      ...(t.lineSpacingPt
        ? { line: ptToTwips(t.lineSpacingPt), lineRule: LineRuleType.EXACT }
        : { line: 240, lineRule: LineRuleType.AUTO }),
    },
    // explicit zeros: styles inherit the body's 2-character first-line indent from the document defaults otherwise
    indent: {
      firstLine: ptToTwips(size * (t.firstLineChars ?? 0)),
      firstLineChars: Math.round((t.firstLineChars ?? 0) * 100),
      left: ptToTwips(size * (t.indentChars ?? 0)),
    },
  };
}

function style(
  st: ReportStyles,
  id: string,
  name: string,
  t: TextStyle,
  align: (typeof AlignmentType)[keyof typeof AlignmentType],
  extra: Partial<IParagraphStyleOptions['paragraph']> = {},
  outlineLevel?: number,
): IParagraphStyleOptions {
  return {
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: runOf(st, t),
    paragraph: { ...paragraphOf(st, t, align), ...extra, ...(outlineLevel !== undefined ? { outlineLevel } : {}) },
  };
}

export function buildDocxStyles(st: ReportStyles): IStylesOptions {
  const body = st.body;
  const c = AlignmentType.CENTER;
  const j = AlignmentType.JUSTIFIED;
  const l = AlignmentType.LEFT;
  return {
    default: {
      document: {
        run: runOf(st, body),
        // widow control on everywhere (Word's Normal template has it; docDefaults without it means off)
        // (the style typings omit it and overflowPunct, the writer takes both: tests/docx-report.test.ts reads it back).
        // overflowPunct on is Word's own default (a closing mark may hang past the line). It is written out for
        // LibreOffice, which reads it inverted (writerfilter: hanging = val == 0) and so stops hanging: its hanging
        // 。，、 on a full justified line was often not drawn at all (「编制形成报告」 for 「编制形成。报告」)
        paragraph: { ...paragraphOf(st, body, j), ...({ widowControl: true, overflowPunctuation: true } as object) },
      },
    },
    paragraphStyles: [
      style(st, S.heading1, 'heading 1', st.chapterHeading, c, { keepNext: true, keepLines: true }, 0),
      style(
        st,
        S.heading2,
        'heading 2',
        { ...st.sectionHeading, firstLineChars: 0 },
        l,
        { keepNext: true, keepLines: true },
        1,
      ),
      style(st, S.toc1, 'toc 1', st.toc1, l),
      style(st, S.toc2, 'toc 2', st.toc2, l),
      style(st, S.tocHeading, 'QAR 目录标题', { ...st.tocHeading, spaceAfterPt: 16 }, c),
      style(st, S.prefaceHeading, 'QAR 前言标题', { ...st.prefaceHeading, spaceAfterPt: 18 }, c, { keepNext: true }, 0),
      style(st, S.coverSchool, 'QAR 封面学校', st.cover.school, c),
      style(st, S.coverTitle, 'QAR 封面标题', st.cover.title, c),
      style(st, S.coverEdition, 'QAR 封面年度', st.cover.edition, c),
      style(st, S.coverUnit, 'QAR 封面编制单位', st.cover.unit, c),
      style(st, S.coverDate, 'QAR 封面日期', st.cover.date, c),
      style(st, S.coverNotice, 'QAR 封面依据', st.cover.notice, c),
      // figures: single line spacing, or an exact body line height would clip the picture
      style(st, S.figure, 'QAR 图片', { sizePt: body.sizePt, spaceBeforePt: 6 }, c, { keepNext: true }),
      style(st, S.figureCaption, 'QAR 图题', st.figureCaption, c, { keepLines: true }),
      style(st, S.tableCaption, 'QAR 表题', st.tableCaption, c, { keepNext: true, keepLines: true }),
      style(st, S.source, 'QAR 数据来源', st.sourceLine, c),
      // no keepNext here: LibreOffice then keeps the whole case box together, leaving half pages empty
      style(st, S.caseTitle, 'QAR 案例标题', { ...st.case.title, spaceBeforePt: 4, spaceAfterPt: 4 }, c),
      style(st, S.caseBody, 'QAR 案例正文', st.case.body, j),
      style(st, S.tableText, 'QAR 表格文字', st.table.text, c),
      style(st, S.tableHeader, 'QAR 表头', st.table.header, c),
      style(st, S.header, 'QAR 页眉', st.header, c),
      style(st, S.footer, 'QAR 页脚', st.footer, c),
    ],
  };
}
