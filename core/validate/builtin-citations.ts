/**
 * What a built-in check cites: the rule itself, in words (these checks follow from the meaning of the framework's
 * data, not from one document). Shown like a framework citation: 「质量年报工作台内置规则 · 数据类型」 and the rule
 * as its quote.
 */
import type { ResolvedCitation } from './types';

export const BUILTIN_TITLE = '质量年报工作台内置规则';

export function builtinCitation(name: string, rule: string): ResolvedCitation {
  return {
    doc: 'builtin',
    where: name,
    seed: '',
    quote: rule,
    note: '',
    title: BUILTIN_TITLE,
    number: '',
    text: `${BUILTIN_TITLE}「${name}」`,
  };
}

export const CITE_TYPE = builtinCitation(
  '数据类型',
  '百分比在 0～100 之间；人数、个数等为不小于 0 的整数；金额、面积、学时等不小于 0。',
);
export const CITE_DECIMALS = builtinCitation(
  '小数位数',
  '每项指标按指标体系规定的小数位数填写；报告和附表按规定位数四舍五入显示。',
);
export const CITE_REQUIRED = builtinCitation(
  '必填指标',
  '指标体系中标为必填的指标每年都须填写；毕业生相关指标在有毕业生的年度须填写（当年无毕业生的学校不填报毕业生相关数据）。',
);
export const CITE_PART_WHOLE = builtinCitation(
  '其中项不大于总数',
  '指标体系中标为「其中」的指标（同一单位的人数、金额、学时等）是所属指标的一部分，不能大于所属指标。',
);
export const CITE_SUM = builtinCitation(
  '组成项之和等于总数',
  '指标体系中标为「等于其中各项之和」的指标（如毕业生数 = 各毕业去向人数之和），须与各项之和相等。',
);
export const CITE_UNIT = builtinCitation(
  '单位与数量级',
  '每项指标按指标体系规定的单位填写（如设备总值以万元计、生均值以元计、百分比填百分数）；与往年或常见范围相差 10 的整数次幂的数值，多为单位或位数填错。',
);
export const CITE_YOY = builtinCitation(
  '年度变化幅度',
  '每项指标与上年相比的变化超过常见幅度时请再次核对：百分比 ±10 个百分点，人均、生均金额（元）±20%，生师比 ±30%，人数、总额、面积等 ±50%；指标体系可为单项指标另定幅度或关闭。',
);
export const CITE_FIGURES = builtinCitation(
  '图、表与引用',
  '图、表和案例按章编号（图 X-Y、表 X-Y、【案例 X-Y】，如重庆市 2024 年度报告的「图 2-9」「表 3-1」「【案例 2-1】」）；正文引用的编号须在报告中存在；图表须有数据，表格须有内容，图片须在工作区中。',
);
export const CITE_PHOTO_CREDIT = builtinCitation(
  '图片来源',
  '使用的图片应注明来源（拍摄者或提供单位），使用他人的图片须取得同意；重庆市 2024 年度报告的图片以「（图片来源：…）」注明。',
);
export const CITE_MISSING_USED = builtinCitation(
  '用到的数据要填全',
  '附表并列打印本年和上年的数据，图表和正文引用的数字也来自数据表：上年填报过、图表要画或正文写到的指标，本年也应填写；确实为 0 的填 0 并说明，确实不适用的标为「不适用」并写明原因。',
);

/**
 * What a framework rule that names no document cites: its kind, in words (the rule is the framework author's
 * check of the data's own logic, e.g. 专任教师 ≤ 教职工), so every finding shown has a human citation.
 */
export const CITE_BY_KIND: Readonly<Record<string, ResolvedCitation>> = {
  completeness: builtinCitation(
    '指标体系要求填写的数据',
    '指标体系为核对国家标准或办学条件列出的数据，须在报告年度填写。',
  ),
  consistency: builtinCitation(
    '数据之间的关系',
    '同一张表或相关各表中的数据须相互一致：其中项不大于总数，分项之和等于合计，相关指标的比例合理。',
  ),
  derived: builtinCitation(
    '按公式计算的指标',
    '比例、生均值等由其组成数据按指标体系的公式计算；填报的数值须与计算值一致。',
  ),
  range: builtinCitation('合理范围', '指标体系为该指标给出了合理范围；超出时多为单位、口径或填写错误。'),
  yoy: CITE_YOY,
  structure: builtinCitation(
    '报告结构',
    '报告按提纲编写：各章齐全、案例有标题且篇幅适当、图表注明数据来源、图片有图题。',
  ),
};
export const CITE_BOUND_FIGURES = builtinCitation(
  '正文引用的数据',
  '正文中引用的数据（插入的数据）按表格中的数据显示；表格中没有该数据时，报告在该处印出「—」，须补齐数据或改写正文。',
);
