/**
 * A 中职 school end to end, as a new user would do it (only 高职 has a demo):
 * create the workspace with the 中职 framework → `qar export --out .xlsx` → fill 2023/2024 in Excel → `qar import`
 * → write a few blocks → `qar validate` (达标工程 / 设置标准 fire below the line, pass above it) → `qar report`
 * rendered by LibreOffice (appendix tables and a chart page read back from the PDF) → `qar review` with a second
 * 中职 school and the 高职 demo (汇总(中职) = the two schools' sums, rates recomputed from summed parts).
 * Real files in a temp dir; the CLI runs in a child process.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkFor } from '../core/framework/registry';
import { allIndicators } from '../core/framework/schema';
import { createWorkspace, openWorkspace } from '../core/service';
import type { Finding } from '../core/validate/types';
import { runCli } from './helpers/cli';
import { makePng, makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-zhongzhi-');
const f = (name: string) => join(tmp.dir, name);
// the 2024年度 edition: the school's data below is for 2023/2024
const fw = frameworkFor('中职', '2024年度');
const SCHOOL = f('示例中职.qar');
const OTHER = f('乙中职.qar');

/**
 * 2024 values of every 中职 indicator the school enters (derived ones are computed). Chosen consistent:
 * 毕业去向 categories sum to 毕业生数, 专业课 ≤ 专任 ≤ 教职工, 双师 ≤ 专业课 …
 * 校舍 43200 m² / 2400 人 = 18 m² (below the 20 m² line) and 高级职称 20 / 140 = 14.3 % (below 20 %).
 */
const V2024: Readonly<Record<string, number>> = {
  grad_total: 620,
  grad_contract: 150,
  grad_flexible: 40,
  grad_startup: 5,
  grad_further_study: 400,
  grad_unplaced: 20,
  grad_not_seeking: 5,
  grad_local_rate: 85.2,
  grad_monthly_income: 3600.5,
  grad_relevance_rate: 78.5,
  dual_certificate_rate: 92.5,
  retention_rate: 96.8,
  sat_graduates: 96.1,
  sat_graduates_recent: 96.3,
  sat_graduates_3y: 95.8,
  sat_employers: 97.2,
  sat_students: 95.5,
  sat_course_ideology: 95.2,
  sat_course_professional: 95,
  students_fulltime: 2400,
  staff_total: 180,
  teachers_fulltime: 140,
  teachers_professional: 90,
  teachers_dual: 60,
  teachers_senior: 20,
  teachers_parttime: 30,
  teachers_ideology: 8,
  counselors: 50,
  teachers_mental_health: 3,
  total_hours: 3200,
  practice_hours: 1800,
  public_basic_hours: 1100,
  land_area: 90000,
  building_area: 43200,
  equipment_value: 900,
  enterprise_equipment_value: 120,
  books: 80000,
  tech_service_income: 50,
  research_funding: 20,
  tech_trade_income: 0,
  patent_transfer_income: 0,
  ip_items: 5,
  patents_granted: 4,
  invention_patents: 1,
  training_person_times: 3000,
  training_income: 80,
  partner_enterprises: 45,
  grad_sme: 120,
  grad_large_enterprise: 30,
  intl_students: 0,
  intl_student_programmes: 0,
  intl_visiting_teachers: 1,
  teachers_abroad_days: 20,
  teachers_intl_posts: 0,
  intl_programme_standards: 0,
  intl_course_standards: 1,
  intl_resources: 2,
  intl_equipment: 0,
  overseas_schools: 0,
  sino_foreign_programmes: 1,
  funding_per_student: 9000,
  special_funding: 500,
  internship_funding: 30,
  internship_insurance: 5,
  parttime_teaching_hours: 2000,
  parttime_teacher_pay: 30,
};

/** 2023: a little smaller, rates unchanged (keeps every yoy rule quiet and the 毕业去向 sum exact). */
function v2023(id: string, v: number): number {
  const ind = allIndicators(fw).find((i) => i.id === id)!;
  if (ind.type === 'percent' || ind.type === 'ratio' || id === 'grad_not_seeking' || id === 'grad_unplaced') return v;
  // 升学 takes what the other destinations leave, so the six add up to 毕业生数 in 2023 too (the appendix prints it)
  if (id === 'grad_further_study')
    return (
      v2023('grad_total', V2024.grad_total!) -
      ['grad_contract', 'grad_flexible', 'grad_startup', 'grad_unplaced', 'grad_not_seeking']
        .map((p) => v2023(p, V2024[p]!))
        .reduce((a, b) => a + b, 0)
    );
  return ind.decimals > 0 ? Math.round(v * 0.96 * 100) / 100 : Math.round(v * 0.96);
}

/** The CLI workbook with the given cells filled: sheets list 指标编号 in column A and one column per year. */
async function fillWorkbook(src: string, out: string, values: (id: string, year: number) => number | undefined) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  let filled = 0;
  for (const sheet of wb.worksheets) {
    const header = (sheet.getRow(1).values as unknown[]).map((x) => String(x ?? ''));
    const idCol = header.indexOf('指标编号');
    if (idCol < 0) continue;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const id = String(row.getCell(idCol).value ?? '');
      for (const year of [2023, 2024]) {
        const v = values(id, year);
        if (v === undefined) continue;
        row.getCell(header.indexOf(`${year}年`)).value = v;
        filled++;
      }
    }
  }
  await wb.xlsx.writeFile(out);
  return filled;
}

const entered = (id: string, year: number) => {
  const v = V2024[id];
  if (v === undefined) return undefined;
  return year === 2024 ? v : v2023(id, v);
};

function validateJson(path: string): Finding[] {
  const r = runCli(['validate', path, '--json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

beforeAll(async () => {
  const s = await createWorkspace(SCHOOL, {
    profile: {
      name: '重庆示例中等职业学校',
      code: '5150000001',
      level: '中职',
      category: '工科',
      region: '重庆市',
      reportYear: 2024,
    },
    framework: { id: fw.id, version: fw.version },
  });
  s.close();
}, 60_000);
afterAll(() => tmp.cleanup());

describe('a 中职 school from an empty workspace to the district review', () => {
  it('every indicator the school enters is in the fill-in set (derived ones are not)', () => {
    const enterable = allIndicators(fw)
      .filter((i) => !i.formula)
      .map((i) => i.id);
    expect(Object.keys(V2024).sort()).toEqual([...enterable].sort());
  });

  it('fills 2023/2024 through Excel: export, fill, import', async () => {
    const r1 = runCli(['export', SCHOOL, '--out', f('填报.xlsx')]);
    expect(r1.code, r1.stderr).toBe(0);
    const filled = await fillWorkbook(f('填报.xlsx'), f('填好.xlsx'), entered);
    expect(filled).toBe(Object.keys(V2024).length * 2);

    const dry = runCli(['import', f('填好.xlsx'), '--into', SCHOOL, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    const r2 = runCli(['import', f('填好.xlsx'), '--into', SCHOOL]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain(`修改 ${filled} 项`);

    const s = await openWorkspace(SCHOOL, { readonly: true });
    try {
      const ws = s.getWorkspace();
      const got = (id: string, y: number) => ws.values.find((v) => v.indicatorId === id && v.year === y)?.value;
      expect(got('grad_total', 2024)).toBe(620);
      expect(got('grad_total', 2023)).toBe(595);
      expect(got('grad_monthly_income', 2023)).toBe(3456.48);
      expect(got('building_area', 2024)).toBe(43200);
      // derived rows are not typed in: none stored
      expect(got('building_per_student', 2024)).toBeUndefined();
      expect(ws.values.filter((v) => v.year === 2022)).toEqual([]);
    } finally {
      s.close();
    }
  }, 60_000);

  it('writes a few blocks: paragraphs with numbers, a case with a photo, a chart, a challenge', async () => {
    const s = await openWorkspace(SCHOOL);
    try {
      const ws = s.getWorkspace();
      const sec = (key: string) => ws.sections.find((x) => x.key === key)!.id;
      const photo = s.addAsset(makePng(640, 480, 3), { mime: 'image/png', width: 640, height: 480 });
      s.createBlock(sec('overview.scale'), {
        kind: 'paragraph',
        lead: '学校办学规模稳定。',
        text: '2024年，学校全日制学历教育在校生 2400 人，专任教师 140 人，其中具有高级专业技术职务的专任教师 20 人。',
      });
      s.createBlock(sec('overview.conditions'), {
        kind: 'chart',
        caption: '2023—2024年生均校舍建筑面积',
        chartType: 'bar',
        indicators: ['building_per_student', 'land_per_student'],
        years: [2023, 2024],
        referenceRuleId: 'dabiao.building_per_student',
        source: '学校教学资源表',
      });
      s.createBlock(sec('talent.employment'), {
        kind: 'paragraph',
        lead: '毕业生去向持续向好。',
        text: '2024届毕业生毕业去向落实率 95.97%，本省去向落实率 85.20%，升学比例 64.52%。',
      });
      s.createBlock(sec('talent.skills'), {
        kind: 'case',
        title: '“岗课赛证”融通培养技能人才',
        body: '学校以技能大赛为牵引，推进岗课赛证融通，学生技能水平明显提升。',
        photos: [{ assetId: photo.id, caption: '2024年5月，学生在实训中心训练' }],
      });
      for (const key of ['service.industry', 'culture.craftsman', 'international.exchange', 'industry.mechanism']) {
        s.createBlock(sec(key), { kind: 'paragraph', lead: '工作稳步推进。', text: '学校持续推进相关工作。' });
      }
      s.createBlock(sec('support.conditions'), {
        kind: 'paragraph',
        lead: '办学条件持续改善。',
        text: '学校教学仪器设备总值 900 万元，年生均财政拨款水平 9000 元。',
      });
      s.createBlock(sec('challenges.list'), {
        kind: 'challenge',
        title: '挑战一：校舍面积不足',
        problems: '生均校舍建筑面积低于达标要求。',
        plans: '新建实训楼一栋。',
      });
    } finally {
      s.close();
    }
  });

  it('qar validate: 达标工程 and 设置标准 fire below the line, citing their documents', () => {
    const findings = validateJson(SCHOOL);
    const building = findings.find((x) => x.ruleId === 'dabiao.building_per_student');
    expect(building?.message).toContain('18');
    expect(building?.citation?.text).toContain('教职成〔2022〕5号');
    expect(building?.location).toMatchObject({ type: 'cell', indicatorId: 'building_per_student', year: 2024 });
    const senior = findings.find((x) => x.ruleId === 'setting.senior_teachers');
    expect(senior?.citation?.text).toContain('教职成〔2010〕12号');
    // the combined 2025 target of 渝府发〔2023〕22号 is not met either (an info)
    expect(findings.find((x) => x.ruleId === 'cq.dabiao_2025')?.severity).toBe('info');
    // no error: the data are complete and consistent, every chapter has content
    expect(findings.filter((x) => x.severity === 'error')).toEqual([]);
    // the narrative numbers match the data (本省去向落实率 is not read as 毕业去向落实率)
    expect(findings.filter((x) => x.ruleId === 'narrative.key_numbers')).toEqual([]);
  }, 60_000);

  it('after more 校舍 and 高级职称 teachers (second Excel import) the same rules pass', async () => {
    const r1 = runCli(['export', SCHOOL, '--out', f('再填.xlsx')]);
    expect(r1.code, r1.stderr).toBe(0);
    const fix: Record<string, number> = { building_area: 52000, teachers_senior: 35 };
    await fillWorkbook(f('再填.xlsx'), f('再填好.xlsx'), (id, y) => (y === 2024 ? fix[id] : undefined));
    const r2 = runCli(['import', f('再填好.xlsx'), '--into', SCHOOL]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain('修改 2 项');
    const ids = validateJson(SCHOOL).map((x) => x.ruleId);
    for (const id of [
      'dabiao.building_per_student',
      'dabiao.building_area',
      'setting.senior_teachers',
      'cq.dabiao_2025',
    ])
      expect(ids, id).not.toContain(id);
    // 「具有高级专业技术职务的专任教师 20 人」 now differs from 35, but that indicator is not among the narrative
    // rule's and its name is no longer read as 专任教师: silence rather than a wrong comparison
    expect(ids).not.toContain('narrative.key_numbers');
  }, 60_000);

  it('qar report: the 中职 appendix and a chart, as LibreOffice lays them out', async () => {
    const out = f('报告.docx');
    const before = sha256File(SCHOOL);
    const r = runCli(['report', SCHOOL, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(sha256File(SCHOOL)).toBe(before);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('附表 1 人才培养质量计分卡');
    expect(xml).toContain('其中：');

    const pngDir = f('pages');
    const render = spawnSync('/work/shared/tools/docx-to-png', [out, pngDir, '50'], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(render.status, render.stderr).toBe(0);
    const pdf = join(pngDir, 'report.pdf');
    const pages = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f');
    const pageWith = (s: string) => pages.findIndex((p) => p.replace(/\s+/g, '').includes(s.replace(/\s+/g, '')));
    const appendix = pageWith('附表1人才培养质量计分卡');
    expect(appendix).toBeGreaterThan(0);
    const apx = pages
      .slice(appendix)
      .join('\n')
      .replace(/[ \t]+/g, ' ');
    // 中职 rows, with units and 其中 rows, values as entered (2024) and computed (derived)
    expect(apx).toMatch(/学生“双证书”获取率/);
    expect(apx).toMatch(/巩固率/);
    expect(apx).toMatch(/其中：/);
    expect(apx).toMatch(/生均校舍建筑面积 平方米/);
    expect(apx).toContain('21.67');
    expect(apx).toContain('95.97');
    expect(apx).not.toMatch(/NaN|undefined/);
    // the chart page: caption and 数据来源 line
    const chart = pageWith('2023—2024年生均校舍建筑面积');
    expect(chart).toBeGreaterThanOrEqual(0);
    expect(pages[chart]).toContain('学校教学资源表');
    expect(readdirSync(pngDir).filter((n) => n.endsWith('.png')).length).toBe(pages.filter((p) => p.trim()).length);
    // QAR_KEEP_PAGES=DIR keeps the rendered pages for a person to look at (the temp dir is removed)
    const keep = process.env.QAR_KEEP_PAGES;
    if (keep) {
      cpSync(pngDir, keep, { recursive: true });
      writeFileSync(join(keep, 'pages.txt'), `附表 第 ${appendix + 1} 页；图表 第 ${chart + 1} 页\n`);
    }
  }, 240_000);

  it('qar review with a second 中职 school and the 高职 demo: 汇总(中职) holds their sums', async () => {
    // a second 中职 school: a copy with its own name and code and other 2024 values
    copyFileSync(SCHOOL, OTHER);
    const s = await openWorkspace(OTHER);
    try {
      s.setProfile({ ...s.getWorkspace().profile, name: '重庆乙中等职业学校', code: '5150000002' });
    } finally {
      s.close();
    }
    const r0 = runCli(['export', OTHER, '--out', f('乙.xlsx')]);
    expect(r0.code, r0.stderr).toBe(0);
    const other: Record<string, number> = {
      grad_total: 300,
      grad_further_study: 180,
      grad_unplaced: 8,
      grad_contract: 100,
    };
    // 300 = 100 + 40 + 5 + 180 + 8 + 5 + … : keep the sum exact with 灵活就业 = 300 − 100 − 5 − 180 − 8 − 5 = 2
    other.grad_flexible = 2;
    other.land_area = 30000;
    await fillWorkbook(f('乙.xlsx'), f('乙好.xlsx'), (id, y) => (y === 2024 ? other[id] : undefined));
    const r1 = runCli(['import', f('乙好.xlsx'), '--into', OTHER]);
    expect(r1.code, r1.stderr).toBe(0);

    const demo = f('高职示例.qar');
    expect(runCli(['demo', '--out', demo]).code).toBe(0);
    const hashes = [SCHOOL, OTHER, demo].map(sha256File);
    const out = f('汇总.xlsx');
    const r = runCli(['review', SCHOOL, OTHER, demo, '--out', out]);
    expect(r.code, r.stderr).toBeLessThanOrEqual(1);
    expect(existsSync(out)).toBe(true);
    expect([SCHOOL, OTHER, demo].map(sha256File)).toEqual(hashes);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('汇总(中职)')!;
    const header = (sheet.getRow(1).values as unknown[]).map((x) => String(x ?? ''));
    const col2024 = header.indexOf('2024年');
    expect(col2024).toBeGreaterThan(0);
    const row = (name: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((x) => {
        if (String(x.getCell(2).value ?? '').replace(/^其中：/, '') === name) found = x;
      });
      expect(found, name).toBeDefined();
      return found!;
    };
    const at = (name: string, col = col2024) => row(name).getCell(col).value as number;
    expect(at('毕业生数')).toBe(620 + 300);
    expect(at('校园占地面积')).toBe(90000 + 30000);
    expect(at('校舍建筑面积')).toBe(52000 + 52000);
    // placed: 595 and 100 + 2 + 5 + 180 = 287
    // stored at the indicators' 2 decimals (no float noise in the workbook)
    expect(at('毕业去向落实率')).toBe(95.87); // (595 + 287) / 920 × 100 = 95.869…
    expect(at('升学比例（升入高等院校）')).toBe(63.04); // (400 + 180) / 920 × 100 = 63.043…
    expect(at('生均校舍建筑面积')).toBe(21.67); // 104000 / 4800 = 21.666…
    // 2023 is the same for both (the copy kept it): twice the first school's figure
    expect(at('毕业生数', header.indexOf('2023年'))).toBe(595 * 2);
    // the 高职 demo is in its own sheet, not mixed in
    const g = wb.getWorksheet('汇总(高职)')!;
    let gTotal: unknown;
    g.eachRow((x) => {
      if (x.getCell(2).value === '毕业生数') gTotal = x.getCell(col2024).value;
    });
    expect(gTotal).toBe(3725);
  }, 120_000);
});
