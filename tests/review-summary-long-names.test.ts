/**
 * The reviewer's Word summary with schools of long names (20 to 30 characters, as a 区县 职教中心's 附属学校 or a
 * 高职's 继续教育学院 is named): in the narrow 学校 column of 表 2-1, 3-4 and 4-1 a name broke wherever the line
 * ran out, inside a word (「重庆市渝北区某某某某职业教育中心附 / 属学校」, 「…高等职业技术学 / 院…」). Now it breaks
 * between its words only, and the columns beside it keep their text on one line. Checked as a reader sees it: the
 * summary of real .qar files converted plainly by LibreOffice and read back with pdftotext -bbox, the name's lines
 * taken from the left edge of its column.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakNameLines } from '../core/docx/name-lines';
import { getFramework } from '../core/framework/registry';
import { outlineOf } from '../core/framework/resolve';
import { expandInputs } from '../core/review/load';
import { reviewFiles } from '../core/review/review-files';
import { summaryDocx } from '../core/review/write-summary';
import { SPECS } from './fixtures/review/district-set';
import { writeSchool } from './fixtures/review/schools';
import { makeTempDir } from './helpers/files';
import { flat, type PlainRender, renderPlain } from './helpers/plain-render';

/** each long name with its words, as a reader splits it (a line may end only between two of them) */
const LONG: Record<string, readonly string[]> = {
  // 20 characters
  重庆市渝北区某某某某职业教育中心附属学校: ['重庆市', '渝北区', '某某某某', '职业教育中心', '附属学校'],
  // 24
  重庆某某某某某某某某高等职业技术学院附属继续教育学院: [
    '重庆某某某某某某某某',
    '高等职业技术学院',
    '附属继续教育学院',
  ],
  // 30
  重庆市渝北区某某某某某某某某职业教育中心附属实验学校北部校区: [
    '重庆市',
    '渝北区',
    '某某某某某某某某',
    '职业教育中心',
    '附属实验学校',
    '北部校区',
  ],
};
const [N20, N24, N30] = Object.keys(LONG) as [string, string, string];

const tmp = makeTempDir('qar-summary-names-');
let r: PlainRender;

interface Word {
  page: number;
  xMin: number;
  yMin: number;
  text: string;
}

let words: Word[] = [];

beforeAll(async () => {
  const dir = join(tmp.dir, 'schools');
  mkdirSync(dir);
  const gz = getFramework('cn-2024-gaozhi');
  const zz = getFramework('cn-2024-zhongzhi');
  writeSchool(dir, 'a.qar', SPECS.A, gz);
  // the 高职 with planted defects: its name is in 表 3-4 (未计入汇总的数据) too
  writeSchool(dir, 'b.qar', { ...SPECS.B, name: N24, code: '4150012345' }, gz);
  writeSchool(dir, 'c.qar', { ...SPECS.C, name: N30, code: '5150012346' }, zz);
  writeSchool(dir, 'd.qar', { ...SPECS.D, name: N20, code: '5150012345' }, zz);
  const summary = await reviewFiles(expandInputs([dir]), {
    resolveFramework: (ref) => getFramework(ref.id),
    outlineOf,
    now: '2025-02-01T00:00:00.000Z',
  });
  r = renderPlain(await summaryDocx(summary, '示例区'), 'summary');
  const xml = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox', r.pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  words = xml
    .split('<page ')
    .slice(1)
    .flatMap((page, p) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map(
        (m) => ({ page: p, xMin: Number(m[1]), yMin: Number(m[2]), text: m[3] ?? '' }),
      ),
    );
}, 300_000);

afterAll(() => {
  r?.cleanup();
  tmp.cleanup();
});

/**
 * Every place a table prints the name in its column: the word that starts it, then the words below it at the
 * same left edge (the column's), until the name is whole. Each place is the list of its printed lines.
 */
function printedNames(name: string): string[][] {
  const places: string[][] = [];
  for (const start of words) {
    if (!name.startsWith(start.text) || start.text.length < 3) continue;
    const lines = [start.text];
    // the lines below, in the same column (left-aligned: the same xMin), in order down the page
    const below = words
      .filter((w) => w.page === start.page && w.yMin > start.yMin && Math.abs(w.xMin - start.xMin) < 1.5)
      .sort((a, b) => a.yMin - b.yMin);
    for (const w of below) {
      if (lines.join('').length >= name.length) break;
      lines.push(w.text);
    }
    if (lines.join('') === name) places.push(lines);
  }
  return places;
}

/** Where a name's lines break (character offsets), and whether each falls between two of its words. */
function breaksInsideWords(name: string, lines: string[]): string[] {
  const bounds = new Set<number>();
  let at = 0;
  for (const w of LONG[name] ?? []) {
    at += w.length;
    bounds.add(at);
  }
  const bad: string[] = [];
  let off = 0;
  for (const line of lines.slice(0, -1)) {
    off += line.length;
    if (!bounds.has(off)) bad.push(`${name.slice(0, off)} / ${name.slice(off)}`);
  }
  return bad;
}

describe('the review summary with long school names, opened plainly in LibreOffice', () => {
  it('prints each long name in 表 2-1, 3-4 and 4-1, broken between its words only', () => {
    const all = [N20, N24, N30].map((name) => ({ name, places: printedNames(name) }));
    // 2-1 and 4-1 name every school; 3-4 the 高职 with planted defects, once a row (5 rows)
    expect(all.map((x) => x.places.length)).toEqual([2, 7, 2]);
    for (const { name, places } of all)
      for (const lines of places) {
        expect(breaksInsideWords(name, lines), lines.join(' / ')).toEqual([]);
        // and never more lines than its words need in a column as narrow as 3-4's
        expect(lines.length, lines.join(' / ')).toBeLessThanOrEqual(3);
      }
  });

  it('keeps the columns beside the names on one line (their headers whole)', () => {
    const lines = r.pages.flatMap((p) => p.split('\n')).map(flat);
    expect(lines).toContain('学校层次通过未通过待核实无数据错误警告');
    expect(lines).toContain('学校错误警告提示主要问题');
    expect(lines).toContain('学校年度指标数值原因');
  });
});

describe('breakNameLines', () => {
  it('keeps a name that fits, and the 学校代码 on its own line; breaks only between words; splits a word only when it alone is too long', () => {
    expect(breakNameLines('重庆工业职业技术学院\n（4150012345）', 16)).toBe('重庆工业职业技术学院\n（4150012345）');
    expect(breakNameLines(`${N20}\n（5150012345）`, 16.4)).toBe(
      '重庆市渝北区某某某某职业教育中心\n附属学校\n（5150012345）',
    );
    expect(breakNameLines('某某市场营销职业学校（原某某商贸学校）', 11)).toBe(
      '某某市场营销职业学校\n（原某某商贸学校）',
    );
    expect(breakNameLines('某某某某某某某某某某某某职业学院', 8)).toBe('某某某某某某某某\n某某某某职业学院');
  });
});
