/**
 * A resolved value in words, for cell titles, hints and the Excel export's notes: where the number comes from
 * (填写 / 按公式计算 / 填报值 / 无法计算) and, for a conflict, the two numbers.
 */
import type { Framework, Indicator } from '../framework/schema';
import type { ValueFramework } from './compile';
import type { CellRef, ResolvedValue } from './resolve';

/** "grad_placed / grad_total * 100" → "毕业去向落实人数 ÷ 毕业生数 × 100". */
export function readableFormula(formula: string, nameOf: (id: string) => string | undefined): string {
  return formula
    .replace(/[a-z][a-z0-9_]*/g, (id) => nameOf(id) ?? id)
    .replace(/\*/g, '×')
    .replace(/\//g, '÷')
    .replace(/\s+/g, ' ')
    .trim();
}

/** 「毕业生数」「协议和合同就业人数」 (with the year when another year is meant). */
export function partsText(vf: ValueFramework, parts: readonly CellRef[], year: number): string {
  return parts
    .map((p) => {
      const name = vf.byId.get(p.indicatorId)?.ind.name ?? p.indicatorId;
      return p.year === year ? `「${name}」` : `${p.year}年「${name}」`;
    })
    .join('、');
}

/**
 * One sentence on where the value comes from; `fmt` prints a number of the indicator (with its unit).
 * e.g. 「按公式计算：毕业去向落实人数 ÷ 毕业生数 × 100」, 「填报值：组成数据不全（缺少「毕业生数」），无法按公式计算」.
 */
export function explainValue(
  r: ResolvedValue,
  vf: ValueFramework,
  fmt: (v: number, ind: Indicator) => string = (v) => String(v),
): string {
  const vi = vf.byId.get(r.indicatorId);
  if (!vi || !r.derived) return r.origin === 'input' ? '填写的数据' : '未填写';
  const ind = vi.ind;
  const formula = readableFormula(ind.formula ?? '', (id) => vf.byId.get(id)?.ind.name);
  const why =
    r.blocked === 'parts'
      ? `组成数据不全（缺少${partsText(vf, r.missingParts, r.year)}）`
      : r.blocked === 'cycle'
        ? '公式循环引用'
        : '公式无法计算（除数为 0）';
  switch (r.origin) {
    case 'computed':
      return r.conflict && r.stored !== undefined && r.computed !== undefined
        ? `按公式计算为 ${fmt(r.computed, ind)}（${formula}），与填报值 ${fmt(r.stored, ind)} 不一致；表格、报告和校验都采用计算值，可点「按公式重新计算」改正填报值`
        : `按公式计算：${formula}`;
    case 'reported':
      return `填报值：${why}，无法按公式计算，使用填写的数值`;
    default:
      return `无法计算：${why}；可填写组成数据，或直接填写该值（作为填报值）`;
  }
}

/** The framework's indicator by id (for callers holding only a Framework). */
export function indicatorOf(fw: Framework, id: string): Indicator | undefined {
  for (const t of fw.tables) for (const i of t.indicators) if (i.id === id) return i;
  return undefined;
}
