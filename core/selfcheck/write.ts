/**
 * 自评 as a file: a Word document to read and pass round, or an Excel sheet to sort and annotate. Both say the
 * disclaimer first (the items and scores are the tool's own judgement) and give every item its evidence, fix and basis.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { textRuns } from '../docx/text';
import type { SelfcheckResult } from './score';

const FONT = '宋体';
const HEAD_FONT = '黑体';
const BASIS_LABEL = { notice: '通知要求', seed: '示范报告做法', tool: '工具自定' } as const;

const cell = (text: string, opts: { bold?: boolean; width?: number } = {}) =>
  new TableCell({
    width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
    children: [
      new Paragraph({ children: textRuns(text, opts.bold ? HEAD_FONT : FONT, { size: 20, bold: opts.bold }) }),
    ],
  });

export async function selfcheckDocx(r: SelfcheckResult, schoolName: string): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: textRuns(`${schoolName}质量年度报告（${r.year}年度）自评`, HEAD_FONT, { size: 32, bold: true }),
    }),
    new Paragraph({ children: textRuns(`总体 ${r.total} 分（四个维度的平均，满分 100）。`, FONT, { size: 24 }) }),
    new Paragraph({ children: textRuns(r.disclaimer, FONT, { size: 20, italics: true }) }),
  ];
  for (const d of r.dimensions) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: textRuns(`${d.title}（${d.official}）：${d.score} 分`, HEAD_FONT, { size: 28, bold: true }),
      }),
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: [
              cell('项目', { bold: true, width: 18 }),
              cell('得分', { bold: true, width: 8 }),
              cell('证据', { bold: true, width: 30 }),
              cell('改进', { bold: true, width: 24 }),
              cell('依据', { bold: true, width: 20 }),
            ],
          }),
          ...d.items.map(
            (i) =>
              new TableRow({
                children: [
                  cell(i.title),
                  cell(String(i.score)),
                  cell(i.evidence),
                  cell(i.fix || '—'),
                  cell(`${BASIS_LABEL[i.basis.kind]}：${i.basis.text.replace(/^[^：]*：/, '')}`),
                ],
              }),
          ),
        ],
      }),
    );
  }
  const doc = new Document({
    title: `${schoolName}质量年度报告（${r.year}年度）自评`,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

export async function selfcheckXlsx(r: SelfcheckResult, schoolName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('自评');
  ws.columns = [
    { header: '维度', key: 'dim', width: 14 },
    { header: '维度得分', key: 'dimScore', width: 10 },
    { header: '项目', key: 'title', width: 26 },
    { header: '得分', key: 'score', width: 8 },
    { header: '权重', key: 'weight', width: 8 },
    { header: '证据', key: 'evidence', width: 50 },
    { header: '改进', key: 'fix', width: 44 },
    { header: '依据类别', key: 'basisKind', width: 14 },
    { header: '依据', key: 'basis', width: 60 },
  ];
  for (const d of r.dimensions)
    for (const i of d.items)
      ws.addRow({
        dim: `${d.title}（${d.official}）`,
        dimScore: d.score,
        title: i.title,
        score: i.score,
        weight: i.weight,
        evidence: i.evidence,
        fix: i.fix,
        basisKind: BASIS_LABEL[i.basis.kind],
        basis: i.basis.text,
      });
  ws.getRow(1).font = { bold: true };
  const note = wb.addWorksheet('说明');
  note.getColumn(1).width = 120;
  note.addRow([`${schoolName}质量年度报告（${r.year}年度）自评：总体 ${r.total} 分`]);
  note.addRow([r.disclaimer]);
  note.getRow(2).alignment = { wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
