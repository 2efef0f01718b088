/**
 * `qar new --out FILE.qar --name 名称 --level 中职|高职|职业本科 [--kind 学校年报|企业年报] [--category 工科]
 * [--year 2025] [--code …] [--region …]`: a new, empty workspace with the outline's chapters, on the builtin
 * edition that matches the report year (said on stdout).
 *
 * `qar new --from LAST.qar [--year Y] --out NEW.qar [--with-photos]`: next year's workspace from last year's
 * (core/workspace/next-year.ts). Last year's file is opened read-only and never changed.
 */
import { QarError } from '../errors';
import { pickEdition } from '../framework/editions';
import { SCHOOL_KIND } from '../framework/schema';
import { SchoolCategory, SchoolLevel } from '../model';
import { reportKinds } from '../report/outlines';
import { likelyReportYear } from '../report/season';
import { createNextYearWorkspace } from '../workspace/next-year-file';
import { createWorkspace as createWorkspaceFile } from '../workspace-io';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE =
  'qar new --out 工作区.qar --name 名称 --level 中职|高职|职业本科 [--kind 学校年报|企业年报] [--category 工科] [--year 2025] [--replace]' +
  ' | qar new --from 上一年度.qar [--year 2025] --out 新工作区.qar [--with-photos] [--replace]';

function parseYear(raw: string | undefined, fallback: number): number {
  const year = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(year) || year < 2000 || year > 2100 || (raw !== undefined && !/^\d{4}$/.test(raw))) {
    throw new QarError('BAD_INPUT', `报告年度「${raw}」无效，应为四位年份，例如 2025。`);
  }
  return year;
}

async function fromLastYear(a: ReturnType<typeof parseArgs>): Promise<number> {
  for (const o of ['name', 'level', 'kind', 'category', 'code', 'region']) {
    if (o in a.strings) {
      throw new QarError(
        'BAD_INPUT',
        `参数有误：--from 时学校信息和报告类型都取自上一年度的文件，不能再给 --${o}。用法：${USAGE}`,
      );
    }
  }
  const from = a.strings.from as string;
  requireExtension(from, '.qar', '上一年度的工作区文件');
  const out = a.strings.out as string;
  const year = a.strings.year === undefined ? undefined : parseYear(a.strings.year, 0);
  const r = await createNextYearWorkspace(from, out, {
    ...(year !== undefined ? { year } : {}),
    withPhotos: a.flags['with-photos'] === true,
    replace: a.flags.replace === true,
  });
  const p = r.plan.profile;
  console.log(
    `已新建工作区：${out}（${p.name}，${p.level}，${p.reportYear}年度，来自「${r.plan.origin.fileName}」）。`,
  );
  for (const line of r.lines) console.log(line);
  return 0;
}

export const command: CliCommand = {
  summary: '新建工作区（学校年报、企业年报），或从上一年度的工作区新建下一年度',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: [],
      options: {
        out: 'string',
        from: 'string',
        'with-photos': 'boolean',
        name: 'string',
        level: 'string',
        kind: 'string',
        category: 'string',
        year: 'string',
        code: 'string',
        region: 'string',
        replace: 'boolean',
      },
      required: ['out'],
    });
    const out = a.strings.out as string;
    requireExtension(out, '.qar', '输出文件');
    if (a.strings.from !== undefined) return fromLastYear(a);
    if (a.flags['with-photos']) {
      throw new QarError('BAD_INPUT', `参数有误：--with-photos 只与 --from 一起使用。用法：${USAGE}`);
    }
    for (const r of ['name', 'level']) {
      if (!(r in a.strings)) throw new QarError('BAD_INPUT', `参数有误：缺少选项「--${r}」。用法：${USAGE}`);
    }
    const level = SchoolLevel.safeParse(a.strings.level);
    if (!level.success)
      throw new QarError(
        'BAD_INPUT',
        `办学层次「${a.strings.level}」无效，应为 中职、高职 或 职业本科。用法：${USAGE}`,
      );
    const category = SchoolCategory.safeParse(a.strings.category ?? '综合');
    if (!category.success) {
      throw new QarError(
        'BAD_INPUT',
        `学校类别「${a.strings.category}」无效，可选：${SchoolCategory.options.join('、')}。`,
      );
    }
    const kind = a.strings.kind ?? SCHOOL_KIND;
    const kinds = reportKinds().filter((k) => k !== '区域年报');
    if (!kinds.includes(kind)) {
      const hint = kind === '区域年报' ? '区域年报由各校工作区汇总生成，请用 qar district。' : '';
      throw new QarError('BAD_INPUT', `报告类型「${kind}」无效，可选：${kinds.join('、')}。${hint}`);
    }
    const year = parseYear(a.strings.year, likelyReportYear());
    const name = (a.strings.name as string).trim();
    if (!name || name.length > 100) throw new QarError('BAD_INPUT', '名称不能为空，且不超过 100 个字。');
    const choice = pickEdition({ level: level.data, year, kind });
    createWorkspaceFile(
      out,
      {
        profile: {
          name,
          code: a.strings.code ?? '',
          level: level.data,
          category: category.data,
          region: a.strings.region ?? '',
          reportYear: year,
        },
        framework: { id: choice.framework.id, version: choice.framework.version },
      },
      { outline: choice.outline, replace: a.flags.replace === true },
    );
    console.log(`已新建工作区：${out}（${name}，${level.data}，${kind}，${year}年度）。`);
    console.log(choice.note);
    return 0;
  },
};
