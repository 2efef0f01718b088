/**
 * Report kinds as data (templates/outlines): `qar new --kind 企业年报` makes an enterprise's report with its own
 * outline and small data set; it validates and prints. The district kind is the district draft's outline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../core/service';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-kind-');
afterAll(() => tmp.cleanup());

async function docText(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml.replace(/<[^>]+>/g, '');
}

describe('qar new --kind 企业年报', () => {
  it('makes an enterprise report that validates and prints', { timeout: 180_000 }, async () => {
    const out = join(tmp.dir, '企业年报.qar');
    const r = runCli([
      'new',
      '--kind',
      '企业年报',
      '--name',
      '重庆示例汽车股份有限公司',
      '--level',
      '高职',
      '--year',
      '2025',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('企业年报');
    // named by its title, not the program's id
    expect(r.stdout).toContain('《企业参与职业教育人才培养年度报告数据项（2025年度）》');
    expect(r.stdout).not.toContain('cn-2025-qiye');

    const s = await openWorkspace(out);
    try {
      const ws = s.getWorkspace();
      expect(ws.framework.id).toBe('cn-2025-qiye');
      const chapters = ws.chapters.filter((c) => c.year === 2025).sort((a, b) => a.order - b.order);
      expect(chapters.map((c) => c.title)).toEqual([
        '前言',
        '企业概况',
        '参与办学',
        '参与人才培养',
        '资源投入',
        '合作成效',
        '保障机制',
        '问题与展望',
      ]);
      const basic = ws.sections.find((x) => x.key === 'enterprise.basic');
      if (!basic) throw new Error('no section');
      s.createBlock(basic.id, {
        kind: 'paragraph',
        lead: '企业与学校合作稳定深入。',
        text: '2025年，公司与合作学校共建汽车智能制造产业学院，接收学生实习186人。',
      });
      s.setValues(
        [
          { year: 2025, indicatorId: 'interns_received', value: 186 },
          { year: 2024, indicatorId: 'interns_received', value: 150 },
          { year: 2025, indicatorId: 'equipment_donated', value: 312.5 },
        ],
        'manual',
      );
    } finally {
      s.close();
    }

    const v = runCli(['validate', out]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('错误 0 项');

    const docx = join(tmp.dir, '企业年报.docx');
    const before = sha256File(out);
    const p = runCli(['report', out, '--out', docx]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('重庆示例汽车股份有限公司参与高等职业教育人才培养年度报告（2025年度）');
    expect(sha256File(out)).toBe(before);
    const text = await docText(docx);
    expect(text).toContain('参与高等职业教育人才培养年度报告');
    expect(text).toContain('企业概况');
    expect(text).toContain('企业与学校合作稳定深入。');
    expect(text).toContain('附表 1 企业参与职业教育情况表');
    expect(text).toContain('接收学生实习人数');
    expect(text).toContain('312.50');
    // the school report's parts are not demanded of an enterprise
    expect(text).not.toContain('人才培养质量计分卡');
  });

  it('a 中职 school’s partner enterprise from 2025 [P]; not in 2024', { timeout: 180_000 }, () => {
    const ok = join(tmp.dir, '中职企业.qar');
    const r = runCli([
      'new',
      '--kind',
      '企业年报',
      '--name',
      '某企业',
      '--level',
      '中职',
      '--year',
      '2025',
      '--out',
      ok,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const no = runCli([
      'new',
      '--kind',
      '企业年报',
      '--name',
      '某企业',
      '--level',
      '中职',
      '--year',
      '2024',
      '--out',
      join(tmp.dir, '不行.qar'),
    ]);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('2024年度的「企业年报」只适用于高职、职业本科学校');
  });

  it('unknown kinds and the district kind say what to do', { timeout: 180_000 }, () => {
    const a = runCli(['new', '--kind', '周报', '--name', '某校', '--level', '高职', '--out', join(tmp.dir, 'a.qar')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('报告类型「周报」无效，可选：');
    expect(a.stderr).toContain('企业年报');
    const d = runCli([
      'new',
      '--kind',
      '区域年报',
      '--name',
      '某区',
      '--level',
      '高职',
      '--out',
      join(tmp.dir, 'd.qar'),
    ]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('qar district');
  });
});
