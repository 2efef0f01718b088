/**
 * Which indicator a row label names, and which year a column header names: the matching the Excel import
 * (import.ts) does, shared with a block pasted from Excel into the grid (core/paste/grid.ts). Pure.
 *
 * A row is matched by 指标编号 first, else by 指标名称. Names are compared after NFKC folding and trimming, and
 * what a copied sheet adds around a name is tolerated: a leading 「其中：」, indentation, a trailing required mark
 * (*), and a trailing unit in brackets that is the indicator's own unit (「毕业生数（人）」). A name used twice in
 * a framework is ambiguous: it matches nothing on its own, and the candidates are returned so a caller can ask.
 */
import type { Framework, FrameworkTable, Indicator } from '../framework/schema';

export interface KnownIndicator {
  ind: Indicator;
  table: FrameworkTable;
}

export interface IndicatorIndex {
  byId: Map<string, KnownIndicator>;
  /** normalised name → every indicator with that name (more than one = ambiguous) */
  byName: Map<string, KnownIndicator[]>;
}

export type IndicatorMatch =
  | { kind: 'found'; known: KnownIndicator; by: 'id' | 'name' }
  | { kind: 'ambiguous'; candidates: KnownIndicator[] }
  | { kind: 'unknown' };

/** NFKC, no surrounding or inner-leading white space, no 「其中：」 prefix, no trailing required mark. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^其中\s*[:：]\s*/, '')
    .replace(/\s*\*+$/, '')
    .trim();
}

export function indexIndicators(fw: Pick<Framework, 'tables'>): IndicatorIndex {
  const byId = new Map<string, KnownIndicator>();
  const byName = new Map<string, KnownIndicator[]>();
  for (const table of fw.tables) {
    for (const ind of table.indicators) {
      const k = { ind, table };
      byId.set(ind.id, k);
      const n = normalizeLabel(ind.name);
      byName.set(n, [...(byName.get(n) ?? []), k]);
    }
  }
  return { byId, byName };
}

const TRAILING_UNIT = /\s*[(（]([^()（）]{1,10})[)）]$/;

function byName(index: IndicatorIndex, label: string): KnownIndicator[] {
  const n = normalizeLabel(label);
  if (!n) return [];
  const exact = index.byName.get(n);
  if (exact) return exact;
  // 「毕业生数（人）」: the name followed by its own unit
  const m = TRAILING_UNIT.exec(n);
  if (!m) return [];
  const unit = (m[1] ?? '').trim();
  return (index.byName.get(n.slice(0, m.index)) ?? []).filter((k) => k.ind.unit.normalize('NFKC') === unit);
}

/** The indicator a row names by its id and/or its label. An id that is present and known wins. */
export function matchIndicator(index: IndicatorIndex, row: { id?: string; label?: string }): IndicatorMatch {
  const id = row.id?.normalize('NFKC').trim().toLowerCase();
  const known = id ? index.byId.get(id) : undefined;
  if (known) return { kind: 'found', known, by: 'id' };
  const found = row.label ? byName(index, row.label) : [];
  if (found.length === 1 && found[0]) return { kind: 'found', known: found[0], by: 'name' };
  if (found.length > 1) return { kind: 'ambiguous', candidates: found };
  return { kind: 'unknown' };
}

/** Header words of a copied sheet's first row that are not years (our export's headers and common ones). */
export const LABEL_HEADERS: ReadonlySet<string> = new Set(['指标名称', '指标', '项目', '名称', '指标项']);
export const ID_HEADERS: ReadonlySet<string> = new Set(['指标编号', '编号', '指标代码']);
export const OTHER_HEADERS: ReadonlySet<string> = new Set(['单位', '备注', '序号', '说明', '数据来源', '计量单位']);
