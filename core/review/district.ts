/**
 * The district (区县/市) report draft, built as a Workspace so it goes through the same report model and Word
 * writer as a school report, and can be saved as a .qar and edited like one.
 *
 * - Its framework is derived from the schools' two frameworks (buildDistrictFramework): the six tables, each
 *   holding the 高职 indicators (ids gz_*, names 「高职…」) and the 中职 ones (zz_*, 「中职…」), so one chart can
 *   compare 高职 and 中职 series over the years. The id encodes both sources (district--<高职 id>--<中职 id>), so
 *   `districtFrameworkFromId` rebuilds it when a saved draft is reopened.
 * - Values are the district aggregates (core/review/aggregate.ts), rounded to each indicator's decimals, each with
 *   its method and coverage as the note. The district framework's indicators carry NO formula: a district rate is
 *   the aggregate over the schools whose inputs are all sound, and recomputing it from the draft's summed rows
 *   (each over its own set of schools) would mix school sets and disagree with the aggregate. So the draft's grid,
 *   findings, appendix and charts all show the aggregate (core/values: origin 'input'), and a reviewer may edit it.
 * - Values left out of the aggregates (core/review/aggregate.ts `excluded`) are listed per school in the preface
 *   (草稿说明), and the 高职 + 中职 totals seed 003 gives for all schools (core/review/totals.ts) are written where
 *   the city report writes them (服务贡献, 国际合作).
 * - Narrative: the outline's chapters with a generated overview, comparison charts, and the schools' cases as a
 *   gallery to pick from (each keeps its school: a 「来源学校：…」 line opens the case body). A case two schools
 *   handed in alike is printed once, and a sentence part quoting a figure its school has no data for is left out
 *   (core/review/district-cases.ts); both are listed in the 草稿说明.
 * - Appendix: 附表 1-x (高等职业教育) and 2-x (中等职业教育) as in seed 003 §5.1 (districtAppendix).
 * Pure: image bytes are passed in.
 */
import { workspaceFigureSource } from '../figures/render';
import { allIndicators, type Framework, type FrameworkTable, type Indicator, type Rule } from '../framework/schema';
import type { AssetMeta, Block, BlockContent, Chapter, Section, Workspace, WorkspaceExport } from '../model';
import { WORKSPACE_EXPORT_FORMAT, WORKSPACE_EXPORT_VERSION } from '../model';
import { appendixCell, buildReportModel, latestEdit, unconfirmedEmptyRow } from '../report/build';
import { partRowNames, proseValue } from '../report/format';
import type { AppendixRow, AppendixTable, ReportModel } from '../report/model';
import { getDefaultOutline, type Outline } from '../report/outline';
import { outlineFor } from '../report/outlines';
import { readableFormula } from '../values/explain';
import { roundTo, valuesOf } from '../values/resolve';
import { type AggregateRow, type LevelAggregate, type ReviewLevel, reviewLevel } from './aggregate';
import { alikeText, type CaseKey, caseKey, leftOutText, sameCase, textWithoutMissing } from './district-cases';
import { regionScope } from './district-name';
import { notApplicableForAll } from './not-applicable';
import type { CrossLevelTotal } from './totals';

export { districtNameOf, regionScope, sharedRegion } from './district-name';

export const DISTRICT_FRAMEWORK_PREFIX = 'district--';
/** The report kind of a district draft (its outline file says the same: templates/outlines/district-*.json). */
export const DISTRICT_KIND = '区域年报';
const PREFIX: Readonly<Record<ReviewLevel, string>> = { 高职: 'gz_', 中职: 'zz_' };
const LEVEL_TEXT: Readonly<Record<ReviewLevel, string>> = { 高职: '高等职业教育', 中职: '中等职业教育' };
const APPENDIX_GROUP: Readonly<Record<ReviewLevel, number>> = { 高职: 1, 中职: 2 };
const LEVELS: readonly ReviewLevel[] = ['高职', '中职'];

export type LevelFrameworks = Partial<Record<ReviewLevel, Framework>>;

/** The district framework: each table = the 高职 indicators then the 中职 ones, prefixed; structure rules only. */
export function buildDistrictFramework(fws: LevelFrameworks): Framework {
  const present = LEVELS.filter((l) => fws[l]);
  const first = fws[present[0] ?? '高职'];
  if (!first) throw new Error('buildDistrictFramework: no framework');
  const tables: FrameworkTable[] = [...first.tables]
    .sort((a, b) => a.order - b.order)
    .map((t) => {
      const indicators: Indicator[] = [];
      for (const level of present) {
        const fw = fws[level] as Framework;
        const names = new Map(allIndicators(fw).map((i) => [i.id, i.name]));
        const p = PREFIX[level];
        for (const { formula, ...ind } of fw.tables.find((x) => x.id === t.id)?.indicators ?? []) {
          indicators.push({
            ...ind,
            id: `${p}${ind.id}`,
            name: `${level}${ind.name}`,
            // district values are aggregates: nothing is required, but graduate-cohort indicators keep their
            // 'graduates' mark, which is what makes charts label years as 届 (seed 003 图 2-9)
            required: ind.required === 'graduates' ? 'graduates' : false,
            // no formula: the aggregate is the value (see the header); how it was obtained is in the value's note
            description: formula
              ? `区域汇总值，按各校合计计算：${readableFormula(formula, (id) => names.get(id))}。${ind.description}`.slice(
                  0,
                  1000,
                )
              : ind.description,
            ...(ind.partOf ? { partOf: `${p}${ind.partOf}` } : {}),
          });
        }
      }
      return { ...t, indicators };
    });
  const rules: Rule[] = first.rules.filter((r) => r.kind === 'structure' && r.check !== 'appendix-complete');
  const documents = Object.assign({}, ...present.map((l) => (fws[l] as Framework).documents));
  return {
    format: first.format,
    formatVersion: first.formatVersion,
    id: `${DISTRICT_FRAMEWORK_PREFIX}${fws.高职?.id ?? 'none'}--${fws.中职?.id ?? 'none'}`,
    version: present.map((l) => (fws[l] as Framework).version).join('+'),
    edition: first.edition,
    level: '高职',
    title: `区域职业教育质量年度报告汇总框架（${first.edition}）`,
    region: first.region,
    // its outline is the builtin 区域年报 outline of the same edition (templates/outlines)
    kind: DISTRICT_KIND,
    releaseNotes: [],
    renamed: {},
    documents,
    tables,
    rules,
  };
}

export function isDistrictFrameworkId(id: string): boolean {
  return id.startsWith(DISTRICT_FRAMEWORK_PREFIX);
}

/** Rebuilds the district framework named by a saved draft (`getFramework` resolves the two sources). */
export function districtFrameworkFromId(id: string, getFramework: (id: string) => Framework): Framework {
  const [gz, zz] = id.slice(DISTRICT_FRAMEWORK_PREFIX.length).split('--');
  return buildDistrictFramework({
    ...(gz && gz !== 'none' ? { 高职: getFramework(gz) } : {}),
    ...(zz && zz !== 'none' ? { 中职: getFramework(zz) } : {}),
  });
}

export interface DistrictSchool {
  ws: Workspace;
  /** image bytes by the school's asset id (case photos) */
  assets?: ReadonlyMap<string, Buffer>;
}

export interface DistrictDraftOptions {
  /** 某某区 */
  name: string;
  year: number;
  aggregates: Partial<Record<ReviewLevel, LevelAggregate>>;
  frameworks: LevelFrameworks;
  /** 高职 + 中职 totals (core/review/totals.ts), written into 服务贡献 and 国际合作 */
  totals?: readonly CrossLevelTotal[];
  /**
   * ISO time for updatedAt stamps when no school has content of the year stamped (otherwise the newest school edit
   * is the stamp: see buildDistrictDraft)
   */
  now: string;
  /** the 区域年报 outline of the edition (templates/outlines/district-*.json); default: the school outline */
  outline?: Outline;
}

export interface DistrictDraft {
  /** a lossless workspace export: save with writeExportAsWorkspace, or feed buildDistrictReportModel */
  export: WorkspaceExport;
  framework: Framework;
  /** cases in the gallery */
  cases: number;
}

const CHARTS: readonly { section: string; indicator: string; type: 'bar' | 'line'; caption: string }[] = [
  { section: 'talent.employment', indicator: 'grad_placement_rate', type: 'bar', caption: '毕业生毕业去向落实率' },
  {
    section: 'talent.employment',
    indicator: 'grad_monthly_income',
    type: 'line',
    caption: '毕业生就业半年内平均月收入',
  },
  { section: 'talent.experience', indicator: 'sat_graduates', type: 'bar', caption: '毕业生满意度' },
  { section: 'industry.teachers', indicator: 'dual_teacher_rate', type: 'bar', caption: '“双师型”教师比例' },
];

function fmt(agg: LevelAggregate | undefined, id: string, year: number): string | undefined {
  const row = agg?.rows.find((r) => r.indicatorId === id);
  return row ? proseValue(row.values[year], row) : undefined;
}

/** Builds the district draft workspace from the reviewed schools and their aggregates. */
export function buildDistrictDraft(schools: readonly DistrictSchool[], opts: DistrictDraftOptions): DistrictDraft {
  const fw = buildDistrictFramework(opts.frameworks);
  const { year } = opts;
  // stamped with the newest edit of the schools' content of the year, not the time of drafting: the cover's
  // 编制日期 is the month of the latest edit (core/report/build.ts latestEdit), as on a school report, so it says
  // when the material was last written; a reviewer's later edits of the saved draft move it on
  const now = schools.map((s) => latestEdit(s.ws, year)).reduce((a, b) => (b > a ? b : a), '') || opts.now;
  const years = [year - 2, year - 1, year];
  const outline = opts.outline ?? getDefaultOutline();
  let nextId = 0;
  const id = (p: string) => `${p}-${++nextId}`;

  const chapters: Chapter[] = [];
  const sections: Section[] = [];
  const blocks: Block[] = [];
  const sectionByKey = new Map<string, Section>();
  const firstSectionOfChapter = new Map<string, Section>();
  const add = (section: Section, content: BlockContent) => {
    blocks.push({
      id: id('b'),
      sectionId: section.id,
      order: blocks.filter((b) => b.sectionId === section.id).length,
      content,
      updatedAt: now,
    });
  };

  const scope = regionScope(opts.name);
  const counts = LEVELS.map((l) => ({ l, n: schools.filter((s) => reviewLevel(s.ws.profile.level) === l).length }));
  const total = schools.length;
  const countText = counts.map((c) => `${LEVEL_TEXT[c.l].replace('教育', '学校')} ${c.n} 所`).join('、');

  const preface: Chapter = {
    id: id('ch'),
    year,
    key: outline.preface.key,
    title: outline.preface.title,
    order: 0,
    intro: `本报告依据${scope.inside} ${total} 所职业学校（${countText}）报送的${year}年度质量年度报告和数据汇总编制。数量和金额为各校合计，比率按指标公式由各校分子、分母合计后计算。本稿为自动生成的草稿，请审阅人修改完善。${exclusionNote(opts.aggregates, years, opts.frameworks)}${coverageNote(opts.aggregates, years)}`,
  };
  chapters.push(preface);
  outline.chapters.forEach((oc, ci) => {
    const ch: Chapter = {
      id: id('ch'),
      year,
      key: oc.key,
      // seed 003: a district report opens with 发展概况, not 学校概况 (the district outline says so itself)
      title: oc.key === 'overview' && outline.kind !== DISTRICT_KIND ? '发展概况' : oc.title,
      order: ci + 1,
      intro: '',
    };
    chapters.push(ch);
    oc.sections.forEach((os, si) => {
      const s: Section = { id: id('s'), chapterId: ch.id, key: os.key, title: os.title, order: si };
      sections.push(s);
      sectionByKey.set(os.key, s);
      if (si === 0) firstSectionOfChapter.set(oc.key, s);
    });
  });

  // 发展概况: the scale of the district in numbers
  const scale = sectionByKey.get('overview.scale');
  if (scale) {
    const parts = counts
      .filter((c) => c.n > 0)
      .map((c) => {
        const agg = opts.aggregates[c.l];
        const bits = [
          ['全日制在校生', fmt(agg, 'students_fulltime', year)],
          ['专任教师', fmt(agg, 'teachers_fulltime', year)],
          ['生师比', fmt(agg, 'student_teacher_ratio', year)],
          ['毕业生', fmt(agg, 'grad_total', year)],
          ['毕业去向落实率', fmt(agg, 'grad_placement_rate', year)],
        ].filter((b): b is [string, string] => b[1] !== undefined);
        const head = `${c.l === '高职' ? '高等职业学校' : '中等职业学校'} ${c.n} 所`;
        // a group whose schools have not filled these yet gets no empty clause
        return bits.length ? `${head}，${bits.map(([k, v]) => `${k} ${v}`).join('，')}` : `${head}（暂无汇总数据）`;
      });
    add(scale, {
      kind: 'paragraph',
      lead: '办学规模总体稳定。',
      text: `${year}年，${scope.all}共有职业学校 ${total} 所：${parts.join('；')}。（草稿：以上数字由各校数据汇总生成，请核对后完善表述。）`,
    });
  }

  // 高职 + 中职 totals where seed 003 writes them for all schools: 4.2 (L1998–2003) and 6.1/6.2 (L2453–2736)
  for (const [tableId, sectionKey, lead] of [
    ['service', 'service.industry', '服务产业发展成效明显。'],
    ['international', 'international.going-out', '国际合作成果持续积累。'],
  ] as const) {
    const sec = sectionByKey.get(sectionKey);
    const list = (opts.totals ?? []).filter((t) => t.tableId === tableId && t.values[year] != null);
    if (!sec || list.length === 0) continue;
    const bits = list.map((t) => `${t.name} ${proseValue(t.values[year], { ...t, type: 'number' }) ?? ''}`);
    add(sec, {
      kind: 'paragraph',
      lead,
      text: `${year}年，${scope.all}职业学校（高职、中职合计）${bits.join('，')}。（草稿：以上数字由各校数据汇总生成，请核对后完善表述。）`,
    });
  }

  // comparison charts: 高职 vs 中职 series over three years
  for (const c of CHARTS) {
    const sec = sectionByKey.get(c.section);
    const ids = LEVELS.map((l) => `${PREFIX[l]}${c.indicator}`).filter((x) =>
      allIndicators(fw).some((i) => i.id === x),
    );
    // a chart whose every bar would read 无数据 (no school filled the indicator) is left out
    const hasData = LEVELS.some((l) =>
      opts.aggregates[l]?.rows.some(
        (r) => r.indicatorId === c.indicator && years.some((y) => r.values[y] !== null && r.values[y] !== undefined),
      ),
    );
    if (!sec || ids.length === 0 || !hasData) continue;
    add(sec, {
      kind: 'chart',
      caption: `${years[0]}-${year}年${opts.name}职业学校${c.caption}`,
      chartType: c.type,
      indicators: ids,
      years,
      source: '',
    });
  }

  // the case gallery: every school's cases of the year, in the section of the same outline key; a case another
  // school handed in alike is printed once (core/review/district-cases.ts), a sentence part quoting a figure the
  // school has no data for is left out; both are said in the 草稿说明
  const assets: AssetMeta[] = [];
  const assetData: Record<string, string> = {};
  let cases = 0;
  type Printed = {
    key: CaseKey;
    school: string;
    title: string;
    /** schools that handed in the same text (not printed again) */
    also: string[];
    alike: Set<string>;
    /** schools whose case has this title over another text (printed as well) */
    titleTwins: string[];
  };
  const printed: Printed[] = [];
  // the printed cases by title and by body (a city's draft has thousands of cases to compare)
  const byTitle = new Map<string, Printed>();
  const byBody = new Map<string, Printed>();
  const trimmed: string[] = [];
  schools.forEach((school, si) => {
    const ws = school.ws;
    const sfw = opts.frameworks[reviewLevel(ws.profile.level)];
    const figures = sfw ? workspaceFigureSource(ws, sfw) : undefined;
    const chapterById = new Map(ws.chapters.map((c) => [c.id, c]));
    const sectionById = new Map(
      ws.sections.filter((s) => chapterById.get(s.chapterId)?.year === ws.profile.reportYear).map((s) => [s.id, s]),
    );
    const ordered = ws.blocks
      .filter((b) => b.content.kind === 'case' && sectionById.has(b.sectionId))
      .sort((a, b) => a.order - b.order);
    for (const b of ordered) {
      if (b.content.kind !== 'case') continue;
      const s = sectionById.get(b.sectionId) as Section;
      const chKey = chapterById.get(s.chapterId)?.key ?? '';
      const target = sectionByKey.get(s.key) ?? firstSectionOfChapter.get(chKey);
      if (!target) continue;
      const key = caseKey(b.content.title, b.content.body);
      const other = (p: Printed | '' | undefined): p is Printed => !!p && p.school !== ws.profile.name;
      const sameBody = key.bodyKey && byBody.get(key.bodyKey);
      // the same text from another school: printed once. The same title over another text is printed too (two
      // schools may well name different work alike; leaving one out would drop a school's case), and named below
      if (other(sameBody)) {
        if (!sameBody.also.includes(ws.profile.name)) sameBody.also.push(ws.profile.name);
        sameBody.alike.add(alikeText(sameCase(sameBody.key, key) as { title: boolean; body: boolean }));
        continue;
      }
      const sameTitle = key.titleKey && byTitle.get(key.titleKey);
      if (other(sameTitle) && !sameTitle.titleTwins.includes(ws.profile.name))
        sameTitle.titleTwins.push(ws.profile.name);
      const title = textWithoutMissing(b.content.title, figures);
      const body = textWithoutMissing(b.content.body, figures);
      const leftOut = [...title.leftOut, ...body.leftOut];
      const photos = [];
      for (const p of b.content.photos) {
        const meta = ws.assets.find((a) => a.id === p.assetId);
        const bytes = school.assets?.get(p.assetId);
        if (!meta || !bytes) continue;
        const newId = `s${si + 1}-${p.assetId}`.slice(0, 64);
        if (!assetData[newId]) {
          assets.push({ ...meta, id: newId });
          assetData[newId] = bytes.toString('base64');
        }
        const caption = textWithoutMissing(p.caption, figures);
        leftOut.push(...caption.leftOut);
        photos.push({ assetId: newId, caption: caption.text });
      }
      const quoted = [...new Set(leftOut.map(leftOutText))].join('、');
      if (!title.text.trim() || !body.text.trim()) {
        trimmed.push(
          `${ws.profile.name}的案例「${title.text.trim() || renderPlain(b.content.title)}」未收录（引用的${quoted}没有数据，删去后${title.text.trim() ? '正文' : '标题'}为空）`,
        );
        continue;
      }
      if (leftOut.length) trimmed.push(`${ws.profile.name}的案例「${title.text.trim()}」删去了引用${quoted}的语句`);
      const entry: Printed = {
        key,
        school: ws.profile.name,
        title: title.text.trim(),
        also: [],
        alike: new Set(),
        titleTwins: [],
      };
      printed.push(entry);
      if (key.titleKey && !byTitle.has(key.titleKey)) byTitle.set(key.titleKey, entry);
      if (key.bodyKey && !byBody.has(key.bodyKey)) byBody.set(key.bodyKey, entry);
      add(target, {
        kind: 'case',
        title: title.text,
        // the school's bound figures printed with the school's own data: the district draft has other indicators
        body: `来源学校：${ws.profile.name}。\n${body.text}`,
        photos,
      });
      cases++;
    }
  });

  // 面临挑战: the schools' own challenges listed, for the reviewer to distil
  const challenges = sectionByKey.get('challenges.list');
  if (challenges) {
    const listed: string[] = [];
    for (const school of schools) {
      const ws = school.ws;
      // the report year's text only (as the gallery), titles printed with the school's own figures: in the draft,
      // a school's marker would name an indicator the district framework has not (printed 「—」)
      const sfw = opts.frameworks[reviewLevel(ws.profile.level)];
      const figures = sfw ? workspaceFigureSource(ws, sfw) : undefined;
      const chapters = new Set(ws.chapters.filter((c) => c.year === ws.profile.reportYear).map((c) => c.id));
      const sectionIds = new Set(ws.sections.filter((x) => chapters.has(x.chapterId)).map((x) => x.id));
      for (const b of ws.blocks) {
        if (b.content.kind !== 'challenge' || !sectionIds.has(b.sectionId)) continue;
        const title = textWithoutMissing(b.content.title, figures);
        if (title.leftOut.length)
          trimmed.push(
            `${ws.profile.name}的挑战「${title.text.trim() || renderPlain(b.content.title)}」删去了引用${[...new Set(title.leftOut.map(leftOutText))].join('、')}的语句`,
          );
        if (title.text.trim()) listed.push(`${title.text.trim()}（${ws.profile.name}）`);
      }
    }
    add(challenges, {
      kind: 'challenge',
      title: '待归纳',
      problems: listed.length ? `各校报告提出的挑战：${listed.join('；')}。` : '各校报告未列出挑战。',
      plans: `（请审阅人归纳${scope.all}共性问题并提出下一步打算。）`,
    });
  }

  // one entry per set of schools and likeness: two copies of one school's file share every case
  const repeated = new Map<string, Printed[]>();
  for (const p of printed.filter((x) => x.also.length)) {
    const key = `${[p.school, ...p.also].join('、')}\u0000${[...p.alike].join('、')}`;
    repeated.set(key, [...(repeated.get(key) ?? []), p]);
  }
  preface.intro += caseNote(
    trimmed,
    [...repeated.values()].map((list) => {
      const p = list[0] as Printed;
      const how = `${[p.school, ...p.also].join('、')}，${[...p.alike].join('、')}；收录${p.school}的一份`;
      return list.length === 1
        ? `「${p.title}」（${how}）`
        : `${list.length} 个案例（${how}）：${list.map((x) => `「${x.title}」`).join('、')}`;
    }),
    printed
      .filter((x) => x.titleTwins.length)
      .map((p) => `「${p.title}」（${[p.school, ...p.titleTwins].join('、')}）`),
  );

  // a section nothing was drafted into keeps its heading over a line saying what is missing and where the text
  // can come from (a heading over nothing reads as a mistake, and sits alone at a page's foot)
  const filled = new Set(blocks.map((b) => b.sectionId));
  for (const s of sections) {
    if (filled.has(s.id)) continue;
    add(s, { kind: 'paragraph', lead: '', text: pendingNote(s, schools, scope.all) });
  }

  // values: the aggregates, prefixed by level
  const values: Workspace['values'] = [];
  for (const level of LEVELS) {
    const agg = opts.aggregates[level];
    if (!agg) continue;
    for (const r of agg.rows) {
      const indicatorId = `${PREFIX[level]}${r.indicatorId}`;
      if (!allIndicators(fw).some((i) => i.id === indicatorId)) continue;
      for (const y of years) {
        const v = r.values[y];
        if (notApplicableForAll(r.values[y], r.notApplicable[y], agg.schoolCount)) {
          // the schools said it does not apply: so does the draft (its 附表 prints 不适用, its checks accept it)
          values.push({
            year: y,
            indicatorId,
            value: null,
            notApplicable: true,
            note: `${agg.schoolCount} 所学校均标为不适用`,
            source: `${scope.inside}学校工作区汇总`,
            updatedAt: now,
          });
          continue;
        }
        if (v === null || v === undefined) continue;
        const na = r.notApplicable[y] ? `，${r.notApplicable[y]} 校标为不适用` : '';
        const left = `${na}${r.excludedCount[y] ? `，${r.excludedCount[y]} 校数据有误未计入` : ''}`;
        values.push({
          year: y,
          indicatorId,
          // as printed: the draft's grid, findings and appendix then quote the same figure
          value: roundTo(v, r.decimals),
          note: `${r.methodText}（${agg.schoolCount} 校中 ${r.contributing[y] ?? 0} 校有数据${left}）`,
          source: `${scope.inside}学校工作区汇总`,
          updatedAt: now,
        });
      }
    }
  }

  const exp: WorkspaceExport = {
    format: WORKSPACE_EXPORT_FORMAT,
    formatVersion: WORKSPACE_EXPORT_VERSION,
    profile: {
      // 「示例区职业教育」 + the 区域年报 outline's 「质量年度报告」 (templates/outlines/district-2024.json)
      name: `${opts.name}职业教育`,
      code: '',
      level: '高职',
      category: '综合',
      region: opts.name,
      reportYear: year,
    },
    framework: { id: fw.id, version: fw.version },
    years: years.map((y) => ({ year: y, hasGraduates: true, note: '' })),
    values,
    chapters,
    sections,
    blocks,
    assets,
    comments: [],
    changes: [],
    assetData,
  };
  return { export: exp, framework: fw, cases };
}

/** Schools whose own report has the part of this outline key written (their report year's chapters). */
function schoolsWriting(key: string, schools: readonly DistrictSchool[]): string[] {
  return schools
    .filter(({ ws }) => {
      const chapters = new Set(ws.chapters.filter((c) => c.year === ws.profile.reportYear).map((c) => c.id));
      const ids = new Set(ws.sections.filter((x) => x.key === key && chapters.has(x.chapterId)).map((x) => x.id));
      return ws.blocks.some((b) => ids.has(b.sectionId));
    })
    .map(({ ws }) => ws.profile.name);
}

/** 待补充 for an empty section: no aggregate, no case; which schools' reports to distil it from, if any. */
function pendingNote(section: Section, schools: readonly DistrictSchool[], all: string): string {
  const names = schoolsWriting(section.key, schools);
  if (names.length === 0)
    return `（待补充：本节暂无汇总数据和学校案例，各校报告也未写「${section.title}」部分，请审阅人根据${all}情况撰写。）`;
  const who = names.length <= 3 ? names.join('、') : `${names.slice(0, 3).join('、')}等 ${names.length} 所学校`;
  return `（待补充：本节暂无汇总数据和学校案例。可参考${who}报告的「${section.title}」部分归纳撰写。）`;
}

/** Stored text with its markers taken out, for naming a case the draft did not print. */
function renderPlain(t: string): string {
  return t.replace(/\{\{[^}]*\}\}/g, '').trim() || '（无标题）';
}

/**
 * The draft's 草稿说明 on the schools' cases: sentence parts left out because a figure they quote has no data (the
 * school's own report prints 「—」 there), and cases several schools handed in alike, printed once ('' when none).
 */
function caseNote(trimmed: readonly string[], repeated: readonly string[], titleTwins: readonly string[]): string {
  let out = '';
  if (trimmed.length)
    out += `\n草稿说明：以下学校的案例、挑战引用的数据没有值（该校报告在该处印出「—」），草稿删去了所在的语句，请向学校核实后补充：${trimmed.join('；')}。`;
  if (repeated.length)
    out += `\n草稿说明：以下案例由多所学校重复报送，草稿只收录一次，请核实案例归属：${repeated.join('；')}。`;
  if (titleTwins.length)
    out += `\n草稿说明：以下案例标题相同、正文不同，各校的都已收录，请核实是否为同一案例、是否需要改写标题：${titleTwins.join('；')}。`;
  return out;
}

/**
 * The draft's 草稿说明: every school value the aggregates left out, with the reason, so the reviewer can ask the
 * schools to correct them ('' when there are none).
 */
function exclusionNote(
  aggregates: DistrictDraftOptions['aggregates'],
  years: readonly number[],
  frameworks: LevelFrameworks,
): string {
  const lines = LEVELS.flatMap((l) => {
    const units = new Map(
      (frameworks[l] ? allIndicators(frameworks[l] as Framework) : []).map((i) => [i.id, i.unit] as const),
    );
    return (aggregates[l]?.excluded ?? [])
      .filter((e) => years.includes(e.year))
      .map((e) => {
        // a 填报值 mismatch states what the school entered itself; the value beside it was the computed one
        const shown = e.value && !e.reason.startsWith('填报值') ? ` ${e.value}${units.get(e.indicatorId) ?? ''}` : '';
        return `${e.school}${e.year}年「${e.name}」${shown}（${e.reason}）`;
      });
  });
  if (lines.length === 0) return '';
  return `\n草稿说明：以下各校数据超出合理范围或与按公式计算的结果不一致，未计入汇总，请核实后更正：${lines.join('；')}。`;
}

/**
 * The draft's 草稿说明 on figures computed by formula over fewer schools than their parts: a school enters
 * “双师型”教师比例 only with both its “双师型”教师数 and 专业课教师数, while each part printed beside it in the 附表 is
 * summed over the schools that have that part, so the printed ratio is not the quotient of the printed parts. Said
 * here, with the coverage of each side, so the reviewer can get the missing data or explain it ('' when none).
 */
function coverageNote(aggregates: DistrictDraftOptions['aggregates'], years: readonly number[]): string {
  const items = LEVELS.flatMap((l) => {
    const agg = aggregates[l];
    if (!agg) return [];
    const byId = new Map(agg.rows.map((r) => [r.indicatorId, r]));
    return agg.rows.flatMap((r) => {
      const parts = r.inputs.map((id) => byId.get(id)).filter((p): p is AggregateRow => p !== undefined);
      const when = years.flatMap((y) => {
        const n = r.contributing[y] ?? 0;
        if (r.values[y] === null || r.values[y] === undefined) return [];
        if (!parts.some((p) => (p.contributing[y] ?? 0) > n)) return [];
        const each = parts.map((p) => `${p.name} ${p.contributing[y] ?? 0} 所`).join('、');
        return [`${y}年按 ${n} 所学校计算（${each}学校有数据）`];
      });
      return when.length ? [`${l}「${r.name}」${when.join('，')}`] : [];
    });
  });
  if (items.length === 0) return '';
  return `\n草稿说明：以下按公式计算的指标只计入其计算所需数据齐全的学校，与附表中各分项（按各自有数据的学校合计）直接计算的结果不同，请向缺数的学校核实后更正或在正文中说明：${items.join('；')}。`;
}

/** 附表 1-x (高等职业教育) and 2-x (中等职业教育) from the district values, columns: last year and this year. */
export function districtAppendix(ws: Pick<Workspace, 'values'>, fw: Framework, year: number): AppendixTable[] {
  const years = [year - 1, year];
  const vals = valuesOf(ws, fw);
  const out: AppendixTable[] = [];
  for (const level of LEVELS) {
    const p = PREFIX[level];
    let k = 0;
    for (const t of [...fw.tables].sort((a, b) => a.order - b.order)) {
      const inds = t.indicators.filter((i) => i.id.startsWith(p));
      if (inds.length === 0) continue;
      k++;
      const byId = new Map(inds.map((i) => [i.id, i]));
      const rows: AppendixRow[] = [];
      let no = 0;
      for (const ind of inds) {
        // the schools' own 附表 rule for a 待核实 row no school filled
        if (unconfirmedEmptyRow(vals, ind, years)) continue;
        let indent = 0;
        for (let cur: Indicator | undefined = ind; cur?.partOf && byId.has(cur.partOf) && indent < 3; indent++) {
          cur = byId.get(cur.partOf);
        }
        if (indent === 0) no++;
        rows.push({
          no: indent === 0 ? String(no) : '',
          name: ind.name.startsWith(level) ? ind.name.slice(level.length) : ind.name,
          indent,
          unit: ind.unit,
          // the schools' own 附表 rule: a figure every school marked 不适用 prints 不适用
          values: years.map((y) => appendixCell(vals, ind, y)),
          indicatorId: ind.id,
        });
      }
      // 「其中：」 opens the first part listed under a whole, as the schools' own 附表 print it
      partRowNames(rows).forEach((name, i) => {
        (rows[i] as AppendixRow).name = name;
      });
      const label = `附表 ${APPENDIX_GROUP[level]}-${k}`;
      out.push({
        tableId: `${p}${t.id}`,
        label,
        name: t.name,
        captionLine: `${label} ${t.name}（${LEVEL_TEXT[level]}）`,
        columns: ['序号', '指标', '单位', ...years.map((y) => `${y}年`)],
        years,
        rows,
      });
    }
  }
  return out;
}

/** The report model of a district draft: the school report's model with the district appendix. */
export function buildDistrictReportModel(ws: Workspace, fw: Framework, year?: number, outline?: Outline): ReportModel {
  const y = year ?? ws.profile.reportYear;
  // the draft's own framework names the 区域年报 outline of its edition (what the app and the CLI print with)
  const model = buildReportModel(ws, fw, { year: y, outline: outline ?? outlineFor(fw) });
  const tables = districtAppendix(ws, fw, y);
  return {
    ...model,
    // 编制单位 is the region (the draft's name reads 「示例区职业教育」 for the title's sake)
    cover: { ...model.cover, preparedBy: ws.profile.region.trim() || model.cover.preparedBy },
    appendix: { ...model.appendix, tables },
    stats: { ...model.stats, appendixTables: tables.length },
  };
}

/**
 * The framework each level was aggregated with (the majority's, core/review/review.ts), taken from the reviewed
 * schools themselves: a framework stored in the schools' workspaces is found too, not only builtin ones.
 */
export function districtFrameworks(
  schools: readonly { fw: Framework }[],
  aggregates: Partial<Record<ReviewLevel, LevelAggregate>>,
): LevelFrameworks {
  const out: LevelFrameworks = {};
  for (const level of LEVELS) {
    const agg = aggregates[level];
    const fw = agg ? schools.find((s) => s.fw.id === agg.frameworkId)?.fw : undefined;
    if (fw) out[level] = fw;
  }
  return out;
}
