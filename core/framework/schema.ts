/**
 * The indicator framework file format (templates/frameworks/*.json).
 *
 * A framework is DATA, versioned by edition (2024年度) and school level (高职/中职): the six platform tables with
 * their indicators, and the rules that check a workspace. Users may import framework files, so every string
 * that is evaluated (formulas, rule expressions) is parsed by core/framework/expr.ts into an AST and evaluated
 * over whitelisted operators only; never eval.
 */
import * as z from 'zod';
import { IndicatorId, SchoolLevel } from '../model';

export const FRAMEWORK_FORMAT = 'qar-framework';
export const FRAMEWORK_FORMAT_VERSION = 1;

/** How sure we are of a fact (see shared/domain: [C] confirmed, [P] partly, [U] unconfirmed). */
export const Confidence = z.enum(['C', 'P', 'U']);
export type Confidence = z.infer<typeof Confidence>;

/** A source document, referenced by key from citations. */
export const SourceDocument = z.object({
  title: z.string().min(1).max(300), // 《…》
  number: z.string().max(100).default(''), // 文号, e.g. 教职成司函〔2024〕29号
  issuer: z.string().max(200).default(''),
  date: z.string().max(20).default(''),
});
export type SourceDocument = z.infer<typeof SourceDocument>;

export const Citation = z.object({
  /** key into `documents` */
  doc: z.string().min(1).max(50),
  /** where in the document: 第七条, 附件1 二(二), 4.3-22 … */
  where: z.string().max(200).default(''),
  /** seed file and line(s) in shared/seeds, e.g. "001_ff79f49185d5f0d4.txt:6540-6542": a machine reference, never shown */
  seed: z.string().max(200).default(''),
  /** the words of the document (or a marked paraphrase 「（转述）」), shown to users */
  quote: z.string().max(500).default(''),
  /** additive: a research note behind the citation (where it was found, what is unsure); never shown as the citation */
  note: z.string().max(500).default(''),
});
export type Citation = z.infer<typeof Citation>;

export const IndicatorType = z.enum([
  'count', // non-negative integer (人, 个, 项 …)
  'percent', // 0–100, unit %
  'money', // non-negative amount in the declared unit (元 / 万元)
  'ratio', // a ratio expressed as one number (生师比 18 = 18:1)
  'number', // any non-negative decimal (面积, 学时, 人日 …)
]);
export type IndicatorType = z.infer<typeof IndicatorType>;

export const Indicator = z.object({
  id: IndicatorId,
  name: z.string().min(1).max(100),
  unit: z.string().max(20).default(''),
  type: IndicatorType,
  decimals: z.number().int().min(0).max(4),
  /**
   * true: required every year; 'graduates': required only in years with graduates; false: optional.
   */
  required: z.union([z.boolean(), z.literal('graduates')]).default(false),
  /**
   * additive: about the year's graduates (本省去向落实率, 到中小微企业就业的毕业生数 …) though not required: like the
   * 'graduates' ones, not expected in a year without graduates
   */
  graduates: z.boolean().optional(),
  /** formula over other indicator ids (same year) for derived indicators, e.g. "grad_placed / grad_total * 100" */
  formula: z.string().max(500).optional(),
  /**
   * parent indicator id when this one is a part ("其中") of another: drawn indented in grids and tables, and, for
   * additive amounts in the same unit (core/values/range.ts boundedByWhole), never larger than its whole
   */
  partOf: IndicatorId.optional(),
  /**
   * additive: this indicator is exactly the sum of the indicators declared partOf it (毕业生数 = 各毕业去向人数之和);
   * an optional part left empty counts as 0, a required one must be there
   */
  sumOfParts: z.boolean().optional(),
  description: z.string().max(1000).default(''),
  citation: Citation.optional(),
  confidence: Confidence.default('P'),
  /**
   * additive: where a real school's value lies (a sanity band, loose on purpose, not a standard). A value outside
   * it that a power of ten would bring inside is reported as a likely unit slip (元/万元, 0.95 for 95%), with the
   * corrected value; for a derived value, at the part whose unit slipped.
   */
  plausible: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /**
   * additive: the year-on-year band of this indicator: a relative change (0.5 = ±50 %; for a percentage, the
   * change in 个百分点 as a number, 10 = ±10 个百分点) beyond which the change is noted; false switches the
   * default band off. Default: from the type and unit (core/validate/rules/yoy-band.ts).
   */
  yoy: z.union([z.literal(false), z.object({ maxChange: z.number().positive() })]).optional(),
});
export type Indicator = z.infer<typeof Indicator>;

/** The six platform tables of a 学校年报 (the loader requires exactly these for that kind). */
export const TableId = z.enum(['scorecard', 'satisfaction', 'resources', 'service', 'international', 'policy']);
export type TableId = z.infer<typeof TableId>;
/** A table key: one of TableId for a 学校年报; another kind of report (企业年报) names its own tables. */
export const TableKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, '表编号只能包含小写字母、数字和下划线');
export type TableKey = z.infer<typeof TableKey>;

/** The report kind a framework serves when it does not say (every framework before editions did not). */
export const SCHOOL_KIND = '学校年报';
export const MAX_TABLES = 12;

export const FrameworkTable = z.object({
  id: TableKey,
  /** 人才培养质量计分卡, 满意度调查表, 教学资源表, 服务贡献表, 国际影响表, 落实政策表 */
  name: z.string().min(1).max(50),
  order: z.number().int().min(1).max(MAX_TABLES),
  indicators: z.array(Indicator).min(1).max(200),
});
export type FrameworkTable = z.infer<typeof FrameworkTable>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

const RuleBase = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, '规则编号只能包含小写字母、数字、点、下划线和连字符'),
  title: z.string().min(1).max(200),
  severity: Severity,
  enabled: z.boolean().default(true),
  confidence: Confidence,
  citation: Citation.optional(),
  /** Chinese message; {name} placeholders are filled by the engine from the values involved */
  message: z.string().max(500).default(''),
  hint: z.string().max(500).default(''),
  /** only check when this expression is true, e.g. "students_fulltime > 0" */
  when: z.string().max(500).optional(),
  /** restrict to school categories (e.g. ['工科','农林']); empty = all */
  categories: z.array(z.string().max(20)).default([]),
  /**
   * restrict to school levels; empty = every level the framework serves. The 高职 framework also serves 职业本科
   * schools, but a standard written for 高职（专科） (教发〔2004〕2号's 专科 rows) is not theirs.
   */
  levels: z.array(SchoolLevel).max(3).default([]),
});

/** Indicators must be present (beyond the per-indicator `required` flags). */
export const CompletenessRule = RuleBase.extend({
  kind: z.literal('completeness'),
  indicators: z.array(IndicatorId).min(1),
});
/** An explicit range beyond what the indicator type implies. */
export const RangeRule = RuleBase.extend({
  kind: z.literal('range'),
  indicator: IndicatorId,
  min: z.number().optional(),
  max: z.number().optional(),
});
/** A boolean expression over the year's values that must hold: parts never exceed wholes, sums match. */
export const ConsistencyRule = RuleBase.extend({
  kind: z.literal('consistency'),
  expr: z.string().min(1).max(500),
  /** for sums: allowed absolute difference when comparing with == (default 0) */
  tolerance: z.number().min(0).default(0),
});
/** A stated value compared with its recomputation from the indicator's formula. */
export const DerivedRule = RuleBase.extend({
  kind: z.literal('derived'),
  indicator: IndicatorId,
  /** absolute tolerance in the indicator's unit */
  tolerance: z.number().min(0),
});
/** Year-on-year change beyond a share is flagged for a second look. */
export const YoyRule = RuleBase.extend({
  kind: z.literal('yoy'),
  indicators: z.array(IndicatorId).min(1),
  /** relative change, 0.5 = ±50 % */
  maxChange: z.number().positive(),
});
/** A national standard a school must meet: expression over the year's values. */
export const ThresholdRule = RuleBase.extend({
  kind: z.literal('threshold'),
  expr: z.string().min(1).max(500),
  /** indicator shown as the location and in charts (the one the standard is about) */
  indicator: IndicatorId,
  /** reference value to draw on charts (e.g. 18 for 生师比 ≤ 18) */
  reference: z.number().optional(),
});
/** A provincial target to reach by a deadline year: before it report progress, after it a shortfall. */
export const TargetRule = RuleBase.extend({
  kind: z.literal('target'),
  expr: z.string().min(1).max(500),
  indicator: IndicatorId,
  reference: z.number().optional(),
  deadline: z.number().int().min(2000).max(2100),
  /** the year the target was set (for progress reporting) */
  since: z.number().int().min(2000).max(2100).optional(),
});
export const StructureCheck = z.enum([
  'chapters-present', // every chapter of the outline exists and is not empty
  'appendix-complete', // the six tables have every required value for the report year
  'case-title', // every 【案例】 has a title
  'case-length', // case body at most `max` characters
  'figure-source', // every chart has a 数据来源
  'photo-caption', // every photo has a caption
]);
export const StructureRule = RuleBase.extend({
  kind: z.literal('structure'),
  check: StructureCheck,
  max: z.number().int().positive().optional(),
});
/** Numbers written in the narrative next to an indicator's name must match the stored value. */
export const NarrativeRule = RuleBase.extend({
  kind: z.literal('narrative'),
  indicators: z.array(IndicatorId).default([]), // empty = all indicators
  /** extra names the text may use for an indicator, e.g. {"grad_placement_rate": ["就业去向落实率"]} */
  aliases: z.record(IndicatorId, z.array(z.string().min(2).max(50))).default({}),
});

export const Rule = z.discriminatedUnion('kind', [
  CompletenessRule,
  RangeRule,
  ConsistencyRule,
  DerivedRule,
  YoyRule,
  ThresholdRule,
  TargetRule,
  StructureRule,
  NarrativeRule,
]);
export type Rule = z.infer<typeof Rule>;
export type RuleKind = Rule['kind'];

/** One line of a 版本说明: what differs from the edition before, and how sure we are of it. */
export const ReleaseNote = z.object({
  text: z.string().min(1).max(500),
  confidence: Confidence,
});
export type ReleaseNote = z.infer<typeof ReleaseNote>;

export const FRAMEWORK_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,99}$/;

export const Framework = z.object({
  format: z.literal(FRAMEWORK_FORMAT),
  formatVersion: z.literal(FRAMEWORK_FORMAT_VERSION),
  id: z.string().regex(FRAMEWORK_ID_PATTERN, '框架编号只能包含小写字母、数字、点、下划线和连字符'),
  version: z.string().min(1).max(50),
  edition: z.string().min(1).max(50), // 2024年度
  level: SchoolLevel,
  title: z.string().min(1).max(200),
  /** region the provincial targets belong to, e.g. 重庆市 */
  region: z.string().max(50).default(''),
  /** additive (editions): the report kind (学校年报, 企业年报, 区域年报 …); a 学校年报 has the six tables */
  kind: z.string().min(1).max(20).default(SCHOOL_KIND),
  /** additive: the report outline id (templates/outlines); default: the builtin outline of this kind and edition */
  outline: z.string().regex(FRAMEWORK_ID_PATTERN).optional(),
  /** additive: the framework this one was built from (an edition file's `extends`), for the 版本说明 */
  basedOn: z.string().regex(FRAMEWORK_ID_PATTERN).optional(),
  /** additive: 版本说明 — what differs from `basedOn`, each line with its confidence */
  releaseNotes: z.array(ReleaseNote).max(50).default([]),
  /**
   * additive: indicator ids of earlier editions that this one renamed (old id → new id), so a workspace upgraded
   * from an earlier edition keeps its values under the new ids
   */
  renamed: z.record(IndicatorId, IndicatorId).default({}),
  documents: z.record(z.string().regex(/^[a-z0-9_-]{1,50}$/), SourceDocument),
  tables: z.array(FrameworkTable).min(1).max(MAX_TABLES),
  rules: z.array(Rule).max(2000).default([]),
});
export type Framework = z.infer<typeof Framework>;

/** All indicators of a framework in table order. */
export function allIndicators(fw: Framework): Indicator[] {
  return [...fw.tables].sort((a, b) => a.order - b.order).flatMap((t) => t.indicators);
}
