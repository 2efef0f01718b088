/**
 * The review summary as a Word document in the report's typography: the summary is laid out as a report
 * document model (core/report/model.ts) and written by the same writer (core/docx writeReportDocx), so the
 * cover, headings, tables and fonts are exactly those of a school report. Chapters:
 * 1 审阅概况 (files, counts), 2 合规情况 (per school and per rule counts; the full schools × rules matrix is in the
 * .xlsx), 3 区域汇总 (高职 / 中职 aggregates, 高职+中职 totals where seed 003 gives them, and every school value
 * left out of the aggregates with the reason), 4 各校问题摘要 (counts and the first items per school; the full
 * list with citations, ready to send back, is the .xlsx 问题清单), 附: 文件清单.
 */
import { formatIndicatorValue, NOT_APPLICABLE, partRowNames, yearMonth } from '../report/format';
import type { ReportChapter, ReportItem, ReportModel, ReportSection, TocEntry } from '../report/model';
import type { LevelAggregate } from './aggregate';
import { sharedRegion } from './district-name';
import { CELL_STATUSES, STATUS_LABEL } from './matrix';
import { notApplicableForAll, schoolsColumn } from './not-applicable';
import type { FindingRow, ReviewedFile, ReviewSummary } from './review';

export interface ReviewDocOptions {
  /**
   * district name for the cover, e.g. 某某区. Without it, the region every reviewed school's file names (as the
   * district draft does); when they name none or differ, no region at all (the title alone, no 编制单位): a stand-in
   * such as 「本地区」 reads as a name.
   */
  name?: string;
}

function table(
  id: string,
  caption: string,
  number: string,
  columns: string[],
  rows: string[][],
  source = '',
  alignLeft: number[] = [0],
  /** a table of numbers: sized by what its text prints at (below); a table of text keeps autoWidths */
  numbers = true,
  /** columns naming schools: a long name breaks between its words (core/docx/name-lines.ts) */
  nameColumns: number[] = [],
): ReportItem {
  return {
    kind: 'table',
    blockId: id,
    label: `表 ${number}`,
    number,
    caption,
    captionLine: `表 ${number} ${caption}`,
    columns,
    rows,
    sourceLine: source ? `（数据来源：${source}）` : '',
    // the first column names a school, rule or indicator: flush left, like the appendix's names
    alignLeft,
    // those text columns give way when a table is too wide; numbers and units keep one line (a name of 20-odd
    // characters and a number take the width they print at, not one CJK character's per character)
    ...(numbers ? { wrapColumns: alignLeft } : {}),
    ...(nameColumns.length ? { nameColumns } : {}),
  };
}

function para(id: string, text: string, lead = ''): ReportItem {
  return { kind: 'paragraph', blockId: id, lead, paragraphs: [text] };
}

function aggregateRows(agg: LevelAggregate, years: number[]): string[][] {
  const y = years[years.length - 1] as number;
  // named as the schools' 附表 name their rows: 「其中：」 opens the first part under a whole
  const names = partRowNames(agg.rows);
  return agg.rows.map((r, i) => [
    `${'　'.repeat(r.indent)}${names[i]}`,
    r.unit,
    ...years.map((v) =>
      notApplicableForAll(r.values[v], r.notApplicable[v], agg.schoolCount)
        ? NOT_APPLICABLE
        : formatIndicatorValue(r.values[v] ?? null, r),
    ),
    String(schoolsColumn(r.values[y], r.contributing[y], r.notApplicable[y], agg.schoolCount, true)),
  ]);
}

/**
 * Why files were skipped, in counts: a file that opened but repeats a school handed in already (the same file, or
 * the same school twice) is not 「无法使用」.
 */
function skippedWhy(skipped: readonly ReviewedFile[]): string {
  if (skipped.length === 0) return '';
  const repeated = skipped.filter((f) => f.school).length;
  const unusable = skipped.length - repeated;
  if (repeated === 0) return '（均无法使用）';
  if (unusable === 0) return '（均为重复提交）';
  return `（无法使用 ${unusable} 个，重复提交 ${repeated} 个）`;
}

/** A figure not given because it would fall outside its range is said so, not printed as a fact. */
function withheldNote(level: string, agg: LevelAggregate, years: number[]): ReportItem[] {
  const lines = agg.rows.flatMap((r) =>
    years.filter((y) => r.withheld[y]).map((y) => `${r.name}（${y}年）${r.withheld[y]}`),
  );
  return lines.length ? [para(`ag-withheld-${level}`, `以下汇总结果未列出：${lines.join('；')}。`)] : [];
}

const TOP_ITEMS = 3;

const clip = (text: string, n: number) => ([...text].length > n ? `${[...text].slice(0, n - 1).join('')}…` : text);

/** What makes two findings of one school the same one: rule, place and message. */
export const findingKey = (ruleId: string, where: string, message: string) => `${ruleId}\u0000${where}\u0000${message}`;

/** A school's findings with repeats removed: the same rule, place and message counts once (as on the review screen). */
export function uniqueFindings(list: readonly FindingRow[]): FindingRow[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.school}\u0000${f.code}\u0000${findingKey(f.ruleId, f.where, f.message)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function buildReviewReportModel(s: ReviewSummary, opts: ReviewDocOptions = {}): ReportModel {
  const reviewed = s.files.filter((f) => f.status === 'reviewed');
  const name =
    opts.name?.trim() ||
    sharedRegion(reviewed.flatMap((f) => (f.school ? [{ profile: { region: f.school.region ?? '' } }] : []))) ||
    '';
  const skipped = s.files.filter((f) => f.status === 'skipped');
  const gz = s.schools.filter((x) => x.level === '高职').length;
  const zz = s.schools.length - gz;
  const chapters: ReportChapter[] = [];
  const chapter = (title: string, key: string, sections: ReportSection[], intro: string[] = []) => {
    const n = chapters.length + 1;
    chapters.push({
      number: n,
      key,
      title,
      heading: `${n} ${title}`,
      anchor: `ch${n}`,
      intro,
      challenges: false,
      sections: sections.map((sec, i) => ({
        ...sec,
        number: `${n}.${i + 1}`,
        heading: `${n}.${i + 1} ${sec.title}`,
        anchor: `ch${n}_${i + 1}`,
      })),
    });
  };
  const section = (title: string, items: ReportItem[]): ReportSection => ({
    number: '',
    title,
    heading: title,
    anchor: '',
    items,
  });

  // 1 审阅概况
  chapter('审阅概况', 'overview', [
    section('审阅范围', [
      para(
        'ov-1',
        `本次共收到 ${s.files.length} 个工作区文件，审阅 ${reviewed.length} 所学校（高等职业学校 ${gz} 所、中等职业学校 ${zz} 所），跳过 ${skipped.length} 个文件${skippedWhy(skipped)}。各校按其工作区所用指标框架逐条校验，汇总数据以 ${s.year} 年度为准，并列出前两年数据作对比。所有文件均以只读方式打开，审阅前后的 SHA-256 校验值（前 12 位）见附表 1。`,
        '审阅范围和方法。',
      ),
      // schools on different frameworks or versions: the reviewer must know before comparing them
      ...s.frameworkWarnings.map((w, i) => para(`ov-fw-${i}`, w, '指标体系不一致。')),
      ...s.yearWarnings.map((w, i) => para(`ov-yr-${i}`, w, '报告年度不同。')),
      ...s.caseWarnings.map((w, i) => para(`ov-case-${i}`, w, '案例重复。')),
      ...(skipped.length
        ? [
            table(
              'ov-skipped',
              '未能审阅的文件',
              '1-1',
              ['文件', '原因'],
              skipped.map((f) => [f.path, f.reason]),
              '',
              [0, 1],
              false,
            ),
          ]
        : []),
    ]),
  ]);

  // 2 合规情况
  const statusCols = CELL_STATUSES.map((st) => STATUS_LABEL[st]);
  const failRules = s.matrix.rules
    .map((r) => ({ r, c: s.matrix.ruleCounts[r.id] }))
    .filter((x) => x.c && (x.c.fail > 0 || x.c.unconfirmed > 0 || x.c.nodata > 0))
    .sort((a, b) => (b.c?.fail ?? 0) - (a.c?.fail ?? 0));
  chapter('合规情况', 'compliance', [
    section('各校合规情况', [
      table(
        'cm-schools',
        '各校规则校验结果（条数）',
        '2-1',
        ['学校', '层次', ...statusCols, '错误', '警告'],
        s.schools.map((x, i) => {
          const row = s.matrix.rows[i];
          return [
            x.name,
            x.level,
            ...CELL_STATUSES.map((st) => String(row?.counts[st] ?? 0)),
            String(x.result.summary.error),
            String(x.result.summary.warning),
          ];
        }),
        '',
        [0],
        true,
        [0],
      ),
    ]),
    section('需关注的规则', [
      para(
        'cm-rules-note',
        failRules.length
          ? '下表列出至少一所学校未通过、待核实或无数据的规则，按未通过校数排列；全部规则逐校的结果见同名 Excel 汇总表“合规矩阵”。'
          : '所有学校的全部规则均已通过。',
      ),
      ...(failRules.length
        ? [
            table(
              'cm-rules',
              '规则校验结果（校数）',
              '2-2',
              ['规则', ...statusCols],
              failRules.map(({ r, c }) => [r.title, ...CELL_STATUSES.map((st) => String(c?.[st] ?? 0))]),
            ),
          ]
        : []),
    ]),
  ]);

  // 3 区域汇总
  const aggSections: ReportSection[] = [];
  let t = 0;
  for (const level of ['高职', '中职'] as const) {
    const agg = s.aggregates[level];
    if (!agg) continue;
    t++;
    aggSections.push(
      section(level === '高职' ? '高等职业教育' : '中等职业教育', [
        para(
          `ag-${level}`,
          `共 ${agg.schoolCount} 所学校。数量和金额为各校合计；比率按框架公式由各校分子、分母合计后计算（不对各校比率取平均）；没有分子分母的比率按其基数加权平均。表中“有数据学校”为 ${s.years.at(-1)} 年有该项数据的学校数/学校总数。`,
        ),
        table(
          `ag-t-${level}`,
          `${level === '高职' ? '高等职业学校' : '中等职业学校'}主要指标汇总`,
          `3-${t}`,
          ['指标', '单位', ...s.years.map((y) => `${y}年`), '有数据学校'],
          aggregateRows(agg, s.years),
          '各校工作区数据汇总',
        ),
        ...withheldNote(level, agg, s.years),
      ]),
    );
  }
  if (s.totals.length) {
    t++;
    aggSections.push(
      section('高职与中职合计', [
        para(
          'ag-totals',
          '《重庆市职业教育质量年度报告（2024 年度）》对以下数量和金额给出全部职业学校的合计（依据见表后），此处为高等职业学校与中等职业学校汇总数之和。',
        ),
        table(
          'ag-t-totals',
          '职业学校主要指标合计（高职与中职）',
          `3-${t}`,
          ['指标', '单位', ...s.years.map((y) => `${y}年`)],
          s.totals.map((x) => [
            x.name,
            x.unit,
            ...s.years.map((y) => formatIndicatorValue(x.values[y] ?? null, { ...x, type: 'number' })),
          ]),
          '各校工作区数据汇总',
        ),
        para('ag-totals-src', `口径依据：${[...new Set(s.totals.map((x) => x.basis))].join('，')}。`),
      ]),
    );
  }
  const excluded = (['高职', '中职'] as const).flatMap((l) => (s.aggregates[l]?.excluded ?? []).map((e) => ({ l, e })));
  if (aggSections.length) {
    t++;
    aggSections.push(
      section('未计入汇总的数据', [
        para(
          'ag-excluded',
          excluded.length
            ? '以下数据超出合理范围（如比例超过 100%、人数为负数、其中项大于总数）或与按公式计算的结果不一致，未计入汇总，请相关学校核实更正。'
            : '各校数据均在合理范围内，全部计入汇总。',
        ),
        ...(excluded.length
          ? [
              table(
                'ag-t-excluded',
                '未计入汇总的数据',
                `3-${t}`,
                ['学校', '年度', '指标', '数值', '原因'],
                excluded.map(({ e }) => [e.school, `${e.year}年`, e.name, e.value || '—', e.reason]),
                '',
                [0, 2, 4],
                true,
                [0],
              ),
            ]
          : []),
      ]),
    );
  }
  chapter(
    '区域汇总',
    'aggregate',
    aggSections.length ? aggSections : [section('汇总', [para('ag-none', '没有可汇总的学校。')])],
  );

  // 4 各校问题摘要: counts and the first few items per school; every finding, with its citation, is in the .xlsx
  // (a full list ran to 1301 pages for 171 schools). Rules are named by title, never by their internal id.
  const ruleTitle = new Map(s.matrix.rules.map((r) => [r.id, r.title]));
  const rank: Record<string, number> = { 错误: 0, 警告: 1, 提示: 2 };
  const summaryRows = s.schools.map((x) => {
    const list = uniqueFindings(s.findings.filter((f) => f.school === x.name && f.code === x.code));
    const count = (sev: string) => String(list.filter((f) => f.severity === sev).length);
    const top = [...list]
      .sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3))
      .slice(0, TOP_ITEMS)
      .map((f, i) => `${i + 1}．【${f.severity}】${ruleTitle.get(f.ruleId) ?? '校验'}：${clip(f.message, 60)}`);
    const more = list.length > TOP_ITEMS ? `（另有 ${list.length - TOP_ITEMS} 条，见 Excel 汇总表“问题清单”）` : '';
    return [
      // the code on a line of its own: a 10-digit 学校代码 run on after the name broke inside the number
      x.code ? `${x.name}\n（${x.code}）` : x.name,
      count('错误'),
      count('警告'),
      count('提示'),
      top.join('\n') + more || '未发现问题',
    ];
  });
  chapter('各校问题摘要', 'findings', [
    section('问题条数与主要问题', [
      para(
        'fd-note',
        `下表列出每所学校的问题条数和最需处理的 ${TOP_ITEMS} 条（错误在前）。每条问题的位置、依据文件和修改建议见同名 Excel 汇总表“问题清单”，可按学校筛选后发回学校修改。`,
      ),
      table(
        'fd-table',
        '各校问题条数与主要问题',
        '4-1',
        ['学校', '错误', '警告', '提示', '主要问题'],
        summaryRows,
        '',
        [0, 4],
        // widths measured from the text: the school's column as wide as its name and code need (at most an equal
        // share with 主要问题), the counts on one line
        true,
        [0],
      ),
    ]),
  ]);

  const toc: TocEntry[] = [];
  for (const ch of chapters) {
    toc.push({ level: 1, text: ch.heading, anchor: ch.anchor });
    for (const sec of ch.sections) if (sec.heading) toc.push({ level: 2, text: sec.heading, anchor: sec.anchor });
  }
  toc.push({ level: 1, text: '附表', anchor: 'appendix' });
  const title = `职业学校质量年度报告审阅汇总（${s.year}年度）`;
  return {
    year: s.year,
    meta: { schoolName: name, title, fullTitle: `${name}${title}`, frameworkTitle: '审阅汇总' },
    cover: {
      schoolName: name,
      title: '职业学校质量年度报告审阅汇总',
      edition: `（${s.year}年度）`,
      // the month of the review (the school report's cover formats its date the same way)
      date: yearMonth(s.createdAt) ?? '',
      preparedBy: name,
    },
    toc,
    chapters,
    appendix: {
      heading: '附表',
      anchor: 'appendix',
      tables: [
        {
          tableId: 'files',
          label: '附表 1',
          name: '文件清单',
          captionLine: '附表 1 文件清单',
          // 「SHA-256」 broke at its hyphen in the header, and a 16-digit hash with its note inside the digits: the
          // note goes to 状态, the value column holds 12 digits (the paragraph above names the algorithm)
          columns: ['序号', '文件', '状态', '审阅前后校验值'],
          // one value column (the SHA-256 note); the writer sizes value columns by this list
          years: [s.year],
          rows: s.files.map((f, i) => ({
            no: String(i + 1),
            name: f.path,
            indent: 0,
            unit: `${f.status === 'reviewed' ? '已审阅' : '已跳过'}${f.sha256Before === f.sha256After && f.sha256Before ? '，未改动' : ''}`,
            values: [
              f.sha256Before === f.sha256After && f.sha256Before
                ? `${f.sha256Before.slice(0, 12)}…`
                : `${f.sha256Before.slice(0, 12)}… → ${f.sha256After.slice(0, 12)}…`,
            ],
            indicatorId: '',
          })),
        },
      ],
    },
    stats: {
      chapters: chapters.length,
      sections: chapters.reduce((a, c) => a + c.sections.length, 0),
      paragraphs: 0,
      cases: 0,
      figures: 0,
      photos: 0,
      charts: 0,
      tables: 0,
      appendixTables: 1,
    },
  };
}
