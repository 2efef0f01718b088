/**
 * writeReportDocx: the report document model → a .docx (A4, official-document margins and typography from
 * templates/report/styles.json). Three sections: the cover (no header, no page number), the table of contents
 * (Roman page numbers), and the body from 前言 to the 附表 (header with the school and title, page numbers
 * restarting at 1). The TOC is a real field with cached entries, so it reads right before Word updates it.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  Footer,
  Header,
  type ISectionOptions,
  NumberFormat,
  Packer,
  PageNumber,
  Paragraph,
  TableOfContents,
  TextRun,
} from 'docx';
import type { ReportModel } from '../report/model';
import { appendixTable, type ContentCtx, headingParagraph, itemContent } from './content';
import { type MediaDeps, type ProgressFn, prepareMedia, textBoxMm } from './media';
import { A4, buildDocxStyles, mmToTwips, ptToTwips, S } from './style-defs';
import { getReportStyles, type ReportStyles } from './styles';

export type { ChartRenderSize, ProgressFn } from './media';

export interface ReportDocxDeps extends MediaDeps {
  /** typography template; default: the built-in 'official' (templates/report/styles.json) */
  styles?: ReportStyles;
  /** progress for the app's progress bar: images, charts, document, pack */
  onProgress?: ProgressFn;
}

export async function writeReportDocx(model: ReportModel, deps: ReportDocxDeps): Promise<Buffer> {
  const st = deps.styles ?? getReportStyles();
  const progress: ProgressFn = deps.onProgress ?? (() => {});
  const media = await prepareMedia(model, st, deps, progress);

  const ctx: ContentCtx = { st, media, textTwips: mmToTwips(textBoxMm(st).widthMm) };
  const chapterCount = model.chapters.length + (model.preface ? 1 : 0) + 1;
  let done = 0;
  progress({ stage: 'document', done, total: chapterCount });

  const body: FileChild[] = [];
  if (model.preface) {
    // its own style (big, centred) but outline level 1, so the TOC lists it
    body.push(headingParagraph(model.preface.heading, model.preface.anchor, 1, false, S.prefaceHeading));
    for (const it of model.preface.items) body.push(...itemContent(ctx, it));
    progress({ stage: 'document', done: ++done, total: chapterCount });
  }
  model.chapters.forEach((ch, i) => {
    body.push(headingParagraph(ch.heading, ch.anchor, 1, i > 0 || !!model.preface));
    for (const p of ch.intro) body.push(new Paragraph({ children: [new TextRun(p)] }));
    for (const s of ch.sections) {
      if (s.heading) body.push(headingParagraph(s.heading, s.anchor, 2));
      for (const it of s.items) body.push(...itemContent(ctx, it));
    }
    progress({ stage: 'document', done: ++done, total: chapterCount });
  });
  if (model.appendix.tables.length > 0) {
    body.push(headingParagraph(model.appendix.heading, model.appendix.anchor, 1, body.length > 0));
    for (const t of model.appendix.tables) body.push(...appendixTable(ctx, t));
  }
  progress({ stage: 'document', done: ++done, total: chapterCount });

  const m = st.page.marginMm;
  const page = {
    size: { width: mmToTwips(A4.widthMm), height: mmToTwips(A4.heightMm) },
    margin: {
      top: mmToTwips(m.top),
      bottom: mmToTwips(m.bottom),
      left: mmToTwips(m.left),
      right: mmToTwips(m.right),
      header: mmToTwips(st.page.headerMm),
      footer: mmToTwips(st.page.footerMm),
    },
  };
  const [before, after] = st.footer.pageNumber.split('{n}');
  const pageFooter = () =>
    new Footer({
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
    });
  const emptyHeader = new Header({ children: [new Paragraph({ children: [] })] });
  const emptyFooter = new Footer({ children: [new Paragraph({ children: [] })] });
  const runningHeader = new Header({
    children: [
      new Paragraph({
        style: S.header,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 } },
        children: [new TextRun(model.meta.fullTitle)],
      }),
    ],
  });

  const cover: ISectionOptions = {
    properties: { page, verticalAlign: 'top' },
    headers: { default: emptyHeader },
    footers: { default: emptyFooter },
    children: coverContent(model),
  };
  const toc: ISectionOptions = {
    properties: { page: { ...page, pageNumbers: { start: 1, formatType: NumberFormat.UPPER_ROMAN } } },
    headers: { default: emptyHeader },
    footers: { default: pageFooter() },
    children: [
      new Paragraph({ style: S.tocHeading, children: [new TextRun(st.tocHeading.text ?? '目  录')] }),
      new TableOfContents('目录', {
        hyperlink: true,
        headingStyleRange: '1-2',
        cachedEntries: model.toc.map((e) => ({ title: e.text, level: e.level, href: e.anchor })),
      }),
    ],
  };
  const main: ISectionOptions = {
    properties: { page: { ...page, pageNumbers: { start: 1, formatType: NumberFormat.DECIMAL } } },
    headers: { default: runningHeader },
    footers: { default: pageFooter() },
    children: body,
  };

  const doc = new Document({
    title: model.meta.fullTitle,
    creator: model.meta.schoolName,
    description: `${model.meta.fullTitle}（${model.meta.frameworkTitle}）`,
    styles: buildDocxStyles(st),
    features: { updateFields: true },
    sections: [cover, toc, main],
  });
  progress({ stage: 'pack', done: 0, total: 1 });
  const buf = await Packer.toBuffer(doc);
  progress({ stage: 'pack', done: 1, total: 1 });
  return buf;
}

function coverContent(model: ReportModel): Paragraph[] {
  const gap = (pt: number) => new Paragraph({ spacing: { before: ptToTwips(pt), after: 0, line: 240 }, children: [] });
  const line = (style: string, text: string) =>
    new Paragraph({ style, alignment: AlignmentType.CENTER, children: [new TextRun(text)] });
  return [
    gap(110),
    line(S.coverSchool, model.cover.schoolName),
    gap(30),
    line(S.coverTitle, model.cover.title),
    gap(16),
    line(S.coverEdition, model.cover.edition),
    gap(250),
    line(S.coverDate, model.cover.date),
  ];
}
