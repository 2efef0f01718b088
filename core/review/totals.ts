/**
 * 高职 + 中职 totals: the additive figures the city report gives for all its vocational schools together, beside
 * the per-level ones. Only indicators seed 003 prints that way are listed, each with its line, and only when both
 * levels aggregate them as a plain sum in the same unit (so adding the two level figures is the sum over every
 * school, with the same exclusions). Pure.
 */
import type { AggregateRow, LevelAggregate, ReviewLevel } from './aggregate';

/** Where seed 003 (《重庆市职业教育质量年度报告（2024 年度）》) gives the figure for all schools together. */
const SEED = '003_8cc0f5bbd6b51b9c.txt';
/** The city report, as a reader finds it: its title and the part (seed 003's headings: L1717, L1948, L2445, L2547). */
const REPORT = '《重庆市职业教育质量年度报告（2024 年度）》';
const PART: Record<number, string> = {
  1717: '3.4 人才共育',
  1948: '4.2 支撑地方产业',
  2445: '6.1 留学重庆',
  2547: '6.2 职教出海',
};

/** The part of the city report that holds seed line `line` (the last heading above it). */
function partOf(seed: string): string {
  const line = Number(/:(\d+)/.exec(seed)?.[1]);
  const at = Math.max(
    ...Object.keys(PART)
      .map(Number)
      .filter((h) => h <= line),
  );
  return PART[at] ?? '';
}

export const CROSS_LEVEL_TOTALS: readonly { indicatorId: string; seed: string }[] = [
  // 「2024年重庆市职业学校横向技术服务到款额 20109.81万元…纵向科研经费到款额 8007.07万元；技术产权交易收入
  //  1965.82万元；知识产权项目数量 11575项，其中专利授权数量 8603项，发明专利授权数量 1441项…专利成果转化到款额
  //  1109.12万元」
  { indicatorId: 'tech_service_income', seed: `${SEED}:1998-2000` },
  { indicatorId: 'research_funding', seed: `${SEED}:2000` },
  { indicatorId: 'tech_trade_income', seed: `${SEED}:2000-2002` },
  { indicatorId: 'ip_items', seed: `${SEED}:2002` },
  { indicatorId: 'patents_granted', seed: `${SEED}:2002` },
  { indicatorId: 'invention_patents', seed: `${SEED}:2002-2003` },
  { indicatorId: 'patent_transfer_income', seed: `${SEED}:2003` },
  // 「毕业生到中小微企业就业人数 106830人…到大型企业就业人数 21047人」
  { indicatorId: 'grad_sme', seed: `${SEED}:1731` },
  { indicatorId: 'grad_large_enterprise', seed: `${SEED}:1731` },
  // 「2024年重庆各级各类职业学校招收国外留学生专业数达到 66个…接收国外留学生人数 1502人…接收国外访学教师人数
  //  481人」
  { indicatorId: 'intl_student_programmes', seed: `${SEED}:2453` },
  { indicatorId: 'intl_students', seed: `${SEED}:2455` },
  { indicatorId: 'intl_visiting_teachers', seed: `${SEED}:2455-2457` },
  // 「重庆职业学校开发并被国外采用的职业教育课程标准 436个、专业标准 102个、职业教育资源 797个、职业教育装备 80个」
  { indicatorId: 'intl_course_standards', seed: `${SEED}:2723` },
  { indicatorId: 'intl_programme_standards', seed: `${SEED}:2723` },
  { indicatorId: 'intl_resources', seed: `${SEED}:2725` },
  { indicatorId: 'intl_equipment', seed: `${SEED}:2725` },
  // 「特色境外办学项目 28 个…专任教师赴国外指导和开展培训时长达 39245人日，在国外组织担任职务的专任教师人数达 169人」
  { indicatorId: 'overseas_schools', seed: `${SEED}:2732` },
  { indicatorId: 'teachers_abroad_days', seed: `${SEED}:2734-2736` },
  { indicatorId: 'teachers_intl_posts', seed: `${SEED}:2736` },
];

export interface CrossLevelTotal {
  indicatorId: string;
  name: string;
  unit: string;
  /** the indicator's type (how its number prints: core/report/format printedNumber) */
  type: AggregateRow['type'];
  decimals: number;
  tableId: string;
  tableName: string;
  /** seed file and line(s) where the city report gives this figure for all schools (for developers) */
  seed: string;
  /** the same place as a reader finds it: 「《重庆市职业教育质量年度报告（2024 年度）》4.2 支撑地方产业」 */
  basis: string;
  /** per year: the sum over both levels (null = neither level has data) */
  values: Record<number, number | null>;
  /** per year: the levels that have a figure */
  levels: Record<number, ReviewLevel[]>;
  /** per year: schools that contributed, over both levels */
  contributing: Record<number, number>;
}

/** The 高职 + 中职 totals of a review, for the indicators above that both levels (or the one present) sum. */
export function crossLevelTotals(
  aggregates: Partial<Record<ReviewLevel, LevelAggregate>>,
  years: readonly number[],
): CrossLevelTotal[] {
  const present = (['高职', '中职'] as const).filter((l) => aggregates[l]);
  if (present.length === 0) return [];
  const out: CrossLevelTotal[] = [];
  for (const { indicatorId, seed } of CROSS_LEVEL_TOTALS) {
    const rows = present.map((l) => ({ l, row: aggregates[l]?.rows.find((r) => r.indicatorId === indicatorId) }));
    const first = rows[0]?.row;
    // both levels must sum the same quantity in the same unit, or adding them means nothing
    if (!first || rows.some(({ row }) => row?.method !== 'sum' || row.unit !== first.unit)) continue;
    const values: Record<number, number | null> = {};
    const levels: Record<number, ReviewLevel[]> = {};
    const contributing: Record<number, number> = {};
    for (const y of years) {
      let sum = 0;
      const have: ReviewLevel[] = [];
      let n = 0;
      for (const { l, row } of rows) {
        const v = row?.values[y];
        if (v === null || v === undefined) continue;
        sum += v;
        have.push(l);
        n += row?.contributing[y] ?? 0;
      }
      values[y] = have.length ? sum : null;
      levels[y] = have;
      contributing[y] = n;
    }
    out.push({
      indicatorId,
      name: first.name,
      unit: first.unit,
      type: first.type,
      decimals: first.decimals,
      tableId: first.tableId,
      tableName: first.tableName,
      seed,
      basis: `${REPORT}${partOf(seed)}`,
      values,
      levels,
      contributing,
    });
  }
  return out;
}
