/**
 * `qar import X.json --into Y.qar [--replace]`: writes a JSON export as a new workspace file (atomically).
 * `qar import X.xlsx --into Y.qar [--dry-run]`: merges an indicator workbook into an EXISTING workspace —
 * all values in one transaction, only when the workbook has no problems (else they are listed and exit 2).
 */
import { QarError } from '../errors';
import { workspaceFramework } from '../framework/resolve';
import type { Framework } from '../framework/schema';
import { importJsonFile, openWorkspace } from '../service';
import { describePlannedChange } from '../xlsx/plan';
import { planXlsxImport, readXlsxFile } from '../xlsx/session';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar import 导出.json --into 工作区.qar [--replace] | qar import 数据.xlsx --into 工作区.qar [--dry-run]';
/** problems listed before 「…另有 N 处」 */
const MAX_PROBLEM_LINES = 20;
const MAX_CHANGE_LINES = 50;

async function importXlsx(input: string, into: string, dryRun: boolean): Promise<number> {
  const bytes = readXlsxFile(input);
  // plan on a read-only open: a refused import cannot touch the file at all
  const ro = await openWorkspace(into, { readonly: true });
  let plan: Awaited<ReturnType<typeof planXlsxImport>>;
  let fw: Framework;
  try {
    const ws = ro.getWorkspace();
    fw = workspaceFramework(ws);
    plan = await planXlsxImport(ws, fw, bytes);
  } finally {
    ro.close();
  }
  for (const i of plan.infos) console.log(`提示：${i.message}`);
  if (plan.problems.length > 0) {
    const n = plan.problems.length;
    console.error(`「${input}」中有 ${n} 处问题，没有导入任何数据。请改正后重新导入：`);
    for (const p of plan.problems.slice(0, MAX_PROBLEM_LINES)) console.error(p.message);
    if (n > MAX_PROBLEM_LINES) console.error(`…另有 ${n - MAX_PROBLEM_LINES} 处`);
    return 2;
  }
  const changed = plan.planned.length;
  if (dryRun || changed === 0) {
    for (const c of plan.planned.slice(0, MAX_CHANGE_LINES)) console.log(describePlannedChange(c));
    if (changed > MAX_CHANGE_LINES) console.log(`…另有 ${changed - MAX_CHANGE_LINES} 项`);
    const head = dryRun ? '试运行（未修改文件）：' : '';
    console.log(
      `${head}读取 ${plan.read} 个数值，其中 ${changed} 项与工作区不同${dryRun && changed > 0 ? '，导入时将修改' : ''}。`,
    );
    return 0;
  }
  const rw = await openWorkspace(into);
  try {
    const r = rw.setValues(
      plan.planned.map((p) => ({ year: p.year, indicatorId: p.indicatorId, value: p.newValue })),
      'import',
      fw,
    );
    for (const c of plan.planned.slice(0, MAX_CHANGE_LINES)) console.log(describePlannedChange(c));
    if (changed > MAX_CHANGE_LINES) console.log(`…另有 ${changed - MAX_CHANGE_LINES} 项`);
    const followed = r.derived.length ? `；${r.derived.length} 项自动计算的数据随组成数据更新` : '';
    console.log(
      `已从「${input}」导入到 ${into}：读取 ${plan.read} 个数值，修改 ${r.logged} 项${followed}（已记入修改记录）。`,
    );
  } finally {
    rw.close();
  }
  return 0;
}

export const command: CliCommand = {
  summary: '把 JSON 导出文件还原为工作区文件（.qar），或把 Excel 指标数据表导入已有工作区',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['输入文件（.json 或 .xlsx）'],
      options: { into: 'string', replace: 'boolean', 'dry-run': 'boolean' },
      required: ['into'],
    });
    const input = a.positionals[0]!;
    const into = a.strings.into!;
    requireExtension(into, '.qar', '目标文件');
    if (input.toLowerCase().endsWith('.xlsx')) {
      if (a.flags.replace) {
        throw new QarError('BAD_INPUT', `参数有误：导入 Excel 是合并到已有工作区，不能使用 --replace。用法：${USAGE}`);
      }
      return importXlsx(input, into, a.flags['dry-run'] === true);
    }
    if (a.flags['dry-run']) {
      throw new QarError('BAD_INPUT', `参数有误：--dry-run 只用于导入 Excel（.xlsx）。用法：${USAGE}`);
    }
    requireExtension(input, '.json', '输入文件（JSON 导出文件或 Excel .xlsx 文件）');
    const exp = await importJsonFile(input, into, { replace: a.flags.replace === true });
    console.log(
      `已导入到 ${into}：${exp.profile.name}，${exp.values.length} 项指标数据，${exp.blocks.length} 个内容块，${exp.assets.length} 张图片。`,
    );
    return 0;
  },
};
