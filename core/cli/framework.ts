/**
 * `qar framework …`: frameworks (indicator systems) issued by a province or district, and editions.
 *   list                                   the builtin frameworks, with their 版本说明
 *   check FILE.json|FILE.xlsx              checks a framework file; every problem names its place in the file
 *   use FILE.json|FILE.xlsx --into X.qar   stores it in the workspace (id, version, sha256) and switches to it
 *   upgrade X.qar [--to ID] [--dry-run]    moves a workspace to the edition of its report year, keeping its data
 *   export [--from ID|FILE.json|X.qar] [--level 高职 --year 2025] --out F.xlsx   the Excel form
 *   import F.xlsx --out F.json [--replace] the Excel form back to a framework file (every loader check applied)
 * Refusals are one Chinese line (exit 2) and change nothing.
 */
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { QarError } from '../errors';
import { describeFramework, newerEdition, pickEdition } from '../framework/editions';
import { exportFrameworkForm } from '../framework/form/export';
import { builtinFrameworks, getFramework } from '../framework/registry';
import { frameworkText, workspaceFramework } from '../framework/resolve';
import { allIndicators, type Framework } from '../framework/schema';
import { loadFrameworkSource } from '../framework/source';
import { writeAtomically } from '../fs/atomic';
import { SchoolLevel, type Workspace } from '../model';
import { likelyReportYear } from '../report/season';
import { openWorkspace } from '../service';
import { applySwitch, planSwitch } from '../workspace/switch-framework';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE =
  'qar framework list | check 框架.json|框架.xlsx | use 框架.json|框架.xlsx --into 工作区.qar | upgrade 工作区.qar [--to 框架编号] [--dry-run]' +
  ' | export [--from 框架编号|框架.json|工作区.qar] [--level 高职] [--year 2025] --out 框架.xlsx | import 框架.xlsx --out 框架.json [--replace]';

const CONFIDENCE = { C: '已核实', P: '部分核实', U: '待核实' } as const;

function summary(fw: Framework): string {
  const enabled = fw.rules.filter((r) => r.enabled).length;
  const unconfirmed = fw.rules.filter((r) => !r.enabled && r.confidence === 'U').length;
  return `${fw.title}：${fw.tables.length} 张表 ${allIndicators(fw).length} 项指标，${fw.rules.length} 条规则（启用 ${enabled} 条，待核实停用 ${unconfirmed} 条）`;
}

function notes(fw: Framework): string[] {
  return fw.releaseNotes.map((n) => `  · ${n.text}（${CONFIDENCE[n.confidence]}）`);
}

async function list(args: string[]): Promise<number> {
  parseArgs(args, { usage: USAGE, positionals: [], options: {} });
  for (const fw of builtinFrameworks()) {
    console.log(
      `${fw.id}  ${fw.kind}  ${fw.level}  ${fw.edition}  版本 ${fw.version}${fw.basedOn ? `  （依据 ${fw.basedOn}）` : ''}`,
    );
    console.log(`  ${summary(fw)}`);
    if (fw.releaseNotes.length) console.log('  版本说明：');
    for (const l of notes(fw)) console.log(`  ${l}`);
  }
  return 0;
}

async function check(args: string[]): Promise<number> {
  const a = parseArgs(args, { usage: USAGE, positionals: ['指标框架文件'], options: {} });
  const src = await loadFrameworkSource(a.positionals[0] as string);
  const fw = src.framework;
  const builtin = builtinFrameworks().find((f) => f.id === fw.id);
  console.log(`检查通过：「${src.label}」是有效的指标框架${describeFramework(fw)}。`);
  console.log(summary(fw));
  for (const l of src.summary) console.log(l);
  if (builtin && frameworkText(builtin) !== frameworkText(fw)) {
    console.log(`注意：编号「${fw.id}」与程序内置的框架相同但内容不同，学校使用时会被拒绝；请改用自己的编号。`);
  }
  if (fw.releaseNotes.length) console.log('版本说明：');
  for (const l of notes(fw)) console.log(l);
  return 0;
}

async function use(args: string[]): Promise<number> {
  const a = parseArgs(args, {
    usage: USAGE,
    positionals: ['指标框架文件'],
    options: { into: 'string' },
    required: ['into'],
  });
  const into = a.strings.into as string;
  requireExtension(into, '.qar', '工作区文件');
  // checked completely, and planned on a read-only open, before the workspace is opened for writing:
  // a refused file changes nothing, not even the file's header
  const src = await loadFrameworkSource(a.positionals[0] as string);
  await withReadOnly(into, (ws) => planSwitch(ws, src.framework, { sourceName: src.label }));
  const session = await openWorkspace(into);
  try {
    const plan = planSwitch(session.getWorkspace(), src.framework, { sourceName: src.label });
    applySwitch(session, plan);
    console.log(`已在「${basename(into)}」中使用指标框架${describeFramework(src.framework)}。`);
    for (const l of plan.lines) console.log(l);
  } finally {
    session.close();
  }
  return 0;
}

/** Runs `fn` on a read-only snapshot of the workspace (never writes the file). */
async function withReadOnly<T>(path: string, fn: (ws: Workspace) => T): Promise<T> {
  const s = await openWorkspace(path, { readonly: true });
  try {
    return fn(s.getWorkspace());
  } finally {
    s.close();
  }
}

/** The edition a workspace should move to: `to`, else the builtin edition of its report year (if newer). */
function upgradeTarget(ws: Workspace, to: string | undefined): Framework | undefined {
  if (to) return getFramework(to);
  let current: Framework | undefined;
  try {
    current = workspaceFramework(ws);
  } catch {
    current = undefined;
  }
  return current
    ? newerEdition(current, ws.profile.level, ws.profile.reportYear)
    : pickEdition({ level: ws.profile.level, year: ws.profile.reportYear }).framework;
}

async function upgrade(args: string[]): Promise<number> {
  const a = parseArgs(args, {
    usage: USAGE,
    positionals: ['工作区文件'],
    options: { to: 'string', 'dry-run': 'boolean' },
  });
  const path = a.positionals[0] as string;
  requireExtension(path, '.qar', '工作区文件');
  // planned read-only first: nothing to do, or a refusal, leaves the file untouched
  const planned = await withReadOnly(path, (ws) => {
    const target = upgradeTarget(ws, a.strings.to);
    return { ws, target, plan: target ? planSwitch(ws, target) : undefined };
  });
  const { ws, target } = planned;
  if (!target || !planned.plan) {
    console.log(
      `「${basename(path)}」已使用${ws.profile.reportYear}年度适用的指标体系${describeFramework(workspaceFramework(ws))}，无需升级。`,
    );
    return 0;
  }
  let plan = planned.plan;
  if (a.flags['dry-run']) {
    console.log(`预览（未修改文件）：将「${basename(path)}」升级到${describeFramework(target)}。`);
  } else {
    const session = await openWorkspace(path);
    try {
      plan = planSwitch(session.getWorkspace(), target);
      applySwitch(session, plan);
    } finally {
      session.close();
    }
    console.log(`已将「${basename(path)}」升级到${describeFramework(target)}，数据已保留。`);
  }
  for (const l of plan.lines) console.log(l);
  if (target.releaseNotes.length) console.log('版本说明：');
  for (const l of notes(target)) console.log(l);
  return 0;
}

async function resolveExportSource(from: string | undefined, level: string | undefined, year: string | undefined) {
  if (from && extname(from).toLowerCase() === '.qar') {
    const s = await openWorkspace(from, { readonly: true });
    try {
      return workspaceFramework(s.getWorkspace());
    } finally {
      s.close();
    }
  }
  if (from && extname(from).toLowerCase() === '.json') return (await loadFrameworkSource(from)).framework;
  if (from) return getFramework(from);
  const l = SchoolLevel.safeParse(level ?? '高职');
  if (!l.success) throw new QarError('BAD_INPUT', `办学层次「${level}」无效，应为 中职、高职 或 职业本科。`);
  const y = Number(year ?? likelyReportYear());
  if (!Number.isInteger(y) || y < 2000 || y > 2100)
    throw new QarError('BAD_INPUT', `年度「${year}」无效，应为四位年份。`);
  return pickEdition({ level: l.data, year: y }).framework;
}

async function exportForm(args: string[]): Promise<number> {
  const a = parseArgs(args, {
    usage: USAGE,
    positionals: [],
    options: { out: 'string', from: 'string', level: 'string', year: 'string' },
    required: ['out'],
  });
  const out = a.strings.out as string;
  requireExtension(out, '.xlsx', '输出文件');
  const fw = await resolveExportSource(a.strings.from, a.strings.level, a.strings.year);
  writeAtomically(out, await exportFrameworkForm(fw));
  console.log(`已导出指标框架的 Excel 形式：${out}，指标框架${describeFramework(fw)}。`);
  console.log(
    '在 Excel 中修改「框架信息」「指标」「标准与目标」「依据文件」后，运行 qar framework import 该文件 --out 框架.json 转回框架文件。',
  );
  return 0;
}

async function importForm(args: string[]): Promise<number> {
  const a = parseArgs(args, {
    usage: USAGE,
    positionals: ['指标框架 Excel 文件'],
    options: { out: 'string', replace: 'boolean' },
    required: ['out'],
  });
  const input = a.positionals[0] as string;
  requireExtension(input, '.xlsx', '指标框架 Excel 文件');
  const out = a.strings.out as string;
  requireExtension(out, '.json', '输出文件');
  if (existsSync(out) && !a.flags.replace) {
    throw new QarError(
      'CONFLICT',
      `目标文件「${basename(out)}」已存在。如确定要覆盖，请加上 --replace；或换一个文件名。`,
    );
  }
  const src = await loadFrameworkSource(input);
  writeAtomically(out, frameworkText(src.framework));
  console.log(`已生成指标框架文件：${out}，指标框架${describeFramework(src.framework)}，已通过全部检查。`);
  for (const l of src.summary) console.log(l);
  return 0;
}

const SUB: Record<string, (args: string[]) => Promise<number>> = {
  list,
  check,
  use,
  upgrade,
  export: exportForm,
  import: importForm,
};

export const command: CliCommand = {
  summary: '指标框架：检查、使用省市发布的框架，升级到新年度版本，Excel 形式的导出与导入',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    const run = sub ? SUB[sub] : undefined;
    if (!run) {
      throw new QarError('BAD_INPUT', `参数有误：${sub ? `不认识的子命令「${sub}」` : '缺少子命令'}。用法：${USAGE}`);
    }
    return run(rest);
  },
};
