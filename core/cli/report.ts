/** `qar report FILE.qar [--year Y] [--styles official|report|official-gb2312] --out OUT.docx`: the Word report. */
import { exportReportDocx } from '../docx/export';
import { getReportStyles } from '../docx/styles';
import { QarError } from '../errors';
import { resolveWorkspace } from '../framework/resolve';
import { writeAtomically } from '../fs/atomic';
import { handOverNotice, openWorkspace } from '../service';
import { parseArgs } from './args';
import type { CliCommand } from './types';

const USAGE =
  'qar report 工作区.qar [--year 年度] [--styles official（公文版式）|report（报告版式）|official-gb2312] --out 报告.docx';

function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const y = Number(text);
  if (!/^\d{4}$/.test(text) || y < 2000 || y > 2100) {
    throw new QarError('BAD_INPUT', `参数有误：年度「${text}」不是 2000–2100 之间的四位年份。用法：${USAGE}`);
  }
  return y;
}

export const command: CliCommand = {
  summary: '生成质量年度报告 Word 文档（.docx），工作区以只读方式打开',
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['工作区文件（.qar）'],
      options: { year: 'string', out: 'string', styles: 'string' },
      required: ['out'],
    });
    const out = a.strings.out as string;
    if (!/\.docx$/i.test(out))
      throw new QarError('BAD_INPUT', `参数有误：输出文件应以 .docx 结尾（收到「${out}」）。用法：${USAGE}`);
    const year = parseYear(a.strings.year);
    const styles = getReportStyles(a.strings.styles ?? 'official');

    const session = await openWorkspace(a.positionals[0] as string, { readonly: true });
    try {
      const notice = handOverNotice(session);
      if (notice) console.log(notice);
      const ws = session.getWorkspace();
      const { framework: fw, outline } = resolveWorkspace(ws);
      const y = year ?? ws.profile.reportYear;
      const known = ws.years.some((i) => i.year === y) || ws.chapters.some((c) => c.year === y);
      if (!known) {
        const have = [...new Set([...ws.years.map((i) => i.year), ...ws.chapters.map((c) => c.year)])].sort();
        throw new QarError(
          'BAD_INPUT',
          `工作区里没有 ${y} 年度的数据或报告内容（已有：${have.map((v) => `${v}年`).join('、') || '无'}），请用 --year 指定年度。`,
        );
      }
      const t0 = performance.now();
      const { model, docx } = await exportReportDocx(ws, fw, (id) => session.getAssetBytes(id), {
        year: y,
        styles,
        outline,
      });
      // written beside the target and renamed: an old report is never left half-overwritten
      writeAtomically(out, docx, '文件是否正在 Word 中打开');
      const s = model.stats;
      const mb = (docx.length / 1024 / 1024).toFixed(1);
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(
        `已生成报告：${out}（${model.meta.fullTitle}；${s.chapters} 章 ${s.sections} 节，图 ${s.figures} 幅（照片 ${s.photos}、图表 ${s.charts}），表 ${s.tables} 张，案例 ${s.cases} 个，附表 ${s.appendixTables} 张；${mb} MB，用时 ${secs} 秒）。在 Word 中打开后如提示更新域，请选“是”以刷新目录页码。`,
      );
      return 0;
    } finally {
      session.close();
    }
  },
};
