/**
 * `qar review FILE.qar|FOLDER... --out SUMMARY.(xlsx|docx) [--year Y] [--name 某某区] [--review-file REVIEW.json]`
 *
 * Opens every school's workspace READ-ONLY, one at a time (sha256 before and after is recorded; memory stays flat
 * over a province's 1 000 schools, core/review/review-files.ts), validates each against its own framework and
 * writes the summary: compliance matrix, district aggregates per level, findings per school and the
 * file list. Unusable files (corrupt, foreign, newer, missing) are listed with the reason and skipped.
 * Exit codes: 0 = summary written with at least one school reviewed; 1 = summary written but no input was usable
 * (it then holds only the file list with the reasons); 2 = bad arguments or the summary could not be written.
 * With --review-file the reviewer's review file (qar-review) is created or updated with every reviewed school
 * (name, code, sha256), ready for `qar comments add`.
 */
import { existsSync } from 'node:fs';
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import {
  createReviewFile,
  MAX_REVIEW_FILE_BYTES,
  parseReviewFile,
  reviewFileJson,
  upsertSchool,
} from '../review/comments';
import { expandInputs } from '../review/load';
import { describeFrameworkUse, type ReviewSummary, summaryLine } from '../review/review';
import { reviewFiles } from '../review/review-files';
import { startSummaryEarly, writeSummary } from '../review/write-summary';
import { readSmallTextFile } from '../small-file';
import { type ArgSpec, type ParsedArgs, parseArgs } from './args';
import type { CliCommand } from './types';

const USAGE =
  'qar review 工作区.qar|文件夹 ... --out 汇总.xlsx|汇总.docx [--year 年度] [--name 地区名称] [--review-file 审阅.json]';

/** Like parseArgs, but any number (≥ 1) of positionals: the files and folders to review. */
export function parseManyArgs(args: readonly string[], spec: Omit<ArgSpec, 'positionals'>, what: string): ParsedArgs {
  const files: string[] = [];
  const opts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--')) {
      opts.push(a);
      const name = a.slice(2).split('=')[0] as string;
      if (spec.options[name] === 'string' && !a.includes('=') && i + 1 < args.length) opts.push(args[++i] as string);
    } else {
      files.push(a);
    }
  }
  const parsed = parseArgs(opts, { ...spec, positionals: [] });
  if (files.length === 0) throw new QarError('BAD_INPUT', `参数有误：缺少${what}。用法：${spec.usage}`);
  return { ...parsed, positionals: files };
}

export function parseYearArg(raw: string | undefined, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2100) {
    throw new QarError(
      'BAD_INPUT',
      `参数有误：年度「${raw}」应为 2000～2100 之间的四位数字，例如 --year 2024。用法：${usage}`,
    );
  }
  return Number(raw);
}

function updateReviewFile(path: string, s: ReviewSummary): number {
  let rf = existsSync(path)
    ? parseReviewFile(readSmallTextFile(path, MAX_REVIEW_FILE_BYTES, '审阅'))
    : createReviewFile({ title: '质量年报审阅' });
  for (const x of s.schools) {
    const f = s.files[x.fileIndex];
    rf = upsertSchool(
      rf,
      { name: x.name, code: x.code, level: x.schoolLevel },
      { path: f?.path ?? '', sha256: f?.sha256Before ?? '' },
    );
  }
  writeAtomically(path, reviewFileJson(rf));
  return rf.schools.length;
}

export const command: CliCommand = {
  summary: '批量审阅多所学校的工作区（只读），生成合规矩阵、区域汇总和问题清单（.xlsx 或 .docx）',
  usage: USAGE,
  async run(args) {
    const a = parseManyArgs(
      args,
      {
        usage: USAGE,
        options: { out: 'string', year: 'string', name: 'string', 'review-file': 'string' },
        required: ['out'],
      },
      '要审阅的工作区文件或文件夹',
    );
    const out = a.strings.out as string;
    if (!/\.(xlsx|docx)$/i.test(out)) {
      throw new QarError('BAD_INPUT', `参数有误：输出文件应以 .xlsx 或 .docx 结尾（收到「${out}」）。用法：${USAGE}`);
    }
    const reviewFile = a.strings['review-file'];
    if (reviewFile && !/\.json$/i.test(reviewFile)) {
      throw new QarError('BAD_INPUT', `参数有误：审阅文件应以 .json 结尾（收到「${reviewFile}」）。用法：${USAGE}`);
    }
    const year = parseYearArg(a.strings.year, USAGE);
    const t0 = performance.now();
    const paths = expandInputs(a.positionals);
    const stopEarly = await startSummaryEarly(out); // a .docx: LibreOffice starts while the schools are reviewed
    let summary: ReviewSummary;
    try {
      // each school with its own framework, on worker threads (core/review/review-files.ts)
      summary = await reviewFiles(paths, year ? { year } : {});
      await writeSummary(summary, out, a.strings.name);
    } finally {
      stopEarly();
    }
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`已生成审阅汇总：${out}（${summaryLine(summary)}；用时 ${secs} 秒）。`);
    // by framework, not a line per school: a province's review has a thousand schools and a handful of frameworks
    const byUse = new Map<string, string[]>();
    for (const f of summary.files) {
      if (!f.frameworkUse || f.status !== 'reviewed') continue;
      const use = describeFrameworkUse(f.frameworkUse);
      byUse.set(use, [...(byUse.get(use) ?? []), f.school?.name ?? f.path]);
    }
    if (byUse.size > 0) console.log('各校使用的指标体系：');
    for (const [use, names] of byUse) {
      const who = names.length <= 3 ? names.join('、') : `${names.slice(0, 3).join('、')} 等`;
      console.log(`  ${use}：${names.length} 所（${who}）`);
    }
    for (const w of [...summary.yearWarnings, ...summary.frameworkWarnings, ...summary.caseWarnings])
      console.log(`注意：${w}`);
    for (const f of summary.files) if (f.status === 'skipped') console.error(`已跳过「${f.path}」：${f.reason}`);
    if (reviewFile) {
      const n = updateReviewFile(reviewFile, summary);
      console.log(`审阅文件已更新：${reviewFile}（共 ${n} 所学校）。`);
    }
    if (summary.schools.length === 0) {
      console.error('没有一个文件可以审阅，汇总中只有文件清单和原因。');
      return 1;
    }
    return 0;
  },
};
