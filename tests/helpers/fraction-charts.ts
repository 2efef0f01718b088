/**
 * A real .qar (2026 中职 edition) whose charts hold a series with one value the school typed with a fraction beside
 * whole ones (校舍建筑面积 12000 → 12800.55 平方米, as a bar, a line, and the lower of two lines), an all-whole series
 * (校园占地面积 12500 → 12600) a percent series (巩固率 96 → 97.5) and a ratio (生师比 15.00:1 → 14.37:1): every value label
 * must print what the 附表 prints.
 * Built through the project's own API (createWorkspace, openWorkspace, setValues, createBlock).
 */
import { join } from 'node:path';
import { getFramework } from '../../core/framework/registry';
import { openWorkspace } from '../../core/service';
import { createWorkspace } from '../../core/workspace-io';

export const FRACTION_CHART_YEARS = [2025, 2026] as const;

/** The values typed for 2025 and 2026. */
export const FRACTION_VALUES: Record<string, [number, number]> = {
  building_area: [12000, 12800.55],
  land_area: [12500, 12600],
  retention_rate: [96, 97.5],
  // 生师比 = students_fulltime / teachers_fulltime: 15.00:1 and 14.37:1
  students_fulltime: [3210, 3305],
  teachers_fulltime: [214, 230],
};

/**
 * The chart blocks, in report order. In the two-line chart each line is the lower one at one year, labelled below
 * its point there: the whole 12000 below its point has both its own position and its own number format.
 */
export const FRACTION_CHARTS: { caption: string; chartType: 'bar' | 'line'; indicators: string[] }[] = [
  { caption: '校舍建筑面积', chartType: 'bar', indicators: ['building_area'] },
  { caption: '校舍建筑面积变化', chartType: 'line', indicators: ['building_area'] },
  { caption: '校园占地面积', chartType: 'bar', indicators: ['land_area'] },
  { caption: '巩固率', chartType: 'line', indicators: ['retention_rate'] },
  { caption: '校园与校舍面积', chartType: 'line', indicators: ['land_area', 'building_area'] },
  { caption: '生师比', chartType: 'bar', indicators: ['student_teacher_ratio'] },
];

/** An empty 2026 中职 workspace at `dir/name.qar` (重庆, 工科) and its framework. */
function newZhongzhi2026(dir: string, name: string) {
  const path = join(dir, `${name}.qar`);
  const fw = getFramework('cn-2026-zhongzhi');
  createWorkspace(path, {
    profile: { name, code: '', level: '中职', category: '工科', region: '重庆市', reportYear: 2026 },
    framework: { id: fw.id, version: fw.version },
  });
  return { path, fw };
}

/** Creates the workspace at `dir/name.qar` and returns its path. */
export async function buildFractionChartsQar(dir: string, name = '图表标签测试学校'): Promise<string> {
  const { path } = newZhongzhi2026(dir, name);
  const s = await openWorkspace(path);
  try {
    s.setValues(
      Object.entries(FRACTION_VALUES).flatMap(([indicatorId, [a, b]]) => [
        { year: 2025, indicatorId, value: a },
        { year: 2026, indicatorId, value: b },
      ]),
      'manual',
    );
    const section = s.getWorkspace().sections[0]!;
    for (const { caption, chartType, indicators } of FRACTION_CHARTS)
      s.createBlock(section.id, {
        kind: 'chart',
        caption,
        chartType,
        indicators,
        years: [...FRACTION_CHART_YEARS],
        source: '学校统计',
      });
  } finally {
    s.close();
  }
  return path;
}

/**
 * A real .qar whose bar chart of 全日制国（境）外留学生人数 has 3 in 2025 and, in 2026, no value: the school marked it
 * 「不适用」 (本校未招收留学生), which the 附表 and the text print as 不适用.
 */
export async function buildNotApplicableChartQar(dir: string, name = '不适用图表测试学校'): Promise<string> {
  const { path, fw } = newZhongzhi2026(dir, name);
  const s = await openWorkspace(path);
  try {
    s.setValues(
      [
        { year: 2025, indicatorId: 'intl_students', value: 3 },
        { year: 2026, indicatorId: 'intl_students', value: null, notApplicable: true, note: '本校未招收留学生' },
      ],
      'manual',
      fw,
    );
    s.createBlock(s.getWorkspace().sections[0]!.id, {
      kind: 'chart',
      caption: '留学生人数',
      chartType: 'bar',
      indicators: ['intl_students'],
      years: [...FRACTION_CHART_YEARS],
      source: '学校统计',
    });
  } finally {
    s.close();
  }
  return path;
}
