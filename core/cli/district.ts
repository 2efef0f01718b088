/**
 * `qar district FILE.qar|FOLDER... --out DRAFT.docx [--year Y] [--name 某某区] [--save DRAFT.qar]`
 *
 * The district report draft from schools' workspaces (opened read-only): same outline and typography as a school
 * report, aggregated 附表 1-x (高职) and 2-x (中职), comparison charts and the schools' cases as a gallery.
 * --save also writes the draft as a .qar, to edit like a school report; `qar district DRAFT.qar --out X.docx`
 * (one input that is a saved district draft) prints it again after editing.
 * Exit codes as `qar review`: 0 written, 1 no usable school, 2 bad arguments.
 */
import { nodeDocxDeps } from '../docx/export';
import { writeReportDocx } from '../docx/write';
import { QarError } from '../errors';
import { resolveWorkspace } from '../framework/resolve';
import { writeAtomically } from '../fs/atomic';
import type { ReportModel } from '../report/model';
import { buildDistrictReportModel, isDistrictFrameworkId } from '../review/district';
import { buildDistrictFiles } from '../review/district-files';
import { expandInputs } from '../review/load';
import { openWorkspace } from '../service';
import { fileSizeText } from './file-size';
import { parseManyArgs, parseYearArg } from './review';
import type { CliCommand } from './types';

const USAGE =
  'qar district 工作区.qar|文件夹 ... --out 区域报告.docx [--year 年度] [--name 地区名称] [--save 区域报告.qar]';

async function writeDocx(model: ReportModel, assetBytes: (id: string) => Buffer | Uint8Array, out: string) {
  const docx = await writeReportDocx(model, {
    assetBytes,
    ...nodeDocxDeps(),
    // long tables (the 附表 of every indicator): their 续表 parts found in one layout (core/docx/write.ts)
    reserveCaptions: true,
  });
  writeAtomically(out, docx);
  return docx.length;
}

/** A saved district draft: print it again (after the reviewer edited its narrative). */
async function reprint(path: string, out: string, year: number | undefined): Promise<number> {
  const session = await openWorkspace(path, { readonly: true });
  try {
    const ws = session.getWorkspace();
    const { framework: fw, outline } = resolveWorkspace(ws);
    const model = buildDistrictReportModel(ws, fw, year, outline);
    await writeDocx(model, (id) => session.getAssetBytes(id), out);
    console.log(`已生成区域报告：${out}（${model.meta.fullTitle}，附表 ${model.stats.appendixTables} 张）。`);
    return 0;
  } finally {
    session.close();
  }
}

async function isDistrictDraft(path: string): Promise<boolean> {
  if (!/\.qar$/i.test(path)) return false;
  try {
    const s = await openWorkspace(path, { readonly: true });
    try {
      return isDistrictFrameworkId(s.info().framework.id);
    } finally {
      s.close();
    }
  } catch {
    return false;
  }
}

export const command: CliCommand = {
  summary: '由多所学校的工作区生成区域质量年度报告草稿（.docx，可另存为 .qar 继续编辑）',
  usage: USAGE,
  async run(args) {
    const a = parseManyArgs(
      args,
      { usage: USAGE, options: { out: 'string', year: 'string', name: 'string', save: 'string' }, required: ['out'] },
      '学校工作区文件或文件夹',
    );
    const out = a.strings.out as string;
    if (!/\.docx$/i.test(out)) {
      throw new QarError('BAD_INPUT', `参数有误：输出文件应以 .docx 结尾（收到「${out}」）。用法：${USAGE}`);
    }
    const save = a.strings.save;
    if (save && !/\.qar$/i.test(save)) {
      throw new QarError('BAD_INPUT', `参数有误：--save 的文件应以 .qar 结尾（收到「${save}」）。用法：${USAGE}`);
    }
    const year = parseYearArg(a.strings.year, USAGE);
    const paths = expandInputs(a.positionals);
    if (paths.length === 1 && !paths.refused.has(paths[0] as string) && (await isDistrictDraft(paths[0] as string)))
      return reprint(paths[0] as string, out, year);

    const r = await buildDistrictFiles({
      paths,
      out,
      ...(year ? { year } : {}),
      ...(a.strings.name ? { name: a.strings.name } : {}),
      ...(save ? { save } : {}),
    });
    for (const f of r.skipped) console.error(`已跳过「${f.path}」：${f.reason}`);
    if (r.written) for (const w of r.frameworkWarnings) console.error(`注意：${w}`);
    if (r.written && r.nameNote)
      console.error(`提示：${r.nameNote.replace('请指定地区名称', '请用 --name 指定地区名称')}`);
    if (!r.written) {
      console.error('没有一个文件可以使用，未生成区域报告。');
      return 1;
    }
    console.log(
      `已生成区域报告草稿：${out}（${r.title}；${r.schools} 所学校，图表 ${r.charts} 幅，案例备选 ${r.cases} 个，附表 ${r.appendixTables} 张；${fileSizeText(r.bytes)}，用时 ${(r.ms / 1000).toFixed(1)} 秒）。`,
    );
    if (save)
      console.log(
        `草稿已另存为工作区：${save}（可像学校报告一样编辑，再用 qar district ${save} --out 报告.docx 生成）。`,
      );
    return 0;
  },
};
