/** Which parsed values actually differ from the workspace: what a dry run lists and what the import writes. Pure. */
import type { ValueChange } from '../../db/store';
import type { Framework } from '../framework/schema';
import type { Workspace } from '../model';

export interface PlannedChange {
  year: number;
  indicatorId: string;
  /** 指标名称 and its table, for messages */
  name: string;
  unit: string;
  tableName: string;
  oldValue: number | null;
  newValue: number | null;
}

/** The changes whose value differs from what is stored (absent and null count as the same, as in the store). */
export function planValueChanges(
  ws: Pick<Workspace, 'values'>,
  fw: Framework,
  changes: readonly ValueChange[],
): PlannedChange[] {
  const stored = new Map(ws.values.map((v) => [`${v.indicatorId}|${v.year}`, v.value]));
  const info = new Map(fw.tables.flatMap((t) => t.indicators.map((i) => [i.id, { ind: i, table: t }] as const)));
  const out: PlannedChange[] = [];
  for (const c of changes) {
    const oldValue = stored.get(`${c.indicatorId}|${c.year}`) ?? null;
    if (oldValue === c.value) continue;
    const k = info.get(c.indicatorId);
    out.push({
      year: c.year,
      indicatorId: c.indicatorId,
      name: k?.ind.name ?? c.indicatorId,
      unit: k?.ind.unit ?? '',
      tableName: k?.table.name ?? '',
      oldValue,
      newValue: c.value,
    });
  }
  return out;
}

/** 「教学资源表 · 生师比（2024年）：18.2 → 17.5」 */
export function describePlannedChange(p: PlannedChange): string {
  const show = (v: number | null) => (v === null ? '（空）' : `${v}${p.unit === '%' ? '%' : ''}`);
  const unit = p.unit && p.unit !== '%' ? ` ${p.unit}` : '';
  return `${p.tableName ? `${p.tableName} · ` : ''}${p.name}（${p.year}年）：${show(p.oldValue)} → ${show(p.newValue)}${unit}`;
}
