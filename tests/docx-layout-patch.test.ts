/**
 * scripts/patch-deps.mjs: the speed fixes to docx/layout (the 目录's page estimate without LibreOffice) change how
 * fast it lays a document out, never where anything lands (a memo keyed without bold fails the mixed-fonts case). The installed layout is the patched one, and the same
 * probes laid out by it and by the released code (rebuilt from the patched file) give the same pages, line for line:
 * the demo school in both layouts, with and without reserved 续表 captions, the report fixture, and a document of
 * Latin, bold, italic, Arabic and East Asian runs in fonts the tables know, know by an alias, and do not know.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Document, type Document as DocxDocument, Paragraph, TextRun } from 'docx';
import * as patchedLayout from 'docx/layout';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContentCtx } from '../core/docx/content';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import type { ReportModel } from '../core/report/model';
import { PATCHED_FILES } from '../scripts/cli-bundle.mjs';
import { isPatched, markerOf, PATCHES, patched, releasedCopyOf } from '../scripts/patch-deps.mjs';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { fixtureFramework, fixtureWorkspace } from './report-fixture';

type Layout = typeof patchedLayout;

const dir = mkdtempSync(join(tmpdir(), 'qar-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** docx/layout as released: the copy the patch script keeps beside the installed file. */
async function releasedLayout(): Promise<Layout> {
  const entry = PATCHES.find((p) => p.file.endsWith('.mjs'));
  if (!entry) throw new Error('no .mjs patch');
  const released = readFileSync(releasedCopyOf(entry.file), 'utf8');
  // the installed file is that copy with these fixes, and the copy has none of them
  expect(readFileSync(entry.file, 'utf8')).toBe(patched(released, entry.fixes, entry.file));
  for (const { from, to } of entry.fixes) {
    expect(released.includes(to)).toBe(false);
    expect(released.includes(from)).toBe(true);
  }
  const file = join(dir, 'layout-released.mjs');
  writeFileSync(file, released);
  return (await import(pathToFileURL(file).href)) as Layout;
}

function probe(model: ReportModel, layout: string, reserveCaptions = false): DocxDocument {
  const tables: ContentCtx['tables'] = [];
  return buildReportDocument(
    model,
    getReportStyles(layout),
    new Map(),
    { tocProbe: true, tables, ...(reserveCaptions ? { reserveCaptions } : {}) },
    () => {},
  );
}

/** Runs in every combination the measuring keys on: fonts by name, alias and unknown name; bold and italic. */
function mixedFonts(): DocxDocument {
  const fonts = ['Times New Roman', '宋体', 'SimSun', '仿宋_GB2312', '黑体', 'Calibri', 'Roboto', 'Arial'];
  const texts = ['职业教育质量年度报告 2024', 'Quality report, 98.51% placed', 'تقرير الجودة السنوي', '“双师型”教师'];
  const children = fonts.flatMap((font, i) =>
    texts.map(
      (text, j) =>
        new Paragraph({
          children: [
            new TextRun({ text, font, bold: (i + j) % 2 === 0, italics: (i + j) % 3 === 0, size: 20 + 2 * j }),
            new TextRun({ text: ` ${text}`, font: { eastAsia: font, ascii: 'Times New Roman' }, bold: j === 1 }),
          ],
        }),
    ),
  );
  return new Document({ sections: [{ children }] });
}

const demo = buildReportModel(buildDemoExport(), demoFramework());
const fixture = buildReportModel(fixtureWorkspace(), fixtureFramework());
const cases: [string, () => DocxDocument][] = [
  ['the demo school, 公文版式', () => probe(demo, 'official')],
  ['the demo school, 报告版式, captions reserved', () => probe(demo, 'report', true)],
  ['the report fixture, 仿宋_GB2312', () => probe(fixture, 'official-gb2312')],
  ['runs in mixed fonts', mixedFonts],
];

describe('docx/layout with the speed fixes', () => {
  it('is what is installed, in every file the CLI bundle watches', () => {
    expect(PATCHES.map((p) => p.file)).toEqual(PATCHED_FILES);
    // npm ci runs the postinstall that patches it; without it every export without LibreOffice is twice as slow
    for (const { file, fixes } of PATCHES)
      expect(isPatched(file, fixes), `${file} (run npm ci, or node scripts/patch-deps.mjs)`).toBe(true);
  });

  it('refuses code it was not checked against, and names its fixes in the first line', () => {
    const { file, fixes } = PATCHES[0] as (typeof PATCHES)[number];
    const released = readFileSync(releasedCopyOf(file), 'utf8');
    const out = patched(released, fixes, 'layout.mjs');
    expect(typeof out).toBe('string');
    expect((out as string).startsWith(markerOf(fixes))).toBe(true);
    // other fixes, another first line: a file patched by an earlier version of the script is patched again
    expect(markerOf(fixes.slice(1))).not.toBe(markerOf(fixes));
    const changed = patched(released.replace('var measuresOf = (font) => {', 'var measuresOf = (f) => {'), fixes, 'x');
    expect(changed).toBeInstanceOf(Error);
    expect((changed as Error).message).toMatch(/第 3 处修改与这个版本的代码对不上/);
    // the spread fix is exact only while no object literal has an accessor
    const withAccessor = released.replace(
      'var measuresOf = ',
      'var o = {\n\tget x() { return 1; }\n};\nvar measuresOf = ',
    );
    const accessor = patched(withAccessor, fixes, 'x');
    expect(accessor).toBeInstanceOf(Error);
    expect((accessor as Error).message).toMatch(/第 1 处修改依赖的前提/);
  });

  it.each(cases)(
    'lays out %s page for page as the released code',
    async (_name, build) => {
      const released = await releasedLayout();
      const theirs = released.layoutDocument(build(), { guess: true });
      const ours = patchedLayout.layoutDocument(build(), { guess: true });
      expect(ours.pages.length).toBeGreaterThan(0);
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    },
    180_000,
  );
});

describe("docx's picture names by Node's SHA-1", () => {
  it('are the names docx itself gives, for bytes, views into bytes, text and an ArrayBuffer', async () => {
    const entry = PATCHES.find((p) => p.file.endsWith('index.mjs'));
    if (!entry) throw new Error('no index.mjs patch');
    const released = readFileSync(releasedCopyOf(entry.file), 'utf8');
    expect(readFileSync(entry.file, 'utf8')).toBe(patched(released, entry.fixes, entry.file));
    const file = join(dir, 'index-released.mjs');
    writeFileSync(file, released);
    const theirs = (await import(pathToFileURL(file).href)) as typeof import('docx');
    const ours = await import('docx');
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const inputs: Parameters<typeof ours.hashedId>[0][] = [
      bytes,
      new Uint8Array(bytes.buffer, bytes.byteOffset + 5, 1000),
      new Uint8Array(0),
      '图 1-1 学校大门',
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 64),
    ];
    for (const [i, data] of inputs.entries()) expect(ours.hashedId(data), `input ${i}`).toBe(theirs.hashedId(data));
    expect(ours.hashedId(bytes)).toBe(createHash('sha1').update(bytes).digest('hex'));
  });
});
