/**
 * A value is printed as the school entered it: head counts and areas print whole when they are whole (seed 003:
 * 「218400 平方米」), and with their own decimals (up to the framework's) when the school typed a fraction
 * (校舍建筑面积 12800.55 平方米, 折合在校生数 11830.5). Every view that prints a value — the 附表 (report model →
 * Word and the app's preview), the text's bound figures and their comparisons, the district/summary formatter,
 * the indicator workbook (.xlsx) and the findings — agrees with the grid's cell text for it. A real .qar (SQLite)
 * on the 2026 editions, real .docx and .xlsx bytes.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValueLabel } from '../core/charts/print-rules';
import { renderChartPng } from '../core/charts/render-node';
import { buildChartSpec } from '../core/charts/spec';
import { writeReportDocx } from '../core/docx/write';
import { figureSource, renderFigureText } from '../core/figures/render';
import { figureMarker } from '../core/figures/tokens';
import { getFramework } from '../core/framework/registry';
import { allIndicators, type Framework, type Indicator } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { formatIndicatorValue, proseValue } from '../core/report/format';
import { aggregateLevel } from '../core/review/aggregate';
import { openWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { formatIndicatorValue as findingValue } from '../core/validate/format';
import { valuesOf } from '../core/values/resolve';
import { createWorkspace } from '../core/workspace-io';
import { exportValuesXlsx } from '../core/xlsx/export';
import { cellText } from '../renderer/lib/values';
import { plant } from './fixtures/validate/schools';
import { makeTempDir } from './helpers/files';
import { renderPlain } from './helpers/plain-render';

const tmp = makeTempDir('qar-print-precision-');
afterAll(() => tmp.cleanup());

interface School {
  ws: Workspace;
  fw: Framework;
}
const schools: Record<'zhongzhi' | 'gaozhi', School> = {} as never;

/** [indicator, 2025 value, 2026 value]: fractions, whole values, zeros, a very large number. */
const ZHONGZHI: [string, number | null, number | null][] = [
  ['building_area', 12000, 12800.55],
  ['land_area', 218400, 218400.5],
  ['students_fulltime', 3210, 3305],
  ['books', 0, 12345678901],
  ['equipment_value', 99999999.99, 1234.5],
  ['teachers_fulltime', 214, 230],
];
const GAOZHI: [string, number | null, number | null][] = [
  ['students_equivalent', 11830, 11830.5],
  ['teachers_total', 601.5, 612],
  ['teaching_admin_area', 218400, 218400.25],
];

async function school(name: string, level: '中职' | '高职', rows: typeof ZHONGZHI): Promise<School> {
  const path = join(tmp.dir, `${name}.qar`);
  const fwId = level === '中职' ? 'cn-2026-zhongzhi' : 'cn-2026-gaozhi';
  const fw = getFramework(fwId);
  createWorkspace(path, {
    profile: { name, code: '', level, category: '工科', region: '重庆市', reportYear: 2026 },
    framework: { id: fw.id, version: fw.version },
  });
  const s = await openWorkspace(path);
  try {
    s.setValues(
      rows.flatMap(([id, a, b]) => [
        { year: 2025, indicatorId: id, value: a },
        { year: 2026, indicatorId: id, value: b },
      ]),
      'manual',
    );
    if (level === '中职') {
      // a chart of the very large value: its label must print on one line (the editable chart wrapped it)
      const section = s.getWorkspace().sections[0]!;
      s.createBlock(section.id, {
        kind: 'chart',
        caption: '图书',
        chartType: 'bar',
        indicators: ['books'],
        years: [2025, 2026],
        source: '学校统计',
      });
      s.setValues(
        [{ year: 2026, indicatorId: 'intl_students', value: null, notApplicable: true, note: '本校未招收留学生' }],
        'manual',
        fw,
      );
    }
    return { ws: s.getWorkspace(), fw };
  } finally {
    s.close();
  }
}

beforeAll(async () => {
  schools.zhongzhi = await school('测试中职学校', '中职', ZHONGZHI);
  schools.gaozhi = await school('测试高职学院', '高职', GAOZHI);
}, 60_000);

const indOf = (fw: Framework, id: string): Indicator => {
  const i = allIndicators(fw).find((x) => x.id === id);
  if (!i) throw new Error(`no indicator ${id}`);
  return i;
};

describe('a fraction the school typed is printed, a whole value prints whole', () => {
  it.each([
    ['cn-2026-zhongzhi', 'building_area', 12800.55, '12800.55', '12800.55 平方米'],
    ['cn-2026-zhongzhi', 'building_area', 12800.5, '12800.5', '12800.5 平方米'],
    ['cn-2026-zhongzhi', 'building_area', 218400, '218400', '218400 平方米'],
    ['cn-2026-gaozhi', 'students_equivalent', 11830.5, '11830.5', '11830.5 人'],
    ['cn-2026-gaozhi', 'students_equivalent', 11830, '11830', '11830 人'],
    ['cn-2026-gaozhi', 'teachers_total', 601.5, '601.5', '601.5 人'],
    // per-head and money keep the framework's decimals, trailing zero and all (seed 003: 2945.60万元)
    ['cn-2026-gaozhi', 'equipment_value', 2945.6, '2945.60', '2945.60 万元'],
    ['cn-2026-gaozhi', 'books_per_student', 62.354, '62.35', '62.35 册'],
  ])('%s %s %d → %s / %s', (fwId, id, v, table, prose) => {
    const ind = indOf(getFramework(fwId), id);
    expect(formatIndicatorValue(v, ind)).toBe(table);
    expect(proseValue(v, ind)).toBe(prose);
  });

  it('a bound figure and its change print the typed decimals; the change is the difference of the printed values', () => {
    const { ws, fw } = schools.zhongzhi;
    const src = figureSource(fw, valuesOf(ws, fw));
    const fig = figureMarker({ form: 'fig', indicatorId: 'building_area', year: 2026 });
    const chg = figureMarker({ form: 'chg', indicatorId: 'building_area', year: 2026, baseYear: 2025 });
    expect(renderFigureText(fig, src)).toBe('12800.55 平方米');
    expect(renderFigureText(chg, src)).toBe('较上年增加 800.55 平方米');
    const land = figureMarker({ form: 'chg', indicatorId: 'land_area', year: 2026, baseYear: 2025 });
    expect(renderFigureText(land, src)).toBe('较上年增加 0.5 平方米');
  });
});

/** The appendix cell of an indicator in the report model, by year column. */
function appendixCell(s: School, id: string, year: number): string {
  const m = buildReportModel(s.ws, s.fw, { year: 2026 });
  for (const t of m.appendix.tables) {
    const r = t.rows.find((x) => x.indicatorId === id);
    const col = t.years.indexOf(year);
    if (r && col >= 0) return r.values[col] ?? '';
  }
  throw new Error(`${id} ${year} not in the appendix`);
}

describe('every view prints what the grid shows', () => {
  const cases = [
    ...ZHONGZHI.map(([id]) => ['zhongzhi', id] as const),
    ...GAOZHI.map(([id]) => ['gaozhi', id] as const),
  ];
  it.each(cases)('%s %s: grid = 附表 = findings number = xlsx display', async (which, id) => {
    const s = schools[which];
    const ind = indOf(s.fw, id);
    const vals = valuesOf(s.ws, s.fw);
    for (const year of [2025, 2026]) {
      const grid = cellText(vals.resolve(id, year), ind);
      expect(appendixCell(s, id, year)).toBe(grid);
      expect(findingValue(vals.value(id, year), ind)).toBe(`${grid}${ind.unit}`);
    }
  });

  it('a chart labels each bar as the 附表 prints it: whole counts and areas whole, a typed fraction with its digits', () => {
    const labels = (s: School, id: string) => {
      const spec = buildChartSpec(s.ws, s.fw, {
        kind: 'chart',
        caption: '',
        chartType: 'bar',
        indicators: [id],
        years: [2025, 2026],
        source: '',
      });
      const series = spec.series[0]!;
      return series.values.map((v) => (v === null ? null : formatValueLabel(spec, series, v)));
    };
    // whole series print whole, as the 附表 does (they printed 11830.0 and 218400.00)
    const whole = (s: School, id: string, years: [number, number]) => {
      const spec = buildChartSpec(s.ws, s.fw, {
        kind: 'chart',
        caption: '',
        chartType: 'line',
        indicators: [id],
        years,
        source: '',
      });
      return spec.series[0]!.values.map((v) => (v === null ? null : formatValueLabel(spec, spec.series[0]!, v)));
    };
    expect(whole(schools.gaozhi, 'students_equivalent', [2025, 2025])).toEqual(['11830']);
    expect(whole(schools.gaozhi, 'teaching_admin_area', [2025, 2025])).toEqual(['218400']);
    expect(labels(schools.zhongzhi, 'students_fulltime')).toEqual(['3210', '3305']);
    expect(labels(schools.zhongzhi, 'books')).toEqual(['0', '12345678901']);
    // a typed fraction is never rounded away, and its whole neighbour prints whole, each label as the 附表 prints
    // its cell (they read 11830.0, 218400.00 and 12000.00: one format for the series; tests/chart-labels.test.ts)
    expect(labels(schools.gaozhi, 'students_equivalent')).toEqual(['11830', '11830.5']);
    expect(labels(schools.gaozhi, 'teaching_admin_area')).toEqual(['218400', '218400.25']);
    expect(labels(schools.zhongzhi, 'building_area')).toEqual(['12000', '12800.55']);
    for (const [which, id] of [
      ['gaozhi', 'students_equivalent'],
      ['gaozhi', 'teaching_admin_area'],
      ['zhongzhi', 'building_area'],
    ] as const)
      expect(labels(schools[which], id)).toEqual([2025, 2026].map((y) => appendixCell(schools[which], id, y)));
  });

  it('the Word 附表 holds the typed fractions and the whole values as typed', async () => {
    const { ws, fw } = schools.zhongzhi;
    const docx = await writeReportDocx(buildReportModel(ws, fw, { year: 2026 }), {
      assetBytes: () => Buffer.alloc(0),
      renderChart: () => Promise.reject(new Error('no charts in this report')),
      pages: 'none',
    });
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
    for (const text of ['12800.55', '218400.5', '218400', '12000', '12345678901', '3305']) {
      expect(xml).toContain(`>${text}<`);
    }
    expect(xml).not.toContain('>12801<');
    // the six tables share one column layout: widening one table's year columns for its long values made the
    // next table's grid jump
    const grids = new Set([...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) => m[1]));
    expect(xml.match(/<w:tblGrid>/g)?.length).toBeGreaterThanOrEqual(6);
    expect(grids.size).toBe(1);
  }, 60_000);

  it('the indicator workbook shows each number as the grid does (a whole area without .00, a fraction with its digits)', async () => {
    for (const which of ['zhongzhi', 'gaozhi'] as const) {
      const { ws, fw } = schools[which];
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await exportValuesXlsx(ws, fw)) as never);
      const vals = valuesOf(ws, fw);
      for (const [id] of which === 'zhongzhi' ? ZHONGZHI : GAOZHI) {
        const ind = indOf(fw, id);
        let found = 0;
        wb.eachSheet((sheet) => {
          const header = sheet.getRow(1);
          const column = (year: number) => {
            for (let c = 1; c <= header.cellCount; c++) if (header.getCell(c).value === `${year}年`) return c;
            throw new Error(`no ${year}年 column`);
          };
          sheet.eachRow((row) => {
            if (row.getCell(1).value !== id) return;
            for (const year of [2025, 2026]) {
              const cell = row.getCell(column(year));
              expect(cell.value).toBe(vals.value(id, year));
              expect(excelDisplay(cell.value as number, cell.numFmt)).toBe(cellText(vals.resolve(id, year), ind));
              found++;
            }
          });
        });
        expect(found, id).toBe(2);
      }
    }
  });
});

/** What Excel shows for a number under the simple formats the workbook uses: 0, 0.0…, General, 0.00":1". */
function excelDisplay(value: number, numFmt: string | undefined): string {
  if (!numFmt || numFmt === 'General') return String(value);
  const m = /^0(?:\.(0+))?(?:"(:1)")?$/.exec(numFmt);
  if (!m) throw new Error(`unexpected number format ${numFmt}`);
  return value.toFixed(m[1]?.length ?? 0) + (m[2] ?? '');
}

describe('an empty optional row of the 2025 edition', () => {
  // seeds/001 L1484–1503: an indicator table prints one 「—」 in each cell without a value (「9 打造大中小学数字化劳动
  // 教育课程资源（节） — 100」); the 附表 does the same for every row it prints. The rows the 2025 edition added as
  // 待核实 ([U]) are not printed while empty (tests/appendix-unconfirmed-rows.test.ts): an unconfirmed row ships off.
  it('prints one 「—」 per empty year cell in the Word 附表, next to rows that have values', async () => {
    const path = join(tmp.dir, '2025.qar');
    const fw = getFramework('cn-2025-gaozhi');
    createWorkspace(path, {
      profile: { name: '测试高职学院', code: '', level: '高职', category: '工科', region: '重庆市', reportYear: 2025 },
      framework: { id: fw.id, version: fw.version },
    });
    const s = await openWorkspace(path);
    let ws: Workspace;
    try {
      s.setValues(
        [2024, 2025].flatMap((year) => [
          { year, indicatorId: 'teachers_fulltime', value: 700 },
          { year, indicatorId: 'special_funding', value: 1200.5 },
        ]),
        'manual',
      );
      ws = s.getWorkspace();
    } finally {
      s.close();
    }
    const optional = ['enterprise_equipment_value', 'internship_funding'];
    for (const id of optional) expect(indOf(fw, id).required).toBe(false);
    const unconfirmed = ['teachers_senior', 'senior_teacher_rate', 'special_funding_per_student'];
    for (const id of unconfirmed) expect(indOf(fw, id).confidence).toBe('U');
    const m = buildReportModel(ws, fw, { year: 2025 });
    const rows = m.appendix.tables.flatMap((t) => t.rows);
    for (const id of optional) expect(rows.find((r) => r.indicatorId === id)?.values).toEqual(['—', '—']);
    for (const id of unconfirmed) expect(rows.find((r) => r.indicatorId === id)).toBeUndefined();
    const docx = await writeReportDocx(m, {
      assetBytes: () => Buffer.alloc(0),
      renderChart: () => Promise.reject(new Error('no charts in this report')),
      pages: 'none',
    });
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
    const cells = (name: string) => {
      const row = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((r) => r[0]).find((r) => r.includes(`>${name}<`));
      if (!row) throw new Error(`no row ${name}`);
      return [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
        [...(c[0] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      );
    };
    expect(cells('企业提供的校内实践教学设备值').slice(-3)).toEqual(['万元', '—', '—']);
    expect(cells('学生实习专项经费').slice(-3)).toEqual(['万元', '—', '—']);
    expect(xml).not.toContain('具有高级专业技术职务');
    expect(xml).not.toContain('>年生均财政专项经费<');
    expect(cells('年财政专项经费').slice(-3)).toEqual(['万元', '1200.50', '1200.50']);
  }, 60_000);
});

describe('a long number in the 附表', () => {
  // 教学仪器设备总值 99999999.99 万元, 生均 311526479.72 元, 12345678901 册: a value column 0.15 of the text width broke
  // them over two lines (「99999999.」 / 「99」), which a reader takes for two numbers
  it('stays on one line in LibreOffice, opened plainly', async () => {
    const { ws, fw } = schools.zhongzhi;
    const docx = await writeReportDocx(buildReportModel(ws, fw, { year: 2026 }), {
      assetBytes: () => Buffer.alloc(0),
      renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
      pages: 'none',
    });
    const r = renderPlain(docx);
    try {
      const lines = r.lines.flat().map((l) => l.text);
      const perStudent = formatIndicatorValue(
        valuesOf(ws, fw).value('equipment_per_student', 2025),
        indOf(fw, 'equipment_per_student'),
      );
      expect(perStudent).toBe('311526479.72');
      for (const n of ['99999999.99', perStudent, '12345678901', '218400.5', '12800.55'])
        expect(
          lines.some((l) => l.includes(n)),
          n,
        ).toBe(true);
      // the 附表's cell and the editable chart's value label (it broke into 「1234567890」 over 「1」)
      expect(lines.filter((l) => l.includes('12345678901'))).toHaveLength(2);
      expect(lines.filter((l) => /^\d{4,10}$/.test(l) && '12345678901'.startsWith(l))).toEqual([]);
    } finally {
      r.cleanup();
    }
  }, 180_000);
});

describe('a value the school marked 「不适用」', () => {
  it('prints 「不适用」 in the text as in the 附表, and the check says it is marked 不适用, not 未填写', () => {
    const { ws, fw } = schools.zhongzhi;
    expect(appendixCell(schools.zhongzhi, 'intl_students', 2026)).toBe('不适用');
    const src = figureSource(fw, valuesOf(ws, fw));
    const fig = figureMarker({ form: 'fig', indicatorId: 'intl_students', year: 2026 });
    const chg = figureMarker({ form: 'chg', indicatorId: 'intl_students', year: 2026, baseYear: 2025 });
    expect(renderFigureText(fig, src)).toBe('不适用');
    expect(renderFigureText(chg, src)).toBe('—');
    // validation remembers figures between runs: marking an empty cell 「不适用」 (its value stays empty) shows
    const unmarked = { ...ws, values: ws.values.filter((x) => x.indicatorId !== 'intl_students') };
    expect(renderFigureText(fig, figureSource(fw, valuesOf(unmarked, fw), { remember: true }))).toBe('—');
    expect(renderFigureText(fig, figureSource(fw, valuesOf(ws, fw), { remember: true }))).toBe('不适用');
    const withText: Workspace = {
      ...ws,
      blocks: [
        ...ws.blocks,
        {
          id: 'na-block',
          sectionId: ws.sections[0]!.id,
          order: 0,
          content: { kind: 'paragraph', lead: '', text: `留学生${fig}，${chg}。` },
          updatedAt: '2026-11-30T00:00:00.000Z',
        },
      ],
    };
    const found = validateWorkspace(withText, fw).findings.filter((f) => f.ruleId === 'builtin.bound-figures');
    const messages = found.map((f) => f.message);
    expect(messages.some((m) => m.includes('未填写'))).toBe(false);
    expect(messages).toEqual([
      '正文引用的「全日制国（境）外留学生人数（2026年）」在表格中2026年标记为「不适用」，报告在此处印出「不适用」',
      '正文引用的「全日制国（境）外留学生人数（2026年较2025年变化）」无法比较：表格中2026年的值标记为「不适用」，报告在此处印出「—」',
    ]);
  });
});

describe('the indicator workbook and a 「不适用」 cell', () => {
  it('shows 生师比 as the 附表 prints it, 15.02:1, and keeps the number in the cell', async () => {
    const { ws, fw } = schools.zhongzhi;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportValuesXlsx(ws, fw)) as never);
    const ind = indOf(fw, 'student_teacher_ratio');
    const shown: string[] = [];
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        if (row.getCell(1).value !== 'student_teacher_ratio') return;
        row.eachCell((c, col) => {
          if (col > 3 && typeof c.value === 'number') shown.push(excelDisplay(c.value, c.numFmt));
        });
      }),
    );
    const vals = valuesOf(ws, fw);
    expect(shown).toEqual([2025, 2026].map((y) => formatIndicatorValue(vals.value(ind.id, y), ind)));
    expect(shown[0]).toMatch(/^\d+\.\d\d:1$/);
  });

  it('says 不适用 beside the empty cell (the 附表 prints 不适用; an empty cell alone reads as 未填写)', async () => {
    const { ws, fw } = schools.zhongzhi;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportValuesXlsx(ws, fw)) as never);
    let note: unknown;
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'intl_students') note = row.getCell(row.cellCount).value;
      }),
    );
    expect(note).toBe('2026年不适用：本校未招收留学生');
  });
});

describe('the review summary quotes a school value as the school report prints it', () => {
  it('an excluded area reads 「-218400」 and 「-12800.55」 (they read 「-218400.00」)', () => {
    const fw = getFramework('cn-2026-zhongzhi');
    const v = (indicatorId: string, value: number) => ({ year: 2026, indicatorId, value });
    const a = aggregateLevel(
      [{ values: [v('land_area', -218400), v('building_area', -12800.55)], profile: { name: '甲校', code: '' } }],
      fw,
      [2026],
      '中职',
    );
    const byId = new Map(a.excluded.map((e) => [e.indicatorId, e]));
    expect(byId.get('land_area')?.value).toBe('-218400');
    expect(byId.get('land_area')?.reason).toContain('填报为 -218400平方米');
    expect(byId.get('building_area')?.value).toBe('-12800.55');
  });
});

describe('a finding names a slip of five or more places in words a reader says', () => {
  it('「十万分之一」, not 「10万倍分之一」', () => {
    const { ws, fw } = schools.zhongzhi;
    // 2025's 99999999.99万元 is the slip (生均设备值 far outside its band), said as a multiple of 2026's value
    const typed = validateWorkspace(ws, fw).findings.map((f) => f.message);
    expect(typed.find((m) => m.includes('教学仪器设备总值') && m.includes('约为2026年'))).toContain('的 10万倍');
    // five places too small in 2026: a fraction
    const small = plant(structuredClone(ws), [
      { id: 'equipment_value', year: 2025, value: 1234.5 },
      { id: 'equipment_value', year: 2026, value: 0.012345 },
    ]);
    const messages = validateWorkspace(small, fw).findings.map((f) => f.message);
    const slip = messages.find((m) => m.includes('教学仪器设备总值') && m.includes('约为2025年'));
    expect(slip).toContain('的十万分之一');
    expect([...typed, ...messages].filter((m) => m.includes('倍分之一'))).toEqual([]);
  });
});
