/**
 * Switching a workspace to another framework: a newer builtin edition (the one-step upgrade) or a province's file
 * (`qar framework use`). Checked first, written in one go: the framework reference, the stored copy of a framework
 * from outside (with its sha256), the values of renamed indicators moved to their new ids, and the parts of the
 * new outline the workspace lacks added empty. Values the new framework has no place for stay in the file and are
 * listed (core/framework/upgrade.ts); nothing is deleted.
 */
import { QarError } from '../errors';
import { frameworkName } from '../framework/name';
import { builtinFrameworks } from '../framework/registry';
import { frameworkText, outlineOf, sha256Text, workspaceFramework } from '../framework/resolve';
import { type Framework, SCHOOL_KIND } from '../framework/schema';
import { describeUpgrade, planUpgrade, type UpgradePlan } from '../framework/upgrade';
import type { StoredFramework, Workspace } from '../model';
import { isDistrictFrameworkId } from '../review/district';
import type { WorkspaceSession } from '../service';

export interface SwitchPlan {
  next: Framework;
  /** the copy to store inside the workspace; undefined for a builtin framework */
  stored: StoredFramework | undefined;
  values: UpgradePlan;
  /** outline chapters the workspace lacks for its report year (added empty) */
  addChapters: { key: string; title: string; sections: { key: string; title: string }[]; index: number }[];
  /** Chinese lines for the CLI and the app */
  lines: string[];
}

/** Checks that `next` fits the workspace and plans the switch (nothing is written). */
export function planSwitch(
  ws: Workspace,
  next: Framework,
  opts: { sourceName?: string; now?: string } = {},
): SwitchPlan {
  if (isDistrictFrameworkId(ws.framework.id)) {
    throw new QarError('BAD_INPUT', '这是区域报告草稿，它的指标体系由各校的指标体系汇总生成，不能更换。');
  }
  let current: Framework | undefined;
  try {
    current = workspaceFramework(ws);
  } catch {
    current = undefined; // an unknown or damaged framework: the new one replaces it, values are mapped by id
  }
  const kind = current?.kind ?? SCHOOL_KIND;
  if (next.kind !== kind) {
    throw new QarError('BAD_INPUT', `「${next.id}」是${next.kind}的指标体系，本工作区是${kind}，不能使用。`);
  }
  const level = ws.profile.level === '职业本科' ? '高职' : ws.profile.level;
  if (next.kind === SCHOOL_KIND && next.level !== level) {
    throw new QarError(
      'BAD_INPUT',
      `「${next.id}」是${next.level}学校的指标体系，本校为${ws.profile.level}，不能使用。`,
    );
  }
  const builtin = builtinFrameworks().find((f) => f.id === next.id);
  let stored: StoredFramework | undefined;
  if (builtin) {
    if (frameworkText(builtin) !== frameworkText(next)) {
      throw new QarError(
        'FRAMEWORK',
        `指标框架编号「${next.id}」与程序内置的框架相同，但内容不同。请在框架信息中改用自己的编号（例如 cq-${next.edition.replace(/\D/g, '') || '2025'}-gaozhi）和版本后再发布。`,
      );
    }
  } else {
    const json = frameworkText(next);
    stored = {
      id: next.id,
      version: next.version,
      sha256: sha256Text(json),
      sourceName: (opts.sourceName ?? '').slice(0, 255),
      storedAt: opts.now ?? new Date().toISOString(),
      json,
    };
  }
  const values = planUpgrade(ws.values, current, next);

  // the new outline's parts the workspace lacks (by key), placed after the outline part before them
  const outline = outlineOf(next);
  const year = ws.profile.reportYear;
  const have = ws.chapters.filter((c) => c.year === year).sort((a, b) => a.order - b.order);
  const keys = have.map((c) => c.key);
  const parts = [{ ...outline.preface, sections: [] as { key: string; title: string }[] }, ...outline.chapters];
  const addChapters: SwitchPlan['addChapters'] = [];
  parts.forEach((oc, oi) => {
    if (keys.includes(oc.key)) return;
    const before = new Set(parts.slice(0, oi).map((p) => p.key));
    let index = 0;
    keys.forEach((k, i) => {
      if (before.has(k)) index = i + 1;
    });
    keys.splice(index, 0, oc.key);
    addChapters.push({ key: oc.key, title: oc.title, sections: oc.sections, index });
  });

  const lines = describeUpgrade(values);
  lines[0] = `指标体系：${current ? frameworkName(current) : `「${ws.framework.id}」（本程序不认识）`} → ${frameworkName(next)}。`;
  lines.push(
    stored
      ? `框架保存在工作区中（来自「${stored.sourceName || next.title}」，sha256 ${stored.sha256.slice(0, 12)}…），审阅时按它校验。`
      : '使用程序内置的框架。',
  );
  if (addChapters.length > 0)
    lines.push(`新提纲增加的部分已加入报告（空白）：${addChapters.map((c) => c.title).join('、')}。`);
  return { next, stored, values, addChapters, lines };
}

/** Applies a planned switch to an open read-write workspace. */
export function applySwitch(session: WorkspaceSession, plan: SwitchPlan): void {
  const store = session.store;
  store.switchFramework({ id: plan.next.id, version: plan.next.version }, plan.stored, plan.values.moves);
  const year = store.getProfile().reportYear;
  for (const c of plan.addChapters) {
    const ch = store.createChapter({ year, key: c.key, title: c.title }, c.index);
    for (const s of c.sections) store.createSection(ch.id, { key: s.key, title: s.title });
  }
}
