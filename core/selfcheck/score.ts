/**
 * 自评: how the report may fare in the province's compliance review, from what the tool can measure. Pure.
 *
 * The four dimensions are the province's: seed 003 (003_8cc0f5bbd6b51b9c.txt L3360–3366) says the 2024 school
 * reports were reviewed 「从报告框架质量、报告内容质量、报告编制与报送质量、报告特色质量四个维度进行合规性审查」.
 * The province did not publish its criteria, items or weights (not in any seed; shared/domain/national_tables.md
 * §2.3 lists them as not found). So every ITEM and every number below is the tool's own judgement, and each item
 * says what it rests on: `basis.kind` 'notice' — a requirement of the national notice (教职成司函〔2024〕29号, read in
 * national_tables.md §2.2 [C]); 'seed' — how the provincial report itself is written (seed 003, with its lines);
 * 'tool' — the tool's own measure. None is an official scoring criterion, and the page says so.
 */

import { recognizeFigures } from '../figures/recognize';
import { workspaceFigureSource } from '../figures/render';
import { figureTokens } from '../figures/tokens';
import type { Framework, Indicator } from '../framework/schema';
import type { Workspace } from '../model';
import { buildReportModel } from '../report/build';
import type { FigureItem, ReportModel } from '../report/model';
import { allItems } from '../report/model';
import { getDefaultOutline } from '../report/outline';
import { charCount } from '../validate/format';
import type { Finding } from '../validate/types';
import { valuesOf } from '../values/resolve';

export type DimensionId = 'framework' | 'content' | 'submission' | 'feature';

export const DIMENSIONS: readonly { id: DimensionId; title: string; official: string }[] = [
  { id: 'framework', title: '框架结构', official: '报告框架质量' },
  { id: 'content', title: '内容质量', official: '报告内容质量' },
  { id: 'submission', title: '编制与报送', official: '报告编制与报送质量' },
  { id: 'feature', title: '特色亮点', official: '报告特色质量' },
];

export interface SelfcheckBasis {
  kind: 'notice' | 'seed' | 'tool';
  /** in words, for the user */
  text: string;
  /** where it comes from (seed file and lines, or the domain note), for maintainers: kept out of what users read */
  source?: string;
}

export interface SelfcheckItem {
  id: string;
  dimension: DimensionId;
  title: string;
  /** 0–100 */
  score: number;
  /** weight within its dimension */
  weight: number;
  /** what was measured, with the numbers */
  evidence: string;
  /** what to do to score higher ('' when full) */
  fix: string;
  basis: SelfcheckBasis;
}

export interface SelfcheckDimension {
  id: DimensionId;
  title: string;
  /** the province's wording (seed 003 L3362–3364) */
  official: string;
  /** weighted mean of its items, 0–100 */
  score: number;
  items: SelfcheckItem[];
}

export interface SelfcheckResult {
  year: number;
  /** mean of the four dimensions, 0–100 */
  total: number;
  dimensions: SelfcheckDimension[];
  /** said on every page and in every export */
  disclaimer: string;
}

export const SELFCHECK_DISCLAIMER =
  '四个维度取自《重庆市职业教育质量年度报告（2024年度）》所述的合规性审查（报告框架质量、报告内容质量、报告编制与报送质量、报告特色质量）；审查的具体评分细则未公开，以下各项及分值均为本工具根据可测量内容作出的自评估计，不是官方评分标准。每项注明依据：「通知要求」指教职成司函〔2024〕29号的要求，「示范报告做法」指市级报告本身的写法，「工具自定」为本工具的判断。';

const NOTICE = (what: string): SelfcheckBasis => ({
  kind: 'notice',
  text: `通知要求（教职成司函〔2024〕29号）：${what}`,
  source: 'shared/domain/national_tables.md §2.2「2024年度」[C]',
});
const SEED = (what: string, lines: string): SelfcheckBasis => ({
  kind: 'seed',
  text: `示范报告做法（重庆市 2024 年度报告）：${what}`,
  source: `003_8cc0f5bbd6b51b9c.txt:${lines}`,
});
const TOOL = (what: string): SelfcheckBasis => ({ kind: 'tool', text: `工具自定：${what}` });

const pct = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 100);

interface Measure {
  ws: Workspace;
  fw: Framework;
  year: number;
  model: ReportModel;
  findings: readonly Finding[];
}

/** Scores the workspace's report year. `findings`: the validation of that year (core/validate), as the app shows it. */
export function selfcheck(
  ws: Workspace,
  fw: Framework,
  findings: readonly Finding[],
  year = ws.profile.reportYear,
): SelfcheckResult {
  const m: Measure = { ws, fw, year, model: buildReportModel(ws, fw, { year }), findings };
  const items = [...frameworkItems(m), ...contentItems(m), ...submissionItems(m), ...featureItems(m)];
  const dimensions = DIMENSIONS.map((d) => {
    const own = items.filter((i) => i.dimension === d.id);
    const w = own.reduce((a, i) => a + i.weight, 0);
    const score = w ? Math.round(own.reduce((a, i) => a + i.score * i.weight, 0) / w) : 0;
    return { ...d, score, items: own };
  });
  return {
    year,
    total: Math.round(dimensions.reduce((a, d) => a + d.score, 0) / dimensions.length),
    dimensions,
    disclaimer: SELFCHECK_DISCLAIMER,
  };
}

// ---------------------------------------------------------------------------------------------
// 框架结构

function frameworkItems(m: Measure): SelfcheckItem[] {
  const outline = getDefaultOutline();
  const required = outline.chapters.filter((c) => !c.optional);
  const filled = required.filter((oc) => {
    const ch = m.model.chapters.find((c) => c.key === oc.key);
    return !!ch && (ch.intro.length > 0 || ch.sections.some((s) => s.items.length > 0));
  });
  const empty = required.filter((c) => !filled.includes(c)).map((c) => c.title);

  const withIntro = m.model.chapters.filter((c) => c.intro.join('').trim().length > 0);
  const noIntro = m.model.chapters.filter((c) => !withIntro.includes(c)).map((c) => c.title);

  const challenges = m.model.chapters.flatMap((c) =>
    c.challenges ? c.sections.flatMap((s) => s.items.filter((i) => i.kind === 'challenge')) : [],
  );
  const whole = challenges.filter((c) => c.problems.length > 0 && c.plans.length > 0);
  const challengeScore =
    challenges.length === 0 ? 0 : (whole.length / challenges.length) * Math.min(1, challenges.length / 3);

  const appendix = m.model.appendix.tables;
  const withData = appendix.filter((t) => t.rows.some((r) => r.values.at(-1) !== '—'));
  return [
    {
      id: 'framework.parts',
      dimension: 'framework',
      title: '必备部分齐全且有内容',
      weight: 3,
      score: pct(filled.length / required.length),
      evidence: `通知列出的 ${required.length} 个部分中 ${filled.length} 个有内容${empty.length ? `；空缺：${empty.join('、')}` : ''}。`,
      fix: empty.length ? `请为「${empty.join('」「')}」撰写内容。` : '',
      basis: NOTICE('学校报告包含但不限于人才培养、服务贡献、文化传承、国际合作、产教融合、发展保障、面临挑战。'),
    },
    {
      id: 'framework.tables',
      dimension: 'framework',
      title: '6 张指标表附后',
      weight: 2,
      score: pct(withData.length / 6),
      evidence: `附表 ${appendix.length} 张，其中 ${withData.length} 张有${m.year}年数据。`,
      fix: withData.length < 6 ? '请在「数据填报」中填写各表的本年度数据，附表随之生成。' : '',
      basis: NOTICE('6 张指标表附后。'),
    },
    {
      id: 'framework.intros',
      dimension: 'framework',
      title: '各章有章首概述',
      weight: 1,
      score: pct(m.model.chapters.length ? withIntro.length / m.model.chapters.length : 0),
      evidence: `${m.model.chapters.length} 章中 ${withIntro.length} 章有章首概述${noIntro.length ? `；缺：${noIntro.join('、')}` : ''}。`,
      fix: noIntro.length ? '请在各章标题下写一段 200–380 字的概述。' : '',
      basis: SEED('每章以一段不编号的概述开头（约 190–380 字，第 1–8 章）。', '383-397, 531-549, 1207-1217'),
    },
    {
      id: 'framework.challenges',
      dimension: 'framework',
      title: '面临挑战写明问题表现和下一步打算',
      weight: 2,
      score: pct(challengeScore),
      evidence: `挑战 ${challenges.length} 条，其中 ${whole.length} 条同时写了「问题表现」和「下一步打算」。`,
      fix:
        challenges.length < 3
          ? '请在「面临挑战」中写 3 条挑战，每条写明问题表现和下一步打算。'
          : whole.length < challenges.length
            ? '请为每条挑战补齐「问题表现」和「下一步打算」。'
            : '',
      basis: SEED('第 8 章「面临挑战」列挑战一至三，每条先写问题、再写对策。', '3391-3463'),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// 内容质量

function contentItems(m: Measure): SelfcheckItem[] {
  const errors = m.findings.filter((f) => f.severity === 'error').length;
  const warnings = m.findings.filter((f) => f.severity === 'warning').length;
  const narrative = m.findings.filter((f) => f.kind === 'narrative').length;

  // bound figures and the typed ones 识别数字 finds: how much of the text follows the data by itself
  const src = workspaceFigureSource(m.ws, m.fw);
  let bound = 0;
  let typed = 0;
  for (const text of reportTexts(m.ws, m.year)) {
    bound += figureTokens(text).length;
    typed += recognizeFigures(text, m.fw, src, m.year).length;
  }
  const cited = bound + typed;

  const charts = allItems(m.model).filter((i): i is FigureItem => i.kind === 'figure' && i.figureKind === 'chart');
  const threeYear = charts.filter((c) => (c.chart?.categories.length ?? 0) >= 3);
  const comparisons = countComparisons(m.ws, m.year);
  const trendScore = Math.min(1, threeYear.length / 3) * 0.6 + Math.min(1, comparisons / 5) * 0.4;

  const chartsWithSource = charts.filter((c) => c.sourceLine.trim().length > 0);
  return [
    {
      id: 'content.findings',
      dimension: 'content',
      title: '数据与正文无校验问题',
      weight: 3,
      score: pct(1 - errors * 0.15 - warnings * 0.05),
      evidence: `校验：错误 ${errors} 个、警告 ${warnings} 个（其中正文数字与数据不一致 ${narrative} 处）。`,
      fix: errors + warnings ? '请在「校验结果」中逐条处理错误和警告。' : '',
      basis: TOOL('按本工具的校验结果折算：每个错误扣 15 分、每个警告扣 5 分。'),
    },
    {
      id: 'content.bound',
      dimension: 'content',
      title: '正文数字引用表格数据',
      weight: 2,
      score: cited === 0 ? 0 : pct(bound / cited),
      evidence:
        cited === 0
          ? '正文中引用指标数据 0 处。'
          : `正文引用指标数据 ${cited} 处：已绑定 ${bound} 处，手写 ${typed} 处。`,
      fix:
        cited === 0
          ? '请在正文中用「插入数据」引用关键指标（如毕业去向落实率、生师比），数据修改时正文随之更新。'
          : typed
            ? '请在「报告撰写」中使用「识别数字」，把与数据一致的手写数字绑定到表格。'
            : '',
      basis: TOOL('正文数字与表格一致是内容质量的基础；绑定的数字随数据更新，不会前后不一。'),
    },
    {
      id: 'content.trend',
      dimension: 'content',
      title: '有三年数据对比',
      weight: 2,
      score: pct(trendScore),
      evidence: `展示三年及以上数据的图表 ${threeYear.length} 幅，正文中与往年的比较 ${comparisons} 处。`,
      fix: trendScore < 1 ? '请加入展示近三年数据的图表（至少 3 幅），并在正文中写明与上年的比较。' : '',
      basis: SEED('市级报告的图表多展示近三年数据，正文写「较 2023年增加 2120人」这样的比较。', '426-427'),
    },
    {
      id: 'content.sources',
      dimension: 'content',
      title: '图表注明数据来源',
      weight: 1,
      score: charts.length === 0 ? 0 : pct(chartsWithSource.length / charts.length),
      evidence: `图表 ${charts.length} 幅，注明数据来源 ${chartsWithSource.length} 幅。`,
      fix:
        charts.length === 0
          ? '请插入图表展示关键数据。'
          : chartsWithSource.length < charts.length
            ? '请为每幅图表填写数据来源。'
            : '',
      basis: SEED('图表下方写「（数据来源：…）」。', '697, 1008, 1070'),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// 编制与报送

function submissionItems(m: Measure): SelfcheckItem[] {
  const hasGraduates = m.ws.years.find((y) => y.year === m.year)?.hasGraduates ?? true;
  const vals = valuesOf(m.ws, m.fw);
  const required = m.fw.tables
    .flatMap((t) => t.indicators)
    .filter((i: Indicator) => i.required === true || (i.required === 'graduates' && hasGraduates));
  const filled = required.filter((i) => vals.value(i.id, m.year) !== undefined);
  const errors = m.findings.filter((f) => f.severity === 'error').length;
  const p = m.ws.profile;
  const fields: [string, unknown][] = [
    ['学校名称', p.name],
    ['学校代码', p.code],
    ['学校类型', p.level],
    ['所在地区', p.region],
  ];
  const missing = fields.filter(([, v]) => !String(v ?? '').trim()).map(([k]) => k);
  const profileFields = fields.length - missing.length;
  const preface = m.model.preface?.items.flatMap((i) => (i.kind === 'paragraph' ? i.paragraphs : [])).join('') ?? '';
  const basisNamed = /《[^》]*通知》/.test(preface) && /〔\d{4}〕\d+\s*号/.test(preface);
  return [
    {
      id: 'submission.required',
      dimension: 'submission',
      title: '必填指标已填写',
      weight: 3,
      score: required.length ? pct(filled.length / required.length) : 100,
      evidence: `${m.year}年必填指标 ${required.length} 项，已填 ${filled.length} 项${hasGraduates ? '' : '（本年度无毕业生，毕业生指标不计）'}。`,
      fix: filled.length < required.length ? '请在「数据填报」中补齐标为必填的指标。' : '',
      basis: NOTICE('无当届毕业生的学校不填毕业生相关数据；其余按 6 张指标表填报。'),
    },
    {
      id: 'submission.errors',
      dimension: 'submission',
      title: '报送前无错误',
      weight: 2,
      score: errors === 0 ? 100 : pct(1 - errors * 0.25),
      evidence: errors === 0 ? '校验没有错误。' : `校验有 ${errors} 个错误。`,
      fix: errors ? '报送前请处理全部错误（「校验结果」中红色的项目）。' : '',
      basis: TOOL('错误级校验问题多为数据填错（超出范围、其中项大于总数、公式不符），报送前应为 0。'),
    },
    {
      id: 'submission.profile',
      dimension: 'submission',
      title: '学校信息完整',
      weight: 1,
      score: pct(profileFields / 4),
      evidence: `学校名称、代码、类型、地区已填 ${profileFields} 项（共 4 项）${missing.length ? `；未填：${missing.join('、')}` : ''}。`,
      fix: missing.length ? `请在「学校信息」中填写${missing.join('、')}。` : '',
      basis: TOOL('封面、页眉和报送都用到学校信息。'),
    },
    {
      id: 'submission.basis',
      dimension: 'submission',
      title: '前言写明编制依据',
      weight: 1,
      score: basisNamed ? 100 : preface ? 50 : 0,
      evidence: basisNamed
        ? '前言写明了编制依据的通知和文号。'
        : preface
          ? '前言没有写明编制依据的通知及文号。'
          : '报告没有前言。',
      fix: basisNamed ? '' : '请在前言中写明依据的通知及文号（如教职成司函〔2024〕29号）、编制过程和数据来源。',
      basis: SEED('前言第一段写明依据的通知及文号、编制机构和数据来源。', '3-19'),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// 特色亮点

function featureItems(m: Measure): SelfcheckItem[] {
  const items = allItems(m.model);
  const cases = items.filter((i) => i.kind === 'case');
  const sized = cases.filter((c) => {
    const n = charCount(c.paragraphs.join(''));
    return n >= 200 && n <= 1000;
  });
  const caseScore = cases.length === 0 ? 0 : Math.min(1, cases.length / 6) * 0.6 + (sized.length / cases.length) * 0.4;

  const photos = items.filter((i): i is FigureItem => i.kind === 'figure' && i.figureKind === 'photo');
  const figures = items.filter((i) => i.kind === 'figure').length;
  const textChars = charCount(
    items
      .flatMap((i) => (i.kind === 'paragraph' ? [i.lead, ...i.paragraphs] : i.kind === 'case' ? i.paragraphs : []))
      .join(''),
  );
  const perTenThousand = textChars ? (figures / textChars) * 10000 : 0;
  const captioned = photos.filter((p) => p.caption.trim().length > 0);
  const caseIds = new Set(cases.map((c) => c.blockId));
  const casesWithPhotos = new Set(photos.filter((p) => caseIds.has(p.blockId)).map((p) => p.blockId));
  return [
    {
      id: 'feature.cases',
      dimension: 'feature',
      title: '典型案例数量与篇幅',
      weight: 3,
      score: pct(caseScore),
      evidence: `【案例】${cases.length} 个，其中正文 200–1000 字的 ${sized.length} 个。`,
      fix:
        cases.length < 6
          ? '请在主要章节各写 1 个以上典型案例（全报告 6 个以上），每个 200–1000 字。'
          : sized.length < cases.length
            ? '请把案例正文控制在 200–1000 字。'
            : '',
      basis: TOOL(
        '案例是特色的主要载体；1000 字上限是上海 2022 年的要求，全国是否适用未核实，200 字下限和 6 个为本工具的判断。',
      ),
    },
    {
      id: 'feature.pictures',
      dimension: 'feature',
      title: '图文并茂',
      weight: 2,
      score: pct(perTenThousand / 8),
      evidence: `正文约 ${textChars} 字，图 ${figures} 幅（照片 ${photos.length}、图表 ${figures - photos.length}），每万字 ${perTenThousand.toFixed(1)} 幅。`,
      fix: perTenThousand < 8 ? '请增加照片和图表，达到每万字 8 幅左右。' : '',
      basis: NOTICE('案例「主题突出、内容言简意赅、图文并茂」；每万字 8 幅为本工具的判断。'),
    },
    {
      id: 'feature.captions',
      dimension: 'feature',
      title: '照片有图题',
      weight: 1,
      score: photos.length === 0 ? 0 : pct(captioned.length / photos.length),
      evidence: `照片 ${photos.length} 张，有图题 ${captioned.length} 张。`,
      fix:
        photos.length === 0
          ? '请插入反映特色做法的照片并写图题。'
          : captioned.length < photos.length
            ? '请为每张照片写图题。'
            : '',
      basis: SEED('每幅图有「图 X-Y 图题」。', '695'),
    },
    {
      id: 'feature.case-photos',
      dimension: 'feature',
      title: '案例配有照片',
      weight: 1,
      score: cases.length === 0 ? 0 : pct(casesWithPhotos.size / cases.length),
      evidence: `${cases.length} 个案例中 ${casesWithPhotos.size} 个配有照片。`,
      fix: casesWithPhotos.size < cases.length ? '请为案例配上现场照片。' : '',
      basis: NOTICE('案例图文并茂。'),
    },
  ];
}

/** Every stored text of the report year (with markers), for counting figures. */
function reportTexts(ws: Workspace, year: number): string[] {
  const chapters = ws.chapters.filter((c) => c.year === year);
  const ids = new Set(chapters.map((c) => c.id));
  const sections = new Set(ws.sections.filter((s) => ids.has(s.chapterId)).map((s) => s.id));
  const out = chapters.map((c) => c.intro);
  for (const b of ws.blocks) {
    if (!sections.has(b.sectionId)) continue;
    const c = b.content;
    if (c.kind === 'paragraph') out.push(c.lead, c.text);
    else if (c.kind === 'case') out.push(c.title, c.body);
    else if (c.kind === 'challenge') out.push(c.problems, c.plans);
  }
  return out.filter((t) => t.trim());
}

/** Comparisons with earlier years in the text: bound changes and typed 较上年/较2023年/同比. */
function countComparisons(ws: Workspace, year: number): number {
  let n = 0;
  for (const t of reportTexts(ws, year)) {
    n += figureTokens(t).filter((k) => k.form !== 'fig').length;
    n += (t.match(/(较|比)\s*(上年|去年|上一年度?|\d{4}\s*(年度|年|届))|同比/g) ?? []).length;
  }
  return n;
}
