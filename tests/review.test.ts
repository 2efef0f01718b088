import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../core/cli';
import { parseExpr } from '../core/framework/expr';
import { getFramework } from '../core/framework/registry';
import { aggregateLevel, isRatioOfSums } from '../core/review/aggregate';
import { expandInputs, loadForReview } from '../core/review/load';
import { type ReviewSummary, reviewWorkspaces } from '../core/review/review';
import { STATUS_COLOURS, writeReviewXlsx } from '../core/review/xlsx';
import { type DistrictSet, writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-review-');
let set: DistrictSet;
let before: Record<string, string>;
let s: ReviewSummary;

beforeAll(async () => {
  set = writeDistrictSet(tmp.dir);
  before = Object.fromEntries(Object.entries(set.files).map(([k, p]) => [k, sha256File(p)]));
  const loaded = await loadForReview(expandInputs([set.dir]));
  s = reviewWorkspaces(loaded, { resolveFramework: (ref) => getFramework(ref.id), now: '2025-02-01T00:00:00.000Z' });
});
afterAll(() => tmp.cleanup());

const row = (name: string) => s.matrix.rows.find((r) => r.name === name)!;
const failing = (name: string) =>
  Object.entries(row(name).cells)
    .filter(([, st]) => st === 'fail')
    .map(([id]) => id)
    .sort();
const agg = (level: '高职' | '中职', id: string) => s.aggregates[level]!.rows.find((r) => r.indicatorId === id)!;

describe('qar review: files', () => {
  it('reviews the four schools and skips the corrupt, foreign and newer files with Chinese reasons', () => {
    expect(s.files).toHaveLength(7);
    expect(s.schools.map((x) => x.name)).toEqual([
      '甲高等职业学院',
      '乙高等职业学院',
      '丙中等职业学校',
      '丁中等职业学校',
    ]);
    const reason = (p: string) => s.files.find((f) => f.path === p)!;
    expect(reason(set.files.corrupt).status).toBe('skipped');
    expect(reason(set.files.corrupt).reason).toMatch(/不是质量年报工作台文件.*或已损坏/);
    expect(reason(set.files.foreign).reason).toMatch(/是一个数据库文件，但不是质量年报工作台文件/);
    expect(reason(set.files.newer).reason).toMatch(/更新版本/);
    expect(reason(set.files.A).status).toBe('reviewed');
    expect(reason(set.files.A).reason).toBe('');
  });

  it('never changes a file: sha256 before and after equal, and equal to the test’s own hash', () => {
    for (const [k, p] of Object.entries(set.files)) {
      const f = s.files.find((x) => x.path === p)!;
      expect(f.sha256Before, k).toBe(before[k]);
      expect(f.sha256After, k).toBe(before[k]);
      expect(sha256File(p), k).toBe(before[k]);
    }
  });
});

describe('qar review: compliance matrix', () => {
  it('has exactly the planted failures per school', () => {
    expect(failing('甲高等职业学院')).toEqual([]);
    expect(failing('乙高等职业学院')).toEqual(['consistency.staff_teachers', 'derived.grad_placement_rate']);
    expect(failing('丙中等职业学校')).toEqual([]);
    // 2024 生均拨款 missing: required check and the appendix-complete structure check both fail
    expect(failing('丁中等职业学校')).toEqual([
      'builtin.required',
      'dabiao.land_area',
      'dabiao.land_per_student',
      'structure.appendix_complete',
    ]);
  });

  it('marks unconfirmed rules 待核实, missing data 无数据, and leaves another level’s rules blank', () => {
    expect(row('丙中等职业学校').cells['setting.parttime_teachers']).toBe('unconfirmed');
    expect(row('丁中等职业学校').cells['range.funding_per_student']).toBe('nodata');
    expect(row('甲高等职业学院').cells['dabiao.land_area']).toBeUndefined();
    expect(row('丙中等职业学校').cells['national.student_teacher_ratio']).toBeUndefined();
  });

  it('counts per school and per rule', () => {
    // the built-in checks count too: part_whole, unit, yoy_band, figures, missing_used and bound-figures joined
    // required, type, decimals
    expect(row('乙高等职业学院').counts).toEqual({ pass: 66, fail: 2, unconfirmed: 0, nodata: 1 });
    expect(row('丁中等职业学校').counts).toEqual({ pass: 60, fail: 4, unconfirmed: 2, nodata: 2 });
    expect(s.matrix.ruleCounts['dabiao.land_area']).toEqual({ pass: 1, fail: 1, unconfirmed: 0, nodata: 0 });
    expect(s.matrix.ruleCounts['consistency.staff_teachers']).toEqual({ pass: 3, fail: 1, unconfirmed: 0, nodata: 0 });
    expect(s.matrix.ruleCounts['setting.parttime_teachers']).toEqual({ pass: 0, fail: 0, unconfirmed: 2, nodata: 0 });
  });

  it('lists findings with citations', () => {
    const f = s.findings.find((x) => x.school === '丁中等职业学校' && x.ruleId === 'dabiao.land_area')!;
    expect(f.message).toContain('30000');
    expect(f.citation).toMatch(/《.+》/);
    expect(f.where).toBe('教学资源表 · 校园占地面积 · 2024年');
  });
});

describe('qar review: district aggregates from parts', () => {
  it('高职 毕业去向落实率 = Σ落实 / Σ毕业生, not the mean of the two rates', () => {
    // A: (2318+402+28+641) / 3725 = 3389/3725; B: ((4636-300)+804+56+1282) / 7450 = 6478/7450
    expect(agg('高职', 'grad_total').values[2024]).toBe(3725 + 7450);
    expect(agg('高职', 'grad_placed').values[2024]).toBe(3389 + 6478);
    expect(agg('高职', 'grad_placement_rate').method).toBe('formula');
    // B stores 落实率 99 (2024) and 87.09 (2022) beside parts that give 86.95 and 85.90: its data contradicts
    // itself, so B is left out of the rate (and listed); the rate is A's alone
    expect(agg('高职', 'grad_placement_rate').values[2024]).toBeCloseTo((3389 / 3725) * 100, 10);
    expect(agg('高职', 'grad_placement_rate').values[2022]).toBeCloseTo((2995 / 3312) * 100, 10);
    expect(agg('高职', 'grad_placement_rate').excludedCount[2024]).toBe(1);
    const ex = s.aggregates.高职!.excluded.find((e) => e.indicatorId === 'grad_placement_rate' && e.year === 2024)!;
    expect(ex).toMatchObject({ school: '乙高等职业学院', value: '86.95' });
    expect(ex.reason).toBe('填报值 99.00% 与按公式计算的 86.95% 不一致');
    expect(ex.rows).toEqual(['毕业去向落实率']);
  });

  it('生师比 = Σ折合在校生 / Σ教师总数; 教职工 smaller than its part (planted 1400) is left out', () => {
    expect(agg('高职', 'student_teacher_ratio').values[2024]).toBeCloseTo((12553 + 25106) / (818 + 1636), 10);
    // B: 教职工 1400 < 专任教师 1412: both are left out of their sums (which one is wrong is the school's to say)
    expect(agg('高职', 'staff_total').values[2024]).toBe(902);
    expect(agg('高职', 'teachers_fulltime').values[2024]).toBe(706);
    const why = (id: string) =>
      s.aggregates.高职!.excluded.find((e) => e.indicatorId === id && e.year === 2024 && e.school === '乙高等职业学院')
        ?.reason;
    expect(why('staff_total')).toBe('1400人 小于其中项「专任教师数」1412人');
    expect(why('teachers_fulltime')).toBe('其中项 1412人 大于「教职工总数」1400人');
    expect(agg('中职', 'student_teacher_ratio').values[2024]).toBeCloseTo((3800 + 7600) / (210 + 420), 10);
  });

  it('weights rates without parts by their base; skips a school without the value', () => {
    // 满意度 by 毕业生: (96.18×3725 + 90×7450) / 11175
    expect(agg('高职', 'sat_graduates').values[2024]).toBeCloseTo((96.18 * 3725 + 90 * 7450) / 11175, 10);
    // 月收入 by employed (contract + flexible + startup): A 2748, B 5196
    expect(agg('高职', 'grad_monthly_income').values[2024]).toBeCloseTo((4086.52 * 2748 + 3800 * 5196) / 7944, 8);
    expect(agg('中职', 'funding_per_student').values[2024]).toBeCloseTo(7901.21, 10);
    expect(agg('中职', 'funding_per_student').contributing[2024]).toBe(1);
    expect(agg('中职', 'grad_placement_rate').values[2024]).toBeCloseTo(((1241 + 2382) / 3900) * 100, 10);
    expect(agg('中职', 'land_area').values[2024]).toBe(150000 + 30000);
  });

  it('classifies formulas: ratio of sums yes, product no', () => {
    expect(isRatioOfSums(parseExpr('grad_placed / grad_total * 100'))).toBe(true);
    expect(isRatioOfSums(parseExpr('equipment_value * 10000 / students_equivalent'))).toBe(true);
    expect(isRatioOfSums(parseExpr('a + b - c'))).toBe(true);
    expect(isRatioOfSums(parseExpr('a * b / c'))).toBe(false);
  });

  it('a ratio uses only schools that have both parts', () => {
    const fw = getFramework('cn-2024-zhongzhi');
    const v = (indicatorId: string, value: number) => ({
      year: 2024,
      indicatorId,
      value,
      note: '',
      source: '',
      updatedAt: '2025-01-01T00:00:00Z',
    });
    const a = aggregateLevel(
      [{ values: [v('grad_total', 100), v('grad_further_study', 50)] }, { values: [v('grad_further_study', 90)] }],
      fw,
      [2024],
      '中职',
    );
    const r = a.rows.find((x) => x.indicatorId === 'grad_further_study_rate')!;
    expect(r.values[2024]).toBe(50);
    expect(r.contributing[2024]).toBe(1);
  });
});

describe('qar review: xlsx', () => {
  it('writes the eight sheets with frozen header, autofilter, numbers and fills', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeReviewXlsx(s)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '合规矩阵',
      '汇总(高职)',
      '汇总(中职)',
      '汇总(高职+中职)',
      '未计入汇总',
      '问题清单',
      '文件清单',
      '未列入矩阵的规则',
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]?.state, ws.name).toBe('frozen');
      expect((ws.views[0] as { ySplit?: number }).ySplit, ws.name).toBe(1);
      expect(ws.autoFilter, ws.name).toBeTruthy();
    }
    const m = wb.getWorksheet('合规矩阵')!;
    const header = m.getRow(1).values as unknown[];
    const col = (title: string) => header.indexOf(title);
    const landCol = col('办学条件达标：校园占地面积不少于40000平方米');
    expect(landCol).toBeGreaterThan(0);
    const dRow = m.getRow(5);
    expect(dRow.getCell(2).value).toBe('丁中等职业学校');
    expect(dRow.getCell(landCol).value).toBe('未通过');
    expect((dRow.getCell(landCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(STATUS_COLOURS.fail.fill);
    const cRow = m.getRow(4);
    expect(cRow.getCell(landCol).value).toBe('通过');
    expect((cRow.getCell(landCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(STATUS_COLOURS.pass.fill);
    const unconfirmedCol = col('设置标准：兼职教师约占专任教师的20%');
    expect((cRow.getCell(unconfirmedCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(
      STATUS_COLOURS.unconfirmed.fill,
    );
    // counts are numbers
    expect(dRow.getCell(col('未通过')).value).toBe(4);
    expect(m.getRow(1).getCell(landCol).note).toBeTruthy();

    const g = wb.getWorksheet('汇总(高职)')!;
    let rateRow: ExcelJS.Row | undefined;
    g.eachRow((r) => {
      if (r.getCell(2).value === '毕业去向落实率') rateRow = r;
    });
    const c2024 = rateRow!.getCell(7);
    expect(typeof c2024.value).toBe('number');
    // stored rounded to the indicator's 2 decimals: no float noise such as 18653.269999999997
    expect(c2024.value).toBe(90.98); // 3389 / 3725 × 100 = 90.9798…
    // shown as every printed view prints it (core/report/format printedNumber): 90.98, and a head count whole
    // without a thousands separator (3725, not 3,725 or 3725.00), as the Word summary and the 汇总 screen show it
    expect(c2024.numFmt).toBe('0.00');
    let gradRow: ExcelJS.Row | undefined;
    g.eachRow((r) => {
      if (r.getCell(2).value === '毕业生数') gradRow = r;
    });
    expect(Number.isInteger(gradRow!.getCell(7).value)).toBe(true);
    expect(gradRow!.getCell(7).numFmt).toBe('0');
    expect(rateRow!.getCell(4).value).toContain('按公式');
    // 未计入学校数 and the note point at the sheet that lists them
    expect(rateRow!.getCell(10).value).toBe(1);
    expect(rateRow!.getCell(11).value).toContain('未计入汇总');

    // every left-out value, with its school and reason
    const ex = wb.getWorksheet('未计入汇总')!;
    const exRows: unknown[][] = [];
    ex.eachRow((r, i) => {
      if (i > 1) exRows.push((r.values as unknown[]).slice(1));
    });
    expect(exRows).toContainEqual([
      '乙高等职业学院',
      'B001',
      '高职',
      2024,
      '毕业去向落实率',
      '86.95',
      '填报值 99.00% 与按公式计算的 86.95% 不一致',
      '毕业去向落实率',
    ]);

    // 高职 + 中职 totals with the seed line the city report gives them at
    const t = wb.getWorksheet('汇总(高职+中职)')!;
    let tech: ExcelJS.Row | undefined;
    t.eachRow((r) => {
      if (r.getCell(2).value === '横向技术服务到款额') tech = r;
    });
    const gz = agg('高职', 'tech_service_income').values[2024]!;
    const zz = agg('中职', 'tech_service_income').values[2024]!;
    expect(tech!.getCell(6).value as number).toBeCloseTo(gz + zz, 8);
    // where the city report gives it, as a reader finds it: never the seed file's name (it was printed)
    expect(tech!.getCell(8).value).toContain('《重庆市职业教育质量年度报告（2024 年度）》4.2 支撑地方产业');
    expect(String(tech!.getCell(8).value)).not.toMatch(/\.txt|种子/);

    const files = wb.getWorksheet('文件清单')!;
    const statuses: unknown[] = [];
    files.eachRow((r, i) => {
      if (i > 1) statuses.push(r.getCell(11).value);
    });
    expect(statuses.filter((x) => x === '已跳过')).toHaveLength(3);
    expect(files.getRow(2).getCell(10).value).toBe('是');
  });
});

describe('qar review: CLI', () => {
  it('writes xlsx and docx, exit 0; every input unusable → exit 1; bad --out → exit 2', async () => {
    const xlsx = join(tmp.dir, '汇总.xlsx');
    expect(await main(['review', set.dir, '--out', xlsx])).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const docx = join(tmp.dir, '汇总.docx');
    expect(await main(['review', set.files.A, set.files.D, set.files.corrupt, '--out', docx, '--name', '示例区'])).toBe(
      0,
    );
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    expect(xml).toContain('各校问题摘要');
    expect(xml).toContain('口径依据：《重庆市职业教育质量年度报告（2024 年度）》');
    // a corrupt file is 「无法使用」; a repeated hand-in is not (it was counted as one)
    expect(xml).toContain('跳过 1 个文件（均无法使用）');
    // names flush left in the tables (they were centred, the 其中 rows hard to tell apart)
    expect(xml).toMatch(
      /<w:jc w:val="left"\/><\/w:pPr><w:r>(<w:rPr>(?:(?!<\/w:r>).)*<\/w:rPr>)?<w:t[^>]*>丁中等职业学校</,
    );
    expect(xml).not.toMatch(/种子 |003_[0-9a-f]+\.txt/);
    // 表 4-1: the school's code on a line of its own in the same cell (tests/review-summary-codes.test.ts)
    expect(xml).toMatch(/丁中等职业学校<\/w:t><\/w:r><\/w:p><w:p>(?:(?!<\/w:tc>).)*（D001）/);
    expect(xml).toContain('示例区');
    expect(await main(['review', set.files.corrupt, set.files.foreign, '--out', join(tmp.dir, '空.xlsx')])).toBe(1);
    expect(await main(['review', set.files.A, '--out', join(tmp.dir, '汇总.txt')])).toBe(2);
    expect(await main(['review', '--out', join(tmp.dir, '汇总.xlsx')])).toBe(2);
    for (const [k, p] of Object.entries(set.files)) expect(sha256File(p), k).toBe(before[k]);
  });
});

describe('qar review: a file of another report year', () => {
  it('is named in the summary, the CLI output, the workbook and the Word summary', async () => {
    expect(s.yearWarnings).toEqual([]);
    // last year's file handed in by mistake: 乙 reports 2023 while the others report 2024
    const dir = join(tmp.dir, 'mixed-years');
    mkdirSync(dir);
    for (const k of ['A', 'B', 'C'] as const) copyFileSync(set.files[k], join(dir, `${k}.qar`));
    const db = new Database(join(dir, 'B.qar'));
    const year = (db.prepare('SELECT report_year FROM profile').pluck().get() as number) - 1;
    db.prepare('UPDATE profile SET report_year = ?').run(year);
    db.close();
    const mixed = reviewWorkspaces(await loadForReview(expandInputs([dir])), {
      resolveFramework: (ref) => getFramework(ref.id),
      now: '2025-02-01T00:00:00.000Z',
    });
    expect(mixed.year).toBe(year + 1);
    expect(mixed.yearWarnings).toHaveLength(1);
    expect(mixed.yearWarnings[0]).toMatch(
      new RegExp(`^乙高等职业学院的工作区是 ${year}年度的报告，本次汇总的是 ${year + 1}年度`),
    );

    const log: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void log.push(String(m)));
    const xlsx = join(tmp.dir, '混合年度.xlsx');
    const docx = join(tmp.dir, '混合年度.docx');
    try {
      expect(await main(['review', dir, '--out', xlsx])).toBe(0);
      expect(await main(['review', dir, '--out', docx])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(log.filter((l) => l.startsWith('注意：乙高等职业学院的工作区是'))).toHaveLength(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const files: string[] = [];
    wb.getWorksheet('文件清单')!.eachRow((r) => void files.push(String(r.getCell(2).value ?? '')));
    expect(files.some((t) => t.startsWith('注意：乙高等职业学院的工作区是'))).toBe(true);
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    expect(xml).toContain('报告年度不同。');
  });

  it('says a school should upgrade its edition only for its own report year, not for the year reviewed', async () => {
    // a 2024年度 file on the 2024年度 edition, reviewed as 2026: it is the wrong year's file (yearWarnings say
    // so), not 「2026年度的报告使用的是 2024年度的指标体系」, which it is not
    const dir = join(tmp.dir, 'edition-years');
    mkdirSync(dir);
    for (const k of ['A', 'B'] as const) copyFileSync(set.files[k], join(dir, `${k}.qar`));
    // 乙's own report is a 2026年度 one still on the 2024年度 edition: that one should upgrade
    const db = new Database(join(dir, 'B.qar'));
    db.prepare('UPDATE profile SET report_year = 2026').run();
    db.close();
    const r = reviewWorkspaces(await loadForReview(expandInputs([dir])), {
      resolveFramework: (ref) => getFramework(ref.id),
      year: 2026,
      now: '2025-02-01T00:00:00.000Z',
    });
    const upgrade = r.frameworkWarnings.filter((w) => w.includes('可在工作台中升级到新年度版本'));
    expect(upgrade).toHaveLength(1);
    expect(upgrade[0]).toMatch(/^乙高等职业学院：2026年度的报告使用的是 2024年度的指标体系/);
    expect(r.yearWarnings.join('\n')).toMatch(/甲高等职业学院的工作区是 2024年度的报告，本次汇总的是 2026年度/);
  });
});
