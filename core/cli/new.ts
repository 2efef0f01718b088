/**
 * `qar new --out FILE.qar --name 学校名称 --level 中职|高职|职业本科 [--category 工科] [--year 2025] [--code …]
 * [--region …]`: a new, empty workspace with the outline's chapters, following the level's builtin framework.
 */
import { QarError } from '../errors';
import { frameworkFor } from '../framework/registry';
import { SchoolCategory, SchoolLevel } from '../model';
import { createWorkspace as createWorkspaceFile } from '../workspace-io';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar new --out 学校.qar --name 学校名称 --level 中职|高职|职业本科 [--category 工科] [--year 2025]';

export const command: CliCommand = {
  summary: '新建一个学校工作区',
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: [],
      options: {
        out: 'string',
        name: 'string',
        level: 'string',
        category: 'string',
        year: 'string',
        code: 'string',
        region: 'string',
      },
      required: ['out', 'name', 'level'],
    });
    const out = a.strings.out!;
    requireExtension(out, '.qar', '输出文件');
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
    const year = Number(a.strings.year ?? new Date().getFullYear() - 1);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      throw new QarError('BAD_INPUT', `报告年度「${a.strings.year}」无效，应为四位年份，例如 2025。`);
    }
    const name = a.strings.name!.trim();
    if (!name || name.length > 100) throw new QarError('BAD_INPUT', '学校名称不能为空，且不超过 100 个字。');
    const fw = frameworkFor(level.data);
    createWorkspaceFile(out, {
      profile: {
        name,
        code: a.strings.code ?? '',
        level: level.data,
        category: category.data,
        region: a.strings.region ?? '',
        reportYear: year,
      },
      framework: { id: fw.id, version: fw.version },
    });
    console.log(`已新建工作区：${out}（${name}，${level.data}，${year}年度，指标体系 ${fw.id}）。`);
    return 0;
  },
};
