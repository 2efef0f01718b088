/**
 * Minimal hand-made .xlsx packages for resource-limit and fuzz tests: one or more worksheets whose XML is given
 * (or generated row by row), so a test can make shapes Excel never writes (a million one-cell rows, a merge over
 * the whole sheet, 200 000 shared strings) in a few MB.
 */
import JSZip from 'jszip';

const CT = (sheets: number, shared: boolean) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join(
    '',
  )}${shared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

export interface SheetSpec {
  name: string;
  /** the whole worksheet XML, or its <sheetData> rows (wrapped for you) */
  xml?: string;
  rows?: string;
}

export function sheetXml(rows: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${rows}</sheetData>${extra}</worksheet>`;
}

/** A workbook zip from sheets (and optional shared strings XML). */
export async function makeXlsx(sheets: SheetSpec[], sharedStrings?: string, level = 9): Promise<Buffer> {
  const z = new JSZip();
  z.file('[Content_Types].xml', CT(sheets.length, !!sharedStrings));
  z.file('_rels/.rels', ROOT_RELS);
  z.file(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  z.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join(
        '',
      )}${sharedStrings ? `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
  );
  sheets.forEach((s, i) => {
    z.file(`xl/worksheets/sheet${i + 1}.xml`, s.xml ?? sheetXml(s.rows ?? ''));
  });
  if (sharedStrings) z.file('xl/sharedStrings.xml', sharedStrings);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level } });
}

/** The issue's workbook: a header row, then `n` one-cell rows (a million gives ≈ 7.5 MB zipped). */
export function millionRowsSheet(n = 1_000_000): string {
  const parts: string[] = [
    '<row r="1"><c r="A1" t="inlineStr"><is><t>指标名称</t></is></c><c r="B1"><v>2024</v></c></row>',
  ];
  for (let r = 2; r <= n + 1; r++) parts.push(`<row r="${r}"><c r="B${r}"><v>${r}</v></c></row>`);
  return sheetXml(parts.join(''));
}
