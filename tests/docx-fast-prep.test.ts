/**
 * core/docx/fast-prep.ts: docx's serialisation steps as plain loops (issue #16). With the locked docx all three are
 * replaced, and a document compiled with them is the document docx's own steps compile, part for part: the demo
 * school (charts native and as pictures, the 目录 probe the page pass lays out) and the report fixture with photos,
 * tables and charts. Each document is built afresh for each side; what docx's counters number differently in two
 * builds of one process (drawing, bookmark and relationship ids) is set aside by the comparison.
 */
import { Document, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { installFastPrep, uninstallFastPrep } from '../core/docx/fast-prep';
import { planChartFigures } from '../core/docx/native-chart';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument } from '../core/docx/write';
import { documentParts } from '../core/docx/zip-parts';
import { buildReportModel } from '../core/report/build';

import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { standInPictures } from './helpers/stand-in-pictures';
import { fixtureFramework, fixtureWorkspace } from './report-fixture';

afterAll(() => {
  installFastPrep(); // as the rest of the process has it (zip-parts.ts installs it on load)
});

/** A part's text without what two builds number differently: times, counters, native charts' random rIds. */
function norm(text: string): string {
  const random = new Map<string, string>();
  return text
    .replace(/<dcterms:(created|modified)[^>]*>[^<]*</g, '<dcterms:$1>T<')
    .replace(/(\b[\w:]*[iI]d)="\d+"/g, '$1="#"')
    .replace(/\brId[0-9A-Za-z_-]{12,}/g, (m) => {
      if (!random.has(m)) random.set(m, `rId~${random.size}`);
      return random.get(m) as string;
    });
}

/** The compiled parts of the document `build` makes, with the steps installed or docx's own. */
function compiled(build: () => Parameters<typeof documentParts>[0], fast: boolean): Map<string, string> {
  if (fast) expect(installFastPrep()).toBe(3);
  else uninstallFastPrep();
  const parts = documentParts(build());
  if (!parts) throw new Error('docx compiler not reachable');
  return new Map([...parts].map(([path, data]) => [path, /\.(xml|rels)$/.test(path) ? norm(strFromU8(data)) : '']));
}

function expectSame(build: () => Parameters<typeof documentParts>[0]) {
  const theirs = compiled(build, false);
  const ours = compiled(build, true);
  expect([...ours.keys()]).toEqual([...theirs.keys()]);
  for (const [path, xml] of theirs) expect(ours.get(path) === xml, path).toBe(true);
  expect((theirs.get('word/document.xml') ?? '').length).toBeGreaterThan(1000);
}

describe('docx serialised by the plain loops', () => {
  const st = getReportStyles();
  const demo = () => buildReportModel(buildDemoExport(), demoFramework());

  it('replaces all three steps of the locked docx', () => {
    uninstallFastPrep();
    expect(installFastPrep()).toBe(3);
    expect(installFastPrep()).toBe(3); // once
  });

  it('the demo school, charts native', () => {
    expectSame(() => {
      const model = demo();
      const plan = planChartFigures(model, st, 'native');
      return buildReportDocument(model, st, standInPictures(model), { charts: plan.native }, () => {});
    });
  });

  it('the demo school, charts as pictures, and its 目录 probe', () => {
    expectSame(() => {
      const model = demo();
      return buildReportDocument(model, st, standInPictures(model), { charts: new Map() }, () => {});
    });
    expectSame(() => {
      const model = demo();
      return buildReportDocument(model, st, standInPictures(model), { charts: new Map(), tocProbe: true }, () => {});
    });
  });

  it('a report with photos, tables and charts', () => {
    expectSame(() => {
      const model = buildReportModel(fixtureWorkspace(), fixtureFramework());
      return buildReportDocument(model, st, standInPictures(model), { charts: new Map() }, () => {});
    });
  });

  it('the quirks: an empty row left out, a cell given its paragraph, undefined attributes dropped', () => {
    expectSame(
      () =>
        new Document({
          sections: [
            {
              children: [
                new Paragraph({ children: [new TextRun({ text: 'a&<b>', bold: true }), new TextRun('')] }),
                new Table({
                  rows: [
                    new TableRow({ children: [new TableCell({ children: [] })], cantSplit: true }),
                    new TableRow({ children: [new TableCell({ children: [new Paragraph('x')] })] }),
                  ],
                }),
              ],
            },
          ],
        }),
    );
  });
});
