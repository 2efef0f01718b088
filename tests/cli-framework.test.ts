/**
 * A province issues a framework, on real files through the CLI: `qar framework export` writes the Excel form, the
 * officer edits it (a stricter standard, a switched-off rule, the province's own id and version), `import` turns it
 * back into a checked framework file, `check` passes it, `use` stores it in a school's workspace (id, version,
 * sha256) and `validate` then says what the stricter standard says. A broken or hostile file is refused with a
 * Chinese message naming the place, and nothing changes. `qar review` on schools with two framework versions says
 * so. `qar framework upgrade` moves a workspace to the edition of its report year, keeping its data.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkName } from '../core/framework/name';
import { openWorkspace } from '../core/service';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-framework-cli-');
const demo = join(tmp.dir, '示例学校2024.qar');
const school = join(tmp.dir, '示例学校2025.qar');
const form = join(tmp.dir, '框架.xlsx');

beforeAll(() => {
  expect(runCli(['demo', '--out', demo]).code).toBe(0);
  expect(runCli(['new', '--from', demo, '--out', school]).code).toBe(0);
}, 180_000);
afterAll(() => tmp.cleanup());

type Edit = { sheet: string; key: string; keyHeader: string; header: string; value: ExcelJS.CellValue };

/** Edits the Excel form as an officer would: by sheet, the row's key and the column's header. */
async function editForm(src: string, out: string, edits: Edit[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(src) as unknown as ArrayBuffer);
  for (const e of edits) {
    const ws = wb.getWorksheet(e.sheet);
    if (!ws) throw new Error(`no sheet ${e.sheet}`);
    const header = ws.getRow(1);
    let keyCol = 0;
    let col = 0;
    header.eachCell((c, i) => {
      if (c.value === e.keyHeader) keyCol = i;
      if (c.value === e.header) col = i;
    });
    let row = 0;
    ws.eachRow((r, i) => {
      if (r.getCell(keyCol).value === e.key) row = i;
    });
    if (!row || !col) throw new Error(`no cell ${e.sheet} ${e.key} ${e.header}`);
    ws.getCell(row, col).value = e.value;
  }
  writeFileSync(out, Buffer.from(await wb.xlsx.writeBuffer()));
}

const info = (header: string, value: ExcelJS.CellValue): Edit => ({
  sheet: '框架信息',
  keyHeader: '项目',
  key: header,
  header: '内容',
  value,
});
const rule = (id: string, header: string, value: ExcelJS.CellValue): Edit => ({
  sheet: '标准与目标',
  keyHeader: '规则编号',
  key: id,
  header,
  value,
});
const indicator = (id: string, header: string, value: ExcelJS.CellValue): Edit => ({
  sheet: '指标',
  keyHeader: '指标编号',
  key: id,
  header,
  value,
});

function findings(path: string, year: number) {
  const v = runCli(['validate', path, '--year', String(year), '--json']);
  return (JSON.parse(v.stdout) as { findings: { ruleId: string; message: string; unconfirmed?: boolean }[] }).findings;
}

const PROVINCE = [
  info('框架编号', 'cq-2025-gaozhi'),
  info('版本', '2025.1-重庆'),
  info('名称', '重庆市职业教育质量年度报告指标框架（2025年度·高职）'),
  rule('national.student_teacher_ratio', '条件表达式', 'student_teacher_ratio <= 15'),
  rule('national.student_teacher_ratio', '参考值', 15),
  rule('national.student_teacher_ratio', '标题', '生师比不高于15:1（重庆要求）'),
  rule('cq.dual_teacher_rate_2027', '启用', '否'),
];

describe('a province’s framework: Excel form → check → use → validate', () => {
  it('exports the Excel form of the edition of a year', { timeout: 180_000 }, () => {
    const r = runCli(['framework', 'export', '--level', '高职', '--year', '2025', '--out', form]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('cn-2025-gaozhi');
    expect(existsSync(form)).toBe(true);
  });

  it('an edited form comes back as a checked framework file, and `use` changes what validate says', {
    timeout: 180_000,
  }, async () => {
    const before = findings(school, 2024);
    expect(before.some((f) => f.ruleId === 'national.student_teacher_ratio')).toBe(false);
    expect(before.some((f) => f.ruleId === 'cq.dual_teacher_rate_2027')).toBe(true);

    const edited = join(tmp.dir, '重庆框架.xlsx');
    await editForm(form, edited, PROVINCE);
    const json = join(tmp.dir, '重庆框架.json');
    const imp = runCli(['framework', 'import', edited, '--out', json]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('编号/版本：cn-2025-gaozhi 2025.1 → cq-2025-gaozhi 2025.1-重庆');
    expect(imp.stdout).toContain('停用规则 cq.dual_teacher_rate_2027');
    expect(imp.stdout).toContain('national.student_teacher_ratio');

    const check = runCli(['framework', 'check', json]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('检查通过');

    const use = runCli(['framework', 'use', json, '--into', school]);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toContain('没有无法对应的数据');
    expect(use.stdout).toContain('框架保存在工作区中');

    const after = findings(school, 2024);
    const stricter = after.find((f) => f.ruleId === 'national.student_teacher_ratio');
    expect(stricter?.message).toMatch(/高于国家标准15(\.00)?:1/);
    expect(after.some((f) => f.ruleId === 'cq.dual_teacher_rate_2027' && !f.unconfirmed)).toBe(false);

    // the workspace carries the exact text, with its id, version and hash
    const s = await openWorkspace(school, { readonly: true });
    try {
      const ws = s.getWorkspace();
      expect(ws.framework).toEqual({ id: 'cq-2025-gaozhi', version: '2025.1-重庆' });
      expect(ws.storedFramework).toMatchObject({
        id: 'cq-2025-gaozhi',
        version: '2025.1-重庆',
        sourceName: '重庆框架.json',
      });
      expect(ws.storedFramework?.json).toBe(readFileSync(json, 'utf8'));
    } finally {
      s.close();
    }
    // named by the stored file's own title and version, and where it came from
    const stored = JSON.parse(readFileSync(json, 'utf8')) as { title: string; edition: string; version: string };
    expect(runCli(['info', school]).stdout).toContain(
      `指标体系：${frameworkName(stored)}，保存在工作区中（来自「重庆框架.json」`,
    );
  });

  it('a broken form is refused naming sheet and cell; no file is written', { timeout: 180_000 }, async () => {
    const bad = join(tmp.dir, '坏框架.xlsx');
    await editForm(form, bad, [indicator('books', '小数位', '两位')]);
    const out = join(tmp.dir, '坏框架.json');
    const r = runCli(['framework', 'import', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/「指标」G\d+：「两位」不是数字/);
    expect(existsSync(out)).toBe(false);

    const evil = join(tmp.dir, '恶意框架.xlsx');
    await editForm(form, evil, [rule('national.student_teacher_ratio', '条件表达式', 'process.exit(1)')]);
    const e = runCli(['framework', 'import', evil, '--out', out]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/「标准与目标」E\d+：/);
    expect(existsSync(out)).toBe(false);
  });

  it('a hostile or broken framework file is refused with a Chinese message and the workspace is not changed', {
    timeout: 180_000,
  }, () => {
    const sha = sha256File(school);
    const hostile = join(tmp.dir, '恶意.json');
    writeFileSync(hostile, '{"format":"qar-framework","formatVersion":1,"__proto__":{"polluted":true}}');
    const broken = join(tmp.dir, '残缺.json');
    writeFileSync(broken, '{"format":"qar-framework","formatVersion":1,"id":"x"');
    for (const [file, pattern] of [
      [hostile, /被禁止的键名/],
      [broken, /不是有效的 JSON（第 1 行第 \d+ 列附近）/],
      [join(tmp.dir, '没有.json'), /找不到指标框架文件/],
    ] as const) {
      const r = runCli(['framework', 'use', file, '--into', school]);
      expect(r.code, file).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(sha256File(school)).toBe(sha);
    }
    // a 中职 framework for a 高职 school
    expect(runCli(['framework', 'export', '--from', 'cn-2025-zhongzhi', '--out', join(tmp.dir, 'zz.xlsx')]).code).toBe(
      0,
    );
    const zz = join(tmp.dir, '中职框架.json');
    expect(runCli(['framework', 'import', join(tmp.dir, 'zz.xlsx'), '--out', zz]).code).toBe(0);
    const lvl = runCli(['framework', 'use', zz, '--into', school]);
    expect(lvl.code).toBe(2);
    expect(lvl.stderr).toContain('是中职学校的指标体系，本校为高职');
    expect(sha256File(school)).toBe(sha);
  });

  it('a file that keeps a builtin id but changes its content is refused (it would pass for the national one)', {
    timeout: 180_000,
  }, async () => {
    const sha = sha256File(school);
    const edited = join(tmp.dir, '冒名.xlsx');
    await editForm(form, edited, [rule('national.student_teacher_ratio', '参考值', 10)]);
    const json = join(tmp.dir, '冒名.json');
    const imp = runCli(['framework', 'import', edited, '--out', json]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(runCli(['framework', 'check', json]).stdout).toContain('与程序内置的框架相同但内容不同');
    const r = runCli(['framework', 'use', json, '--into', school]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('与程序内置的框架相同，但内容不同');
    expect(sha256File(school)).toBe(sha);
  });
});

describe('qar review with two framework versions', () => {
  it('lists each school’s framework and version and warns about the mismatch', { timeout: 180_000 }, () => {
    const other = join(tmp.dir, '乙校2025.qar');
    expect(
      runCli(['new', '--name', '重庆乙职业技术学院', '--level', '高职', '--year', '2025', '--out', other]).code,
    ).toBe(0);
    const out = join(tmp.dir, '审阅.xlsx');
    const shaA = sha256File(school);
    const r = runCli(['review', school, other, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('各校使用的指标体系：');
    // one line per framework, with its schools (a province's review has a thousand schools and a few frameworks)
    // by the name a reviewer knows, then the id and version that tell two files apart
    expect(r.stdout).toMatch(
      /《[^》]+》（cq-2025-gaozhi，版本 2025\.1-重庆，(2025年度，)?工作区内保存，sha256 [0-9a-f]{8}…）：1 所（重庆示例职业技术学院）/,
    );
    expect(r.stdout).toContain(
      '《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（cn-2025-gaozhi，版本 2025.1，内置）：1 所（重庆乙职业技术学院）',
    );
    expect(r.stdout).toContain('注意：高职学校使用了 2 种指标体系或版本');
    expect(sha256File(school)).toBe(shaA);
    expect(existsSync(out)).toBe(true);
  });

  it('the district draft from the same schools says it too (aggregated with the majority’s framework)', {
    timeout: 180_000,
  }, () => {
    const other = join(tmp.dir, '乙校2025.qar');
    if (!existsSync(other))
      expect(
        runCli(['new', '--name', '重庆乙职业技术学院', '--level', '高职', '--year', '2025', '--out', other]).code,
      ).toBe(0);
    const out = join(tmp.dir, '区域.docx');
    const shaA = sha256File(school);
    const r = runCli(['district', school, other, '--name', '重庆市', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('注意：高职学校使用了 2 种指标体系或版本');
    expect(r.stderr).toContain('区域汇总按多数学校的指标体系计算');
    expect(sha256File(school)).toBe(shaA);
    expect(existsSync(out)).toBe(true);
  });
});

describe('qar framework upgrade', () => {
  it('moves a workspace on an older edition to its report year’s, keeping every value', {
    timeout: 180_000,
  }, async () => {
    const old = join(tmp.dir, '旧版.qar');
    // a 2025 report still on the 2024 edition, with last year's values carried over
    expect(runCli(['new', '--from', demo, '--out', old]).code).toBe(0);
    expect(
      runCli([
        'framework',
        'use',
        join(import.meta.dirname, '..', 'templates', 'frameworks', 'cn-2024-gaozhi.json'),
        '--into',
        old,
      ]).code,
    ).toBe(0);
    const count = async () => {
      const s = await openWorkspace(old, { readonly: true });
      try {
        const ws = s.getWorkspace();
        return { id: ws.framework.id, values: ws.values.length };
      } finally {
        s.close();
      }
    };
    const before = await count();
    expect(before.id).toBe('cn-2024-gaozhi');

    const sha = sha256File(old);
    const dry = runCli(['framework', 'upgrade', old, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('预览（未修改文件）');
    expect(sha256File(old)).toBe(sha);

    const up = runCli(['framework', 'upgrade', old]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(
      '升级到《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1，编号 cn-2025-gaozhi）',
    );
    expect(up.stdout).toContain(`保留 ${before.values} 项数据`);
    expect(up.stdout).toContain('新增指标 3 项待填写');
    expect(up.stdout).toContain('版本说明');
    expect(await count()).toEqual({ id: 'cn-2025-gaozhi', values: before.values });
    expect(runCli(['framework', 'upgrade', old]).stdout).toContain('无需升级');
  });
});
