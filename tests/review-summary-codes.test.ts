/**
 * 表 4-1 of the reviewer's Word summary names each school with its 10-digit 学校代码 (4150012345): opened plainly in
 * LibreOffice the code broke in the middle of the number — 「丙中等职业学」「校」「（」「515000100」「0）」 in a
 * column a few characters wide. The name keeps to its own line and the code, in brackets, to one line of its own.
 * Real .qar files (the review set, their codes set to ten digits), the summary as `qar review --out .docx` writes
 * it, converted without field updates and read back with pdftotext -layout.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryDocx } from '../core/review/write-summary';
import { writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';
import { flat, type PlainRender, renderPlain } from './helpers/plain-render';
import { reviewFolder } from './helpers/review-folder';

const tmp = makeTempDir('qar-summary-codes-');
let r: PlainRender;
const CODES = { A: '4150012345', B: '4150023456', C: '3150034567', D: '3150045678' } as const;

beforeAll(async () => {
  const set = writeDistrictSet(tmp.dir);
  for (const [k, code] of Object.entries(CODES)) {
    const db = new Database(set.files[k as keyof typeof CODES]);
    db.prepare('UPDATE profile SET code = ?').run(code);
    db.close();
  }
  const summary = await reviewFolder(set.dir);
  expect(summary.schools.map((s) => s.code).sort()).toEqual(Object.values(CODES).sort());
  r = renderPlain(await summaryDocx(summary, '示例区'), 'summary');
}, 300_000);

afterAll(() => {
  r?.cleanup();
  tmp.cleanup();
});

describe('表 4-1 of the Word summary, opened plainly in LibreOffice', () => {
  it('prints each school code whole, in brackets, and the school name unbroken', () => {
    const start = r.pages.findIndex((p) => p.includes('表 4-1'));
    expect(start).toBeGreaterThan(0);
    // the table's pages: from its caption to the 附表
    const end = r.pages.findIndex((p, i) => i > start && /^\s*附表\s*$/m.test(p));
    const lines = r.pages
      .slice(start, end < 0 ? undefined : end)
      .flatMap((p) => p.split('\n'))
      .map(flat);
    for (const code of Object.values(CODES)) {
      expect(
        lines.some((l) => l.includes(`（${code}）`)),
        code,
      ).toBe(true);
    }
    for (const name of ['甲高等职业学院', '乙高等职业学院', '丙中等职业学校', '丁中等职业学校']) {
      expect(
        lines.some((l) => l.includes(name)),
        name,
      ).toBe(true);
    }
  });
});
