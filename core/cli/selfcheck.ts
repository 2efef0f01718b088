/**
 * `qar selfcheck FILE.qar [--year Y] [--out X.docx|X.xlsx]`: the 自评 — four dimensions scored from what the tool
 * can measure, each item with its evidence, fix and basis (core/selfcheck/score.ts). The workspace is opened read-only.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from '../errors';
import { frameworkOf } from '../framework/resolve';
import { selfcheck } from '../selfcheck/score';
import { selfcheckDocx, selfcheckXlsx } from '../selfcheck/write';
import { openWorkspace } from '../service';
import { validateWorkspace } from '../validate/engine';
import { parseArgs } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar selfcheck 工作区.qar [--year 年度] [--out 自评.docx|自评.xlsx]';
const BASIS = { notice: '通知要求', seed: '示范报告做法', tool: '工具自定' } as const;

export const command: CliCommand = {
  summary: '自评：按框架结构、内容质量、编制与报送、特色亮点四个维度估计报告质量，列出证据和改进办法',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['工作区文件（.qar）'],
      options: { year: 'string', out: 'string' },
      required: [],
    });
    const out = a.strings.out;
    if (out !== undefined && !/\.(docx|xlsx)$/i.test(out))
      throw new QarError('BAD_INPUT', `参数有误：输出文件应以 .docx 或 .xlsx 结尾（收到「${out}」）。用法：${USAGE}`);
    const rawYear = a.strings.year;
    if (rawYear !== undefined && (!/^\d{4}$/.test(rawYear) || Number(rawYear) < 2000 || Number(rawYear) > 2100))
      throw new QarError('BAD_INPUT', `参数有误：年度「${rawYear}」应为 2000～2100 之间的四位数字。用法：${USAGE}`);

    const session = await openWorkspace(a.positionals[0] as string, { readonly: true });
    try {
      const ws = session.getWorkspace();
      const fw = frameworkOf(ws.framework);
      const year = rawYear ? Number(rawYear) : ws.profile.reportYear;
      const r = selfcheck(ws, fw, validateWorkspace(ws, fw, { year }).findings, year);
      const lines = [`${ws.profile.name}质量年度报告（${year}年度）自评：总体 ${r.total} 分`, `说明：${r.disclaimer}`];
      for (const d of r.dimensions) {
        lines.push('', `【${d.title}】${d.score} 分（${d.official}）`);
        for (const i of d.items) {
          lines.push(`  ${i.title}：${i.score} 分。${i.evidence}`);
          if (i.fix) lines.push(`    改进：${i.fix}`);
          lines.push(`    依据（${BASIS[i.basis.kind]}）：${i.basis.text.replace(/^[^：]*：/, '')}`);
        }
      }
      if (out) {
        const bytes = /\.docx$/i.test(out)
          ? await selfcheckDocx(r, ws.profile.name)
          : await selfcheckXlsx(r, ws.profile.name);
        const tmp = `${out}.tmp-${process.pid}`;
        try {
          writeFileSync(tmp, bytes);
          renameSync(tmp, out);
        } catch (e) {
          rmSync(tmp, { force: true });
          throw new QarError('BAD_INPUT', `无法写入「${basename(out)}」，请检查路径和文件夹权限。`, { cause: e });
        }
        lines.push('', `已写出：${out}`);
      }
      console.log(lines.join('\n'));
      return 0;
    } finally {
      session.close();
    }
  },
};
