/**
 * `qar validate FILE.qar [--year Y] [--json]`: checks one report year against the workspace's framework.
 * Exit 0 = no errors (warnings and notes allowed), 1 = errors found, 2 = unusable input (QarError, via cli.ts).
 * The workspace is opened read-only: validating never changes the file.
 */
import { QarError } from '../errors';
import { resolveWorkspace } from '../framework/resolve';
import type { Workspace } from '../model';
import { appendixYears } from '../report/format';
import { blockOrdinal } from '../report/places';
import { openWorkspace } from '../service';
import { validateWorkspace } from '../validate/engine';
import type { Finding, FindingLocation, ValidationResult } from '../validate/types';
import { parseArgs } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar validate 工作区.qar [--year 年度] [--json]';

function parseYear(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{4}$/.test(raw) || Number(raw) < 2000 || Number(raw) > 2100) {
    throw new QarError(
      'BAD_INPUT',
      `参数有误：年度「${raw}」应为 2000～2100 之间的四位数字，例如 --year 2024。用法：${USAGE}`,
    );
  }
  return Number(raw);
}

/** Where a finding is, in words: 「教学资源表 · 生师比（2024年）」, 「人才培养 › 就业质量 › 第 2 块（案例）」. */
export function describeLocation(loc: FindingLocation, ws?: Pick<Workspace, 'sections' | 'blocks'>): string {
  switch (loc.type) {
    case 'cell':
      return `${loc.tableName} · ${loc.indicatorName}（${loc.year}年）`;
    case 'block': {
      if (!loc.sectionId) return `「${loc.chapterTitle}」一章`;
      const section = ws?.sections.find((s) => s.id === loc.sectionId);
      const parts = [loc.chapterTitle, section?.title ?? '某一节'];
      const ordinal = loc.blockId && ws ? blockOrdinal(ws, loc.blockId) : '';
      if (ordinal) parts.push(ordinal);
      return parts.join(' › ');
    }
    default:
      return loc.label;
  }
}

const GROUPS: { severity: Finding['severity']; title: string }[] = [
  { severity: 'error', title: '错误' },
  { severity: 'warning', title: '警告' },
  { severity: 'info', title: '提示' },
];

/**
 * The human report: a summary line (which years it covers: the report year and the year its appendix prints
 * beside it, with the count per year), then the findings grouped by severity.
 */
export function formatHuman(result: ValidationResult, ws: Workspace, year: number): string {
  const s = result.summary;
  const printed = appendixYears(year).filter((y) => y === year || ws.years.some((x) => x.year === y));
  const covers = printed.length > 1 ? `（含附表所印${printed.filter((y) => y !== year).join('、')}年数据）` : '';
  const lines = [
    `${ws.profile.name} ${year}年度校验结果${covers}：错误 ${s.error} 项，警告 ${s.warning} 项，提示 ${s.info} 项。`,
  ];
  const byYear = new Map<number, number>();
  for (const f of result.findings) {
    const y = f.location.type === 'cell' ? f.location.year : year;
    byYear.set(y, (byYear.get(y) ?? 0) + 1);
  }
  if (byYear.size > 1) {
    const parts = [...byYear.entries()].sort((a, b) => b[0] - a[0]).map(([y, n]) => `${y}年 ${n} 项`);
    lines.push(`按年度：${parts.join('，')}。`);
  }
  for (const g of GROUPS) {
    const list = result.findings.filter((f) => f.severity === g.severity);
    if (list.length === 0) continue;
    lines.push('', `【${g.title}】${list.length} 项`);
    list.forEach((f, i) => {
      const tag = f.unconfirmed ? '（待核实）' : f.status === 'progress' ? '（目标进度）' : '';
      lines.push(`${i + 1}. ${describeLocation(f.location, ws)}${tag}`);
      lines.push(`   ${f.message}`);
      if (f.citation) lines.push(`   依据：${f.citation.text}`);
      if (f.hint) lines.push(`   建议：${f.hint}`);
    });
  }
  if (s.error === 0) lines.push('', s.warning + s.info === 0 ? '未发现问题。' : '没有错误；请逐条看一下警告和提示。');
  return lines.join('\n');
}

export const command: CliCommand = {
  summary: '按指标体系校验工作区（数据、报告结构和正文数字）',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['工作区文件（.qar）'],
      options: { year: 'string', json: 'boolean' },
    });
    const requested = parseYear(a.strings.year);
    const session = await openWorkspace(a.positionals[0]!, { readonly: true });
    let result: ValidationResult;
    let ws: Workspace;
    let year: number;
    try {
      ws = session.getWorkspace();
      year = requested ?? ws.profile.reportYear;
      if (
        requested !== undefined &&
        requested !== ws.profile.reportYear &&
        !ws.years.some((y) => y.year === requested)
      ) {
        const known = [...new Set([ws.profile.reportYear, ...ws.years.map((y) => y.year)])].sort().join('、');
        throw new QarError('BAD_INPUT', `工作区中没有 ${requested} 年度。可校验的年度：${known}。`);
      }
      const { framework, outline } = resolveWorkspace(ws);
      result = validateWorkspace(ws, framework, { year, outline });
    } finally {
      session.close();
    }
    if (a.flags.json) {
      console.log(JSON.stringify({ findings: result.findings, summary: result.summary }, null, 2));
    } else {
      console.log(formatHuman(result, ws, year));
    }
    return result.summary.error > 0 ? 1 : 0;
  },
};
