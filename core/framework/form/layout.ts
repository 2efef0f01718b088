/**
 * The Excel form of an indicator framework: what a province or district officer edits instead of JSON. Shared by
 * the writer (export.ts) and the reader (import.ts): sheet names, column headers and the Chinese labels of coded
 * values (类型, 必填, 可信度, 级别 …). Pure.
 */
import type { Confidence, IndicatorType, Severity } from '../schema';

export const SHEET = {
  guide: '说明',
  info: '框架信息',
  indicators: '指标',
  standards: '标准与目标',
  documents: '依据文件',
  /** the whole framework as JSON (very hidden): the parts the form does not show (other rules, formulas …) */
  data: '框架数据',
} as const;

/** A column of a list sheet: its header and the field it holds. */
export interface FormColumn {
  header: string;
  key: string;
  width: number;
  /** a short note on the header cell: what to write */
  note?: string;
}

export const INDICATOR_COLUMNS: readonly FormColumn[] = [
  {
    header: '表编号',
    key: 'table',
    width: 13,
    note: '表的英文编号；学校年报固定为 scorecard、satisfaction、resources、service、international、policy',
  },
  { header: '表名称', key: 'tableName', width: 18 },
  { header: '指标编号', key: 'id', width: 26, note: '小写英文字母、数字和下划线，新增指标请起一个不重复的编号' },
  { header: '指标名称', key: 'name', width: 36 },
  { header: '单位', key: 'unit', width: 8 },
  { header: '类型', key: 'type', width: 10, note: '人数/个数、百分比、金额、比值、数值' },
  { header: '小数位', key: 'decimals', width: 7, note: '0–4 的整数' },
  { header: '必填', key: 'required', width: 14, note: '是、有毕业生的年份、否' },
  { header: '所属指标（其中）', key: 'partOf', width: 22, note: '“其中”项所属的上级指标编号，须在同一张表' },
  { header: '计算公式', key: 'formula', width: 34, note: '派生指标的公式，只能用指标编号和 + - * / ( )' },
  { header: '可信度', key: 'confidence', width: 10, note: '已核实、部分核实、待核实' },
  { header: '依据文件编号', key: 'doc', width: 14, note: '「依据文件」表中的编号；留空表示不注明出处' },
  { header: '依据位置', key: 'where', width: 18 },
  { header: '种子行', key: 'seed', width: 22 },
  { header: '原文摘录', key: 'quote', width: 40 },
  { header: '出处备注', key: 'citeNote', width: 30, note: '研究笔记：在哪里找到、哪些待核实；不作为引文显示' },
  { header: '说明', key: 'description', width: 50 },
];

export const STANDARD_COLUMNS: readonly FormColumn[] = [
  { header: '规则编号', key: 'id', width: 30, note: '小写英文、数字和 . _ -；新增一行即新增一条规则' },
  { header: '类型', key: 'kind', width: 10, note: '国家标准（始终检查）或 省市目标（截止年份前显示进度）' },
  { header: '标题', key: 'title', width: 40 },
  { header: '指标编号', key: 'indicator', width: 24, note: '规则针对的指标（图表参考线也画在它上面）' },
  { header: '条件表达式', key: 'expr', width: 40, note: '达标时为真，例如 student_teacher_ratio <= 18' },
  { header: '参考值', key: 'reference', width: 9 },
  { header: '截止年份', key: 'deadline', width: 9, note: '省市目标必填' },
  { header: '起始年份', key: 'since', width: 9 },
  { header: '级别', key: 'severity', width: 8, note: '错误、警告、提示' },
  { header: '启用', key: 'enabled', width: 7, note: '是、否；待核实的规则请保持“否”' },
  { header: '可信度', key: 'confidence', width: 10, note: '已核实、部分核实、待核实' },
  { header: '适用学校类别', key: 'categories', width: 14, note: '留空表示全部；多个用顿号分隔，如 工科、农林' },
  { header: '适用办学层次', key: 'levels', width: 12, note: '留空表示全部；如 高职（只对高职专科，不对职业本科）' },
  { header: '适用条件', key: 'when', width: 24 },
  { header: '依据文件编号', key: 'doc', width: 14 },
  { header: '依据位置', key: 'where', width: 18 },
  { header: '种子行', key: 'seed', width: 22 },
  { header: '原文摘录', key: 'quote', width: 40 },
  { header: '出处备注', key: 'citeNote', width: 30, note: '研究笔记：在哪里找到、哪些待核实；不作为引文显示' },
  { header: '提示语', key: 'message', width: 44 },
  { header: '建议', key: 'hint', width: 44 },
];

export const DOCUMENT_COLUMNS: readonly FormColumn[] = [
  { header: '编号', key: 'key', width: 18, note: '小写英文、数字、_ 和 -' },
  { header: '文件名称', key: 'title', width: 60 },
  { header: '文号', key: 'number', width: 26 },
  { header: '发布单位', key: 'issuer', width: 30 },
  { header: '日期', key: 'date', width: 12 },
];

/** 框架信息: label → field, in the order they are written. */
export const INFO_ROWS: readonly { label: string; key: string; note: string }[] = [
  {
    label: '框架编号',
    key: 'id',
    note: '省市发布时请改用自己的编号，如 cq-2025-gaozhi（与内置框架同编号而内容不同的文件会被拒绝）',
  },
  { label: '版本', key: 'version', note: '每次发布改一次，如 2025.1-重庆-2' },
  { label: '年度', key: 'edition', note: '如 2025年度' },
  { label: '名称', key: 'title', note: '' },
  { label: '地区', key: 'region', note: '省市目标所属的地区，如 重庆市' },
  { label: '办学层次', key: 'level', note: '中职、高职 或 职业本科' },
  { label: '报告类型', key: 'kind', note: '学校年报、企业年报 …' },
];
export const RELEASE_NOTE_LABEL = '版本说明';

export const TYPE_LABELS: Readonly<Record<IndicatorType, string>> = {
  count: '人数/个数',
  percent: '百分比',
  money: '金额',
  ratio: '比值',
  number: '数值',
};
export const CONFIDENCE_LABELS: Readonly<Record<Confidence, string>> = { C: '已核实', P: '部分核实', U: '待核实' };
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = { error: '错误', warning: '警告', info: '提示' };
export const KIND_LABELS = { threshold: '国家标准', target: '省市目标' } as const;
export const REQUIRED_LABELS = { yes: '是', graduates: '有毕业生的年份', no: '否' } as const;

/** A label typed by hand back to its code: the Chinese label, the code itself, or a few obvious variants. */
export function fromLabel<K extends string>(
  labels: Readonly<Record<K, string>>,
  text: string,
  extra: Readonly<Record<string, K>> = {},
): K | undefined {
  const t = text.trim();
  for (const [k, v] of Object.entries(labels) as [K, string][]) if (t === v || t === k) return k;
  return extra[t];
}

/** Excel allows at most 32 767 characters in a cell: the hidden JSON is cut into pieces below that. */
export const DATA_CHUNK = 30_000;
/** Far above a real framework (a few hundred rows); refuses a sheet stuffed with rows before reading them. */
export const MAX_FORM_ROWS = 3000;
