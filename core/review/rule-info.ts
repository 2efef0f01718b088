/**
 * What the compliance matrix shows about each rule so that 110 columns stay readable: the group its header sits
 * under (国家标准, 基本办学条件（…）, 重庆目标, 完整性 …), a short title for the header (the group's words taken
 * off), the full title and the human citation for the tooltip, the severity, and which of the six tables (or
 * the report text) the rule reads, for the filters. Pure: from the matrix rules and the schools' frameworks.
 */
import { identifiersOf, parseExpr } from '../framework/expr';
import type { Framework, Rule, RuleKind, Severity } from '../framework/schema';
import { humanCitation, resolveCitation } from '../validate/format';
import { BUILTIN_RULES } from '../validate/rules/index';
import type { ReviewLevel } from './aggregate';
import type { MatrixRule } from './matrix';

/** the narrative of the report (structure and narrative-number rules) as a pseudo-table for the filters */
export const REPORT_TABLE = { id: 'report', name: '报告正文' } as const;

export interface RuleInfo extends MatrixRule {
  /** the header group: 国家标准 / 基本办学条件（综合、师范、民族院校） / 重庆目标 / 完整性 … */
  group: string;
  /** the kind's label (国家标准, 完整性 …): what a group belongs to when grouped by table */
  kindLabel: string;
  kind: RuleKind | 'builtin';
  severity: Severity;
  /** the header's text: the title without the group's words, at most SHORT_CHARS characters */
  short: string;
  /** table ids the rule reads (REPORT_TABLE.id for the report text), in table order */
  tables: string[];
  /** 《标题》（文号）where — '' when the rule cites nothing */
  citation: string;
  /** switched off in the framework ([U], 待核实) */
  unconfirmed: boolean;
}

export const SHORT_CHARS = 22;

/** Kinds in the order their groups appear, with their labels. */
const KIND_ORDER: readonly (RuleKind | 'builtin-format')[] = [
  'threshold',
  'target',
  'completeness',
  'consistency',
  'derived',
  'range',
  'builtin-format',
  'yoy',
  'structure',
  'narrative',
];
const KIND_LABEL: Readonly<Record<RuleKind | 'builtin-format', string>> = {
  threshold: '国家标准',
  target: '地方目标',
  completeness: '完整性',
  consistency: '数据一致',
  derived: '计算公式',
  range: '合理范围',
  'builtin-format': '数据规范',
  yoy: '同比变化',
  structure: '报告结构',
  narrative: '正文数字',
};

/** The group each built-in check's kind (core/validate/rules) joins in the matrix. */
const BUILTIN_GROUP: Readonly<Record<string, RuleKind | 'builtin-format'>> = {
  required: 'completeness',
  missing: 'completeness',
  type: 'builtin-format',
  decimals: 'builtin-format',
  unit: 'builtin-format',
  'part-whole': 'consistency',
  'yoy-band': 'yoy',
  figures: 'structure',
  'bound-figure': 'narrative',
};

/** The engine's built-in checks: their group (数据规范 for a kind not listed above) and their severity. */
const BUILTIN: Readonly<Record<string, { kind: RuleKind | 'builtin-format'; severity: Severity }>> = Object.fromEntries(
  BUILTIN_RULES.map((m) => [m.id, { kind: BUILTIN_GROUP[m.kind] ?? 'builtin-format', severity: m.severity }]),
);

/** Words that only repeat the group: 「…与其计算公式一致」 under 计算公式. */
const SUFFIX_OF_KIND: Partial<Record<RuleKind, RegExp>> = { derived: /与其计算公式一致$/ };

function regionTarget(fw: Framework | undefined): string {
  const r = (fw?.region ?? '').replace(/(省|市|自治区|特别行政区)$/, '');
  return r ? `${r}目标` : KIND_LABEL.target;
}

/** The short header text: 「…：」 prefixes (the group) and kind suffixes taken off, cut to SHORT_CHARS. */
export function shortTitle(title: string, prefix: string, kind: RuleKind | 'builtin'): string {
  let t = prefix && title.startsWith(`${prefix}：`) ? title.slice(prefix.length + 1) : title;
  const suffix = kind === 'builtin' ? undefined : SUFFIX_OF_KIND[kind];
  if (suffix) t = t.replace(suffix, '') || t;
  t = t.replace(/（待核实）$/, '');
  const chars = [...t];
  return chars.length > SHORT_CHARS ? `${chars.slice(0, SHORT_CHARS - 1).join('')}…` : t;
}

/** A 「前缀：」 of at most 30 characters names a group of its own (基本办学条件（…）, 重庆目标). */
function titlePrefix(title: string): string {
  const i = title.indexOf('：');
  return i > 0 && i <= 30 ? title.slice(0, i) : '';
}

function indicatorsRead(rule: Rule): string[] {
  const ids: string[] = [];
  const exprIds = (src: string) => {
    try {
      return identifiersOf(parseExpr(src));
    } catch {
      return []; // a framework that failed to load never gets here; an odd expression only loses its filter
    }
  };
  switch (rule.kind) {
    case 'threshold':
    case 'target':
      ids.push(rule.indicator, ...exprIds(rule.expr));
      break;
    case 'range':
    case 'derived':
      ids.push(rule.indicator);
      break;
    case 'consistency':
      ids.push(...exprIds(rule.expr));
      break;
    case 'completeness':
    case 'yoy':
    case 'narrative':
      ids.push(...rule.indicators);
      break;
    case 'structure':
      break;
  }
  return ids;
}

function tablesOf(rule: Rule, fw: Framework): string[] {
  const read = new Set(indicatorsRead(rule));
  const ordered = [...fw.tables].sort((a, b) => a.order - b.order);
  const out: string[] = ordered.filter((t) => t.indicators.some((i) => read.has(i.id))).map((t) => t.id);
  if (rule.kind === 'structure' || rule.kind === 'narrative') out.push(REPORT_TABLE.id);
  if (rule.kind === 'narrative' && rule.indicators.length === 0) return [...ordered.map((t) => t.id), REPORT_TABLE.id];
  return out;
}

/**
 * Every matrix rule with what the matrix shows about it, ordered by group (kinds in KIND_ORDER, groups within a
 * kind in order of first appearance, rules in matrix order within a group).
 */
export function describeRules(
  rules: readonly MatrixRule[],
  frameworks: Partial<Record<ReviewLevel, Framework>>,
): RuleInfo[] {
  const fws = (['高职', '中职'] as const).flatMap((l) => (frameworks[l] ? [frameworks[l] as Framework] : []));
  const out = rules.map((m, index) => {
    const fw = fws.find((f) => f.rules.some((r) => r.id === m.id));
    const rule = fw?.rules.find((r) => r.id === m.id);
    const builtin = BUILTIN[m.id];
    const kindKey: RuleKind | 'builtin-format' = builtin?.kind ?? rule?.kind ?? 'consistency';
    const kindLabel = kindKey === 'target' ? regionTarget(fw) : KIND_LABEL[kindKey];
    const prefix = titlePrefix(m.title);
    const kind: RuleKind | 'builtin' = builtin ? 'builtin' : (rule?.kind ?? 'consistency');
    const cite = fw && rule ? resolveCitation(fw, rule.citation) : null;
    const info: RuleInfo = {
      ...m,
      group: prefix || kindLabel,
      kindLabel,
      kind,
      severity: builtin?.severity ?? rule?.severity ?? 'warning',
      short: shortTitle(m.title, prefix, kind),
      tables: builtin
        ? builtin.kind === 'structure'
          ? [REPORT_TABLE.id]
          : (fws[0]?.tables ?? []).map((t) => t.id)
        : rule && fw
          ? tablesOf(rule, fw)
          : [],
      citation: cite ? humanCitation(cite) : '',
      unconfirmed: rule ? !rule.enabled : false,
    };
    return { info, index, kindRank: KIND_ORDER.indexOf(kindKey) };
  });
  const groupFirst = new Map<string, number>();
  for (const x of out) if (!groupFirst.has(x.info.group)) groupFirst.set(x.info.group, x.index);
  return out
    .sort(
      (a, b) =>
        a.kindRank - b.kindRank ||
        (groupFirst.get(a.info.group) ?? 0) - (groupFirst.get(b.info.group) ?? 0) ||
        a.index - b.index,
    )
    .map((x) => x.info);
}
