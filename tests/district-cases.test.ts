/**
 * The schools' cases in the district draft and the review, with real .qar files, `qar district` / `qar review`
 * run in-process, and the Word and Excel files read back:
 * - a case quoting a figure its school left empty printed 「毕业生就业半年内平均月收入—，」 in the draft (the school's
 *   own report prints 「—」 there and its check warns the school; the draft's readers were not warned): the draft now
 *   leaves that sentence part out and its 草稿说明 names what was left out;
 * - one case handed in by two schools (same title; or same body, whitespace aside) was printed twice and nobody was
 *   told: the review warns (CLI, workbook, Word summary, the app's file list) and the draft prints it once.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureSource } from '../core/figures/render';
import { getFramework } from '../core/framework/registry';
import { textWithoutMissing } from '../core/review/district-cases';
import { openWorkspace, writeExportAsWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { valuesOf } from '../core/values/resolve';
import { type DistrictSet, writeDistrictSet } from './fixtures/review/district-set';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';
import { reviewFolder } from './helpers/review-folder';

const tmp = makeTempDir('qar-district-cases-');
let set: DistrictSet;

const INCOME_CASE = '就业质量稳中有升，毕业生收入持续提高';
const INCOME_BODY =
  '乙高等职业学院持续跟踪毕业生就业质量。2024届毕业生{{fig:grad_total:2024}}，毕业生就业半年内平均月收入{{fig:grad_monthly_income:2024}}，毕业生满意度{{fig:sat_graduates:2024}}。\n毕业生就业半年内平均月收入{{fig:grad_monthly_income:2024}}。学校将继续拓展就业渠道。';
const SHARED_TITLE = '甲校示范案例，成效显著';
/** one of 甲's own cases (tests/fixtures/review/schools.ts: the school's name, then the demo's title) */
const SECOND_TITLE = '甲高等职业学院打造“红岩·匠心”思政品牌，铸魂育人成效明显';
const COPIED_BODY = '区域共建实训基地，\n  两校  学生同场实训，成效明显。';

/** The visible text of a .docx, paragraph by paragraph. */
async function docxParagraphs(file: string): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >].*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

/** A challenge in the school's 面临挑战 of `year` (a chapter of another year is added as the export holds it). */
async function addChallenge(file: string, title: string, year = 2024): Promise<void> {
  const w = await openWorkspace(file);
  const exp = w.exportData();
  w.close();
  const ch = exp.chapters.find((c) => c.key === 'challenges' && c.year === 2024)!;
  const sec = exp.sections.find((x) => x.chapterId === ch.id)!;
  let sectionId = sec.id;
  if (year !== 2024) {
    exp.chapters.push({ ...ch, id: `${ch.id}-${year}`, year });
    sectionId = `${sec.id}-${year}`;
    exp.sections.push({ ...sec, id: sectionId, chapterId: `${ch.id}-${year}` });
  }
  exp.blocks.push({
    id: `challenge-${year}-${exp.blocks.length}`,
    sectionId,
    order: 99,
    content: { kind: 'challenge', title, problems: '问题。', plans: '打算。' },
    updatedAt: '2025-01-10T08:00:00.000Z',
  });
  rmSync(file);
  writeExportAsWorkspace(exp, file);
}

async function addCase(file: string, title: string, body: string): Promise<void> {
  const w = await openWorkspace(file);
  try {
    const ws = w.getWorkspace();
    const talent = ws.chapters.find((c) => c.key === 'talent' && c.year === 2024)!;
    const section = ws.sections.find((s) => s.chapterId === talent.id && s.key === 'talent.employment')!;
    w.createBlock(section.id, { kind: 'case', title, body, photos: [] });
  } finally {
    w.close();
  }
}

beforeAll(async () => {
  set = writeDistrictSet(tmp.dir);
  // 乙 left its 2024 月收入 empty and quotes it in a case of its own
  const w = await openWorkspace(set.files.B);
  w.setValues([{ year: 2024, indicatorId: 'grad_monthly_income', value: null }], 'manual');
  w.close();
  await addCase(set.files.B, INCOME_CASE, INCOME_BODY);
  // challenges quoting figures: 甲's has its number, 乙's has none; 甲's of another year is not this report's
  await addChallenge(set.files.A, '在校生{{fig:students_fulltime:2024}}，办学空间趋紧');
  await addChallenge(set.files.B, '月收入{{fig:grad_monthly_income:2024}}，就业质量有待提升');
  await addChallenge(set.files.A, '上一年度的挑战', 2023);
  // 丁 hands in 甲's case under the same title; 乙 and 丙 hand in one body under different titles (spaced apart)
  await addCase(set.files.D, SHARED_TITLE, '丁中等职业学校开展了示范性工作，成效明显。');
  await addCase(set.files.D, SECOND_TITLE, '丁中等职业学校的思政品牌建设。');
  await addCase(set.files.C, '丙校实训基地共建', COPIED_BODY);
  await addCase(set.files.B, '乙校实训基地共建', COPIED_BODY.replace(/\s+/g, ' '));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('district draft: a case quoting a figure its school left empty', () => {
  it('leaves the sentence part out and lists it in the 草稿说明; no bare 「—」 in the draft', async () => {
    const out = join(tmp.dir, '区域报告.docx');
    const r = await runCliInProcess(['district', set.dir, '--out', out, '--name', '示例区']);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const paras = await docxParagraphs(out);
    const body = paras.filter((p) => p.includes('乙高等职业学院持续跟踪毕业生就业质量'));
    expect(body).toHaveLength(1);
    expect(body[0]).toMatch(/^乙高等职业学院持续跟踪毕业生就业质量。2024届毕业生\d+ 人，毕业生满意度\d+\.\d+%。$/);
    // the sentence of that figure alone is left out whole; the next one stays
    expect(paras.some((p) => p === '学校将继续拓展就业渠道。')).toBe(true);
    // nowhere in the draft a figure printed 「—」 mid-sentence
    expect(paras.filter((p) => /—[，。；、]/.test(p))).toEqual([]);
    const note = paras.find((p) => p.includes('以下学校的案例、挑战引用的数据没有值'));
    expect(note).toContain(
      `乙高等职业学院的案例「${INCOME_CASE}」删去了引用「毕业生就业半年内平均月收入（2024年）」（2024年的值未填写）的语句`,
    );
  });

  it('the school’s own report prints 「—」 there and its check tells the school (what the note points back to)', async () => {
    const w = await openWorkspace(set.files.B, { readonly: true });
    try {
      const ws = w.getWorkspace();
      const fw = getFramework('cn-2024-gaozhi');
      const bound = validateWorkspace(ws, fw).findings.filter((f) => f.ruleId === 'builtin.bound-figures');
      expect(bound.some((f) => f.message.includes('毕业生就业半年内平均月收入（2024年）'))).toBe(true);
      const src = figureSource(fw, valuesOf(ws, fw));
      expect(textWithoutMissing(INCOME_BODY, src).leftOut.map((l) => l.problem)).toEqual(['missing', 'missing']);
    } finally {
      w.close();
    }
  });

  it('lists the schools’ challenges of the report year with their own figures, a part without data left out', async () => {
    const out = join(tmp.dir, '区域报告-挑战.docx');
    const r = await runCliInProcess(['district', set.dir, '--out', out, '--name', '示例区']);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const paras = await docxParagraphs(out);
    const listed = paras.find((p) => p.includes('各校报告提出的挑战：'))!;
    // it printed 「在校生—，办学空间趋紧」: the school's marker read against the draft's own indicators
    expect(listed).toMatch(/；在校生\d+ 人，办学空间趋紧（甲高等职业学院）；/);
    expect(listed).toContain('；就业质量有待提升（乙高等职业学院）');
    expect(listed).not.toContain('—');
    expect(listed).not.toContain('上一年度的挑战');
    const note = paras.find((p) => p.includes('以下学校的案例、挑战引用的数据没有值'));
    expect(note).toContain(
      '乙高等职业学院的挑战「就业质量有待提升」删去了引用「毕业生就业半年内平均月收入（2024年）」（2024年的值未填写）的语句',
    );
  });

  it('mends the punctuation around a part left out', () => {
    const fw = getFramework('cn-2024-gaozhi');
    const src = figureSource(fw, valuesOf({ values: [{ year: 2024, indicatorId: 'grad_total', value: 100 }] }, fw));
    const t = (s: string) => textWithoutMissing(s, src).text;
    expect(t('毕业生{{fig:grad_total:2024}}，月收入{{fig:grad_monthly_income:2024}}。')).toBe('毕业生100 人。');
    expect(t('月收入{{fig:grad_monthly_income:2024}}，毕业生{{fig:grad_total:2024}}。')).toBe('毕业生100 人。');
    expect(t('甲。月收入{{fig:grad_monthly_income:2024}}。乙。')).toBe('甲。乙。');
    expect(t('毕业生{{fig:grad_total:2024}}；月收入较上年{{chg:grad_monthly_income:2024:2023}}')).toBe('毕业生100 人');
    expect(t('毕业生{{fig:grad_total:2024}}。')).toBe('毕业生100 人。');
  });
});

describe('one case handed in by two schools', () => {
  // 丁 named two cases of its own as 甲 named two of its: one line for the two schools, asked, not asserted
  const both = '甲高等职业学院、丁中等职业学校报送了 2 个标题相同的案例（正文不同）：「';
  const body = '乙高等职业学院、丙中等职业学校报送了相同的案例「乙校实训基地共建」（正文相同）';

  it('the review warns, naming both schools and the case, on the CLI, in the workbook and the Word summary', async () => {
    const summary = await reviewFolder(set.dir);
    expect(summary.caseWarnings.filter((w) => w.startsWith(both))).toHaveLength(1);
    expect(summary.caseWarnings.find((w) => w.startsWith(both))).toContain(`「${SHARED_TITLE}」`);
    expect(summary.caseWarnings.find((w) => w.startsWith(both))).toContain(`「${SECOND_TITLE}」`);
    expect(summary.caseWarnings.some((w) => w.startsWith(body))).toBe(true);

    const xlsx = join(tmp.dir, '审核汇总.xlsx');
    const docx = join(tmp.dir, '审核汇总.docx');
    const r = await runCliInProcess(['review', set.dir, '--out', xlsx]);
    expect(r.stdout.some((l) => l.startsWith(`注意：${both}`))).toBe(true);
    await runCliInProcess(['review', set.dir, '--out', docx]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const cells: string[] = [];
    for (const sheet of wb.worksheets)
      sheet.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value ?? ''))));
    expect(cells.some((c) => c.startsWith(`注意：${both}`))).toBe(true);
    expect(cells.some((c) => c.startsWith(`注意：${body}`))).toBe(true);
    const paras = await docxParagraphs(docx);
    expect(paras.some((p) => p.includes(both))).toBe(true);
    expect(paras.some((p) => p.includes(body))).toBe(true);
  });

  it('the draft prints one text once and says so in its 草稿说明; one title over two texts is printed twice and named', async () => {
    const out = join(tmp.dir, '区域报告-重复.docx');
    const r = await runCliInProcess(['district', set.dir, '--out', out, '--name', '示例区']);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(r.stderr.some((l) => l.startsWith(`注意：${both}`))).toBe(true);
    const paras = await docxParagraphs(out);
    // 丁's own texts under 甲's titles are its own work: both schools' cases are printed (one was dropped before)
    expect(paras.filter((p) => p.endsWith(SHARED_TITLE))).toHaveLength(2);
    expect(paras.filter((p) => p.endsWith(SECOND_TITLE))).toHaveLength(2);
    expect(paras.some((p) => p.includes('丁中等职业学校开展了示范性工作'))).toBe(true);
    const twins = paras.find((p) => p.includes('以下案例标题相同、正文不同，各校的都已收录'));
    expect(twins).toContain(`「${SHARED_TITLE}」（甲高等职业学院、丁中等职业学校）`);
    expect(twins).toContain(`「${SECOND_TITLE}」（甲高等职业学院、丁中等职业学校）`);
    // one text from two schools: printed once
    expect(paras.filter((p) => p.includes('学生同场实训'))).toHaveLength(1);
    const note = paras.find((p) => p.includes('以下案例由多所学校重复报送'));
    expect(note).not.toContain(SHARED_TITLE);
    expect(note).toContain(
      '「乙校实训基地共建」（乙高等职业学院、丙中等职业学校，正文相同；收录乙高等职业学院的一份）',
    );
  });
});
