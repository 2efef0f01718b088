/**
 * What range a value of an indicator's type may take (percent 0–100, counts non-negative integers, other
 * amounts non-negative) and whether a part (其中) exceeds its whole. The validator's built-in type check and the
 * review aggregates ask here, so a value the checker calls impossible is the value the aggregate leaves out.
 */
import type { Indicator } from '../framework/schema';

/** The Chinese reason a value is outside its type's range; undefined when it is inside. */
export function rangeProblem(ind: Pick<Indicator, 'type'>, v: number): string | undefined {
  switch (ind.type) {
    case 'percent':
      return v < 0 || v > 100 ? '百分比应在 0～100 之间' : undefined;
    case 'count':
      if (v < 0) return '人数、个数等不能为负数';
      return Number.isInteger(v) ? undefined : '人数、个数等应为整数';
    case 'money':
      return v < 0 ? '金额不能为负数' : undefined;
    default:
      return v < 0 ? '不能为负数' : undefined;
  }
}

/**
 * A part can be larger than its whole only by mistake when both are additive amounts in the same unit
 * (人数, 学时, 万元 …). Shares (满意度 sub-items under an overall 满意度) carry no such bound.
 */
export function boundedByWhole(part: Pick<Indicator, 'type' | 'unit'>, whole: Pick<Indicator, 'type' | 'unit'>) {
  const additive = (i: Pick<Indicator, 'type'>) => i.type === 'count' || i.type === 'money' || i.type === 'number';
  return additive(part) && additive(whole) && part.unit === whole.unit;
}
