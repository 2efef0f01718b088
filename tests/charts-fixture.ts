/** A small framework and workspace for the chart tests (not a test file itself). */
import type { ChartBlockContent } from '../core/charts/spec';
import { FRAMEWORK_FORMAT, FRAMEWORK_FORMAT_VERSION, Framework } from '../core/framework/schema';
import type { IndicatorValue, Workspace } from '../core/model';

const table = (id: string, name: string, order: number, indicators: unknown[]) => ({ id, name, order, indicators });
const filler = (id: string) => ({ id, name: `占位${id}`, unit: '个', type: 'count', decimals: 0 });

export const fw: Framework = Framework.parse({
  format: FRAMEWORK_FORMAT,
  formatVersion: FRAMEWORK_FORMAT_VERSION,
  id: 'test-fw',
  version: '1',
  edition: '2024年度',
  level: '高职',
  title: '测试指标体系',
  region: '重庆市',
  documents: {},
  tables: [
    table('scorecard', '人才培养质量计分卡', 1, [
      {
        id: 'grad_placement_rate',
        name: '毕业去向落实率',
        unit: '%',
        type: 'percent',
        decimals: 2,
        required: 'graduates',
      },
      {
        id: 'grad_income',
        name: '毕业生就业半年内平均月收入',
        unit: '元',
        type: 'money',
        decimals: 2,
        required: 'graduates',
      },
    ]),
    table('satisfaction', '满意度调查表', 2, [filler('sat_x')]),
    table('resources', '教学资源表', 3, [
      { id: 'student_teacher_ratio', name: '生师比', unit: '', type: 'ratio', decimals: 2 },
      { id: 'dual_teacher_rate', name: '“双师型”教师比例', unit: '%', type: 'percent', decimals: 2 },
      { id: 'teachers_fulltime', name: '专任教师', unit: '人', type: 'count', decimals: 0 },
    ]),
    table('service', '服务贡献表', 4, [
      { id: 'tech_service_income', name: '技术服务到款额', unit: '万元', type: 'money', decimals: 2 },
    ]),
    table('international', '国际影响表', 5, [filler('intl_x')]),
    table('policy', '落实政策表', 6, [filler('policy_x')]),
  ],
  rules: [
    {
      id: 'national.student_teacher_ratio',
      kind: 'threshold',
      title: '生师比不高于 18',
      severity: 'error',
      confidence: 'C',
      expr: 'student_teacher_ratio <= 18',
      indicator: 'student_teacher_ratio',
      reference: 18,
    },
    {
      id: 'cq.dual_teacher_rate_2027',
      kind: 'target',
      title: '“双师型”教师比例 2027 年达到 70%',
      severity: 'warning',
      confidence: 'P',
      expr: 'dual_teacher_rate >= 70',
      indicator: 'dual_teacher_rate',
      reference: 70,
      deadline: 2027,
    },
    {
      id: 'no.reference',
      kind: 'threshold',
      title: '无参考值',
      severity: 'info',
      confidence: 'U',
      expr: 'teachers_fulltime > 0',
      indicator: 'teachers_fulltime',
    },
  ],
});

const at = '2025-01-01T00:00:00Z';
const v = (indicatorId: string, year: number, value: number | null): IndicatorValue => ({
  indicatorId,
  year,
  value,
  note: '',
  source: '',
  updatedAt: at,
});

export const ws: Pick<Workspace, 'values' | 'profile'> = {
  profile: {
    name: '重庆示范职业技术学院',
    code: '',
    level: '高职',
    category: '工科',
    region: '重庆市',
    reportYear: 2024,
  },
  values: [
    v('student_teacher_ratio', 2022, 17.2),
    v('student_teacher_ratio', 2023, 18.6),
    v('student_teacher_ratio', 2024, 16.85),
    v('dual_teacher_rate', 2022, 55.1),
    // 2023 is known to be missing: a gap, never 0
    v('dual_teacher_rate', 2023, null),
    v('dual_teacher_rate', 2024, 61.59),
    v('grad_placement_rate', 2023, 92.57),
    v('grad_placement_rate', 2024, 93.1),
    v('grad_income', 2022, 4000.85),
    v('grad_income', 2023, 4150),
    v('grad_income', 2024, 4322.5),
    v('teachers_fulltime', 2024, 420),
    v('tech_service_income', 2024, 1507.68),
    v('student_teacher_ratio', 2021, 19.9),
  ],
};

export function chartBlock(over: Partial<ChartBlockContent> = {}): ChartBlockContent {
  return {
    kind: 'chart',
    caption: '',
    chartType: 'bar',
    indicators: ['student_teacher_ratio'],
    years: [],
    source: '',
    ...over,
  };
}
