import { describe, expect, it } from 'vitest';
import { autoWidths } from '../core/docx/content';

describe('body table column widths', () => {
  const total = 8800;
  const columns = ['序号', '赛项', '等级', '获奖学生'];
  const rows = [
    ['1', '全国职业院校技能大赛（高职组）工业网络智能控制与维护', '二等奖', '陈浩然、刘思远'],
    ['2', '重庆市职业院校技能大赛（高职组）智能财税', '三等奖', '邓雅婷、蒋雨萱、唐诗琪'],
  ];
  it('fills the text width exactly', () => {
    expect(autoWidths(total, columns, rows).reduce((a, b) => a + b, 0)).toBe(total);
  });
  it('gives short columns room for their whole text and the long column the most', () => {
    const [no, event, level, names] = autoWidths(total, columns, rows) as [number, number, number, number];
    expect(no).toBeGreaterThanOrEqual(2 * 220 + 240); // 序号 on one line
    expect(level).toBeGreaterThanOrEqual(3 * 220 + 240); // 二等奖 on one line
    expect(event).toBeGreaterThan(names);
    expect(event).toBeGreaterThan(no + level);
  });
  it('spreads a narrow table over the width in proportion', () => {
    const w = autoWidths(total, ['年份', '人数'], [['2024年', '3725']]);
    expect(w[0]! + w[1]!).toBe(total);
    expect(Math.abs(w[0]! - w[1]!)).toBeLessThan(total / 3);
  });
});
