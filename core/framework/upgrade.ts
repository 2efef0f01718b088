/**
 * Moving a workspace's values from one framework to another (a newer edition, or a province's framework): each
 * stored value keeps its indicator when the new framework has the same id, follows a rename the new framework
 * declares (`renamed`: old id → new id), and otherwise stays stored exactly as it was, listed as "could not be
 * mapped" — nothing is deleted or silently dropped. Pure: the plan is applied by WorkspaceStore.switchFramework.
 */
import type { IndicatorValue } from '../model';
import { allIndicators, type Framework, type Indicator } from './schema';

/** One value moved to another indicator id (a renamed indicator). */
export interface ValueMove {
  year: number;
  from: string;
  to: string;
}

export interface UnmappedValue {
  year: number;
  indicatorId: string;
  value: number | null;
  /** the indicator's name in the old framework ('' when the old framework did not know it either) */
  name: string;
  /** why it could not be mapped, in Chinese */
  reason: string;
}

export interface UpgradePlan {
  from: Pick<Framework, 'id' | 'version' | 'edition' | 'title'>;
  to: Pick<Framework, 'id' | 'version' | 'edition' | 'title'>;
  /** values kept under the same indicator id */
  kept: number;
  /** values moved to a renamed id */
  moves: (ValueMove & { fromName: string; toName: string })[];
  /** values the new framework has no place for: they stay in the file, unshown */
  unmapped: UnmappedValue[];
  /** indicators new in the target framework (to fill in) */
  added: string[];
}

function head(fw: Framework): UpgradePlan['from'] {
  return { id: fw.id, version: fw.version, edition: fw.edition, title: fw.title };
}

/** Plans the move of `values` from `from` to `to` (from may be undefined when the old framework is unknown). */
export function planUpgrade(
  values: readonly IndicatorValue[],
  from: Framework | undefined,
  to: Framework,
): UpgradePlan {
  const target = new Map(allIndicators(to).map((i) => [i.id, i]));
  const old = new Map<string, Indicator>(from ? allIndicators(from).map((i) => [i.id, i]) : []);
  const occupied = new Set(values.filter((v) => target.has(v.indicatorId)).map((v) => `${v.year}|${v.indicatorId}`));
  const plan: UpgradePlan = {
    from: from ? head(from) : { id: '（未知）', version: '', edition: '', title: '' },
    to: head(to),
    kept: 0,
    moves: [],
    unmapped: [],
    added: allIndicators(to)
      .filter((i) => from && !old.has(i.id) && !Object.values(to.renamed).includes(i.id))
      .map((i) => i.name),
  };
  for (const v of values) {
    if (target.has(v.indicatorId)) {
      plan.kept++;
      continue;
    }
    const name = old.get(v.indicatorId)?.name ?? '';
    const renamedTo = to.renamed[v.indicatorId];
    const dest = renamedTo !== undefined ? target.get(renamedTo) : undefined;
    if (dest) {
      const key = `${v.year}|${dest.id}`;
      if (occupied.has(key)) {
        plan.unmapped.push({
          year: v.year,
          indicatorId: v.indicatorId,
          value: v.value,
          name,
          reason: `改名后的指标「${dest.name}」在 ${v.year} 年已有数值，未覆盖`,
        });
        continue;
      }
      occupied.add(key);
      plan.moves.push({
        year: v.year,
        from: v.indicatorId,
        to: dest.id,
        fromName: name || v.indicatorId,
        toName: dest.name,
      });
      continue;
    }
    plan.unmapped.push({
      year: v.year,
      indicatorId: v.indicatorId,
      value: v.value,
      name,
      reason: `新的指标体系中没有这项指标`,
    });
  }
  return plan;
}

/** The plan in Chinese lines: what stays, what moves, what could not be mapped (each value named). */
export function describeUpgrade(plan: UpgradePlan): string[] {
  const lines = [
    `指标体系：${plan.from.id}（${plan.from.edition || '未知年度'}${plan.from.version ? `，版本 ${plan.from.version}` : ''}）→ ${plan.to.id}（${plan.to.edition}，版本 ${plan.to.version}）。`,
    `保留 ${plan.kept} 项数据（指标编号相同）。`,
  ];
  if (plan.moves.length > 0) {
    lines.push(`改名后移到新编号 ${plan.moves.length} 项：`);
    for (const m of plan.moves) lines.push(`  ${m.year}年 ${m.fromName}（${m.from}）→ ${m.toName}（${m.to}）`);
  }
  if (plan.unmapped.length > 0) {
    lines.push(
      `未能对应 ${plan.unmapped.length} 项（仍保存在工作区文件中，不显示、不参与校验；换回原指标体系即可再看到）：`,
    );
    for (const u of plan.unmapped) {
      lines.push(
        `  ${u.year}年 ${u.name || u.indicatorId}（${u.indicatorId}）= ${u.value === null ? '无数据' : String(u.value)}：${u.reason}`,
      );
    }
  } else {
    lines.push('没有无法对应的数据。');
  }
  if (plan.added.length > 0) lines.push(`新增指标 ${plan.added.length} 项待填写：${plan.added.join('、')}。`);
  return lines;
}
