/**
 * Next year's workspace from last year's, as a plan (pure; written by core/workspace/next-year-file.ts):
 *  - the profile (report year moved on) and the edition of the new year (its framework and outline);
 *  - the years the report compares (Y-2, Y-1, Y) with last year's values of Y-2 and Y-1, mapped to the new
 *    framework's ids (core/framework/upgrade.ts); values of older years, or without a place in the new framework,
 *    are listed as not carried (they stay in last year's file);
 *  - the outline: last year's chapters and sections (titles, order, the school's own additions), not their text,
 *    plus any part the new outline adds;
 *  - last year's text of each part as read-only reference beside it, the case titles into the library, and on
 *    request the photos of last year's report;
 *  - where it came from (file name, sha256, school, year).
 */
import { randomUUID } from 'node:crypto';
import type { EditionChoice } from '../framework/editions';
import type { Framework } from '../framework/schema';
import { planUpgrade, type UnmappedValue } from '../framework/upgrade';
import type {
  Block,
  CaseTitle,
  Chapter,
  IndicatorValue,
  ReferenceItem,
  ReferenceText,
  ReportYearInfo,
  SchoolProfile,
  Workspace,
  WorkspaceOrigin,
} from '../model';

export interface NextYearSource {
  ws: Workspace;
  /** the framework last year's workspace follows (undefined when this program does not know it) */
  framework: Framework | undefined;
  fileName: string;
  sha256: string;
}

export interface PlannedChapter {
  /** the id the chapter gets in the new file */
  id: string;
  key: string;
  title: string;
  sections: { id: string; key: string; title: string }[];
  /** true when the new outline added it (it was not in last year's report) */
  fromOutline: boolean;
}

export interface NextYearPlan {
  profile: SchoolProfile;
  choice: EditionChoice;
  years: ReportYearInfo[];
  values: IndicatorValue[];
  /** last year's values not carried, with the reason */
  notCarried: (
    | UnmappedValue
    | { year: number; indicatorId: string; value: number | null; name: string; reason: string }
  )[];
  chapters: PlannedChapter[];
  references: ReferenceText[];
  caseTitles: CaseTitle[];
  /** asset ids of last year's report photos to copy (empty unless asked) */
  photos: string[];
  origin: WorkspaceOrigin;
}

function sortByOrder<T extends { order: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.order - b.order);
}

/** A block as reference: what was written, in reading order. */
function referenceItem(b: Block, photos: ReadonlySet<string>): ReferenceItem[] {
  const c = b.content;
  switch (c.kind) {
    case 'paragraph':
      return [{ kind: 'paragraph', title: c.lead, text: c.text }];
    case 'case': {
      const out: ReferenceItem[] = [{ kind: 'case', title: c.title, text: c.body }];
      for (const p of c.photos) {
        out.push({
          kind: 'photo',
          title: p.caption,
          text: '',
          ...(photos.has(p.assetId) ? { assetId: p.assetId } : {}),
        });
      }
      return out;
    }
    case 'photo':
      return [{ kind: 'photo', title: c.caption, text: '', ...(photos.has(c.assetId) ? { assetId: c.assetId } : {}) }];
    case 'chart':
      return [{ kind: 'chart', title: c.caption, text: c.source ? `数据来源：${c.source}` : '' }];
    case 'table':
      return [
        {
          kind: 'table',
          title: c.caption,
          text: [c.columns.join('\t'), ...c.rows.map((r) => r.join('\t'))].join('\n'),
        },
      ];
    case 'challenge':
      return [
        {
          kind: 'challenge',
          title: c.title,
          text: [c.problems && `问题表现：${c.problems}`, c.plans && `下一步打算：${c.plans}`]
            .filter(Boolean)
            .join('\n'),
        },
      ];
  }
}

function photoIdsOf(blocks: readonly Block[]): string[] {
  const ids: string[] = [];
  for (const b of blocks) {
    if (b.content.kind === 'photo') ids.push(b.content.assetId);
    if (b.content.kind === 'case') ids.push(...b.content.photos.map((p) => p.assetId));
  }
  return [...new Set(ids)];
}

/** The new workspace, planned from last year's (never touched: `source.ws` is a snapshot). */
export function planNextYear(
  source: NextYearSource,
  opts: { year: number; choice: EditionChoice; withPhotos: boolean; now: string; newId?: () => string },
): NextYearPlan {
  const newId = opts.newId ?? randomUUID;
  const { ws } = source;
  const last = ws.profile.reportYear;
  const year = opts.year;
  const fw = opts.choice.framework;
  const outline = opts.choice.outline;

  // years the report compares, with last year's facts about them (graduates, notes)
  const span = [year - 2, year - 1, year];
  const years = span.map((y) => ws.years.find((i) => i.year === y) ?? { year: y, hasGraduates: true, note: '' });

  // values of the two earlier years, mapped to the new framework; the rest is said, not dropped silently
  const carriedYears = new Set([year - 2, year - 1]);
  const earlier = ws.values.filter((v) => carriedYears.has(v.year));
  const plan = planUpgrade(earlier, source.framework, fw);
  const moved = new Map(plan.moves.map((m) => [`${m.year}|${m.from}`, m.to]));
  const unmapped = new Set(plan.unmapped.map((u) => `${u.year}|${u.indicatorId}`));
  const values: IndicatorValue[] = [];
  for (const v of earlier) {
    const k = `${v.year}|${v.indicatorId}`;
    if (unmapped.has(k)) continue;
    values.push({ ...v, indicatorId: moved.get(k) ?? v.indicatorId });
  }
  const oldName = new Map<string, string>();
  for (const t of source.framework?.tables ?? []) for (const i of t.indicators) oldName.set(i.id, i.name);
  const notCarried: NextYearPlan['notCarried'] = [...plan.unmapped];
  const older = ws.values.filter((v) => v.year < year - 2);
  for (const v of older) {
    notCarried.push({
      year: v.year,
      indicatorId: v.indicatorId,
      value: v.value,
      name: oldName.get(v.indicatorId) ?? '',
      reason: `新报告只比较 ${year - 2}–${year} 三年`,
    });
  }

  // the outline: last year's chapters and sections (no text), plus the parts the new outline adds
  const lastChapters = sortByOrder(ws.chapters.filter((c) => c.year === last));
  const sectionsOf = (c: Chapter) => sortByOrder(ws.sections.filter((s) => s.chapterId === c.id));
  const chapters: PlannedChapter[] = [];
  const sectionIdOf = new Map<string, string>(); // old section id -> new
  const chapterIdOf = new Map<string, string>();
  for (const c of lastChapters) {
    const id = newId();
    chapterIdOf.set(c.id, id);
    const sections = sectionsOf(c).map((s) => {
      const sid = newId();
      sectionIdOf.set(s.id, sid);
      return { id: sid, key: s.key, title: s.title };
    });
    chapters.push({ id, key: c.key, title: c.title, sections, fromOutline: false });
  }
  const outlineParts = [{ ...outline.preface, sections: [] as { key: string; title: string }[] }, ...outline.chapters];
  outlineParts.forEach((oc, oi) => {
    const have = chapters.find((c) => c.key === oc.key);
    if (have) {
      for (const s of oc.sections) {
        if (!have.sections.some((x) => x.key === s.key))
          have.sections.push({ id: newId(), key: s.key, title: s.title });
      }
      return;
    }
    // place it after the outline part that precedes it (or first)
    const prevKeys = outlineParts.slice(0, oi).map((p) => p.key);
    let at = 0;
    chapters.forEach((c, ci) => {
      if (prevKeys.includes(c.key)) at = ci + 1;
    });
    chapters.splice(at, 0, {
      id: newId(),
      key: oc.key,
      title: oc.title,
      sections: oc.sections.map((s) => ({ id: newId(), key: s.key, title: s.title })),
      fromOutline: true,
    });
  });

  // last year's text beside the part it belongs to; photos only on request
  const lastSectionIds = new Set(ws.sections.filter((s) => chapterIdOf.has(s.chapterId)).map((s) => s.id));
  const lastBlocks = ws.blocks.filter((b) => lastSectionIds.has(b.sectionId));
  const knownAssets = new Set(ws.assets.map((a) => a.id));
  const photos = opts.withPhotos ? photoIdsOf(lastBlocks).filter((id) => knownAssets.has(id)) : [];
  const photoSet = new Set(photos);
  const references: ReferenceText[] = [];
  for (const c of lastChapters) {
    const chapterId = chapterIdOf.get(c.id) ?? null;
    if (c.intro.trim()) {
      references.push({
        id: newId(),
        year: last,
        chapterKey: c.key,
        chapterTitle: c.title,
        sectionKey: '',
        sectionTitle: '',
        chapterId,
        sectionId: null,
        order: references.length,
        items: [{ kind: 'intro', title: '章首概述', text: c.intro }],
      });
    }
    for (const s of sectionsOf(c)) {
      const blocks = sortByOrder(lastBlocks.filter((b) => b.sectionId === s.id));
      const items = blocks.flatMap((b) => referenceItem(b, photoSet));
      if (items.length === 0) continue;
      references.push({
        id: newId(),
        year: last,
        chapterKey: c.key,
        chapterTitle: c.title,
        sectionKey: s.key,
        sectionTitle: s.title,
        chapterId,
        sectionId: sectionIdOf.get(s.id) ?? null,
        order: references.length,
        items,
      });
    }
  }

  // the case titles: the library so far plus last year's cases
  const caseTitles: CaseTitle[] = [...(ws.caseLibrary ?? [])];
  for (const c of lastChapters) {
    for (const s of sectionsOf(c)) {
      for (const b of sortByOrder(lastBlocks.filter((x) => x.sectionId === s.id))) {
        if (b.content.kind === 'case' && b.content.title.trim()) {
          caseTitles.push({ year: last, chapterKey: c.key, sectionKey: s.key, title: b.content.title.trim() });
        }
      }
    }
  }

  return {
    profile: { ...ws.profile, reportYear: year },
    choice: opts.choice,
    years,
    values,
    notCarried,
    chapters,
    references,
    caseTitles,
    photos,
    origin: {
      fileName: source.fileName,
      sha256: source.sha256,
      school: ws.profile.name,
      year: last,
      createdAt: opts.now,
    },
  };
}

/** The plan in Chinese lines, for the CLI and the app. */
export function describeNextYear(plan: NextYearPlan): string[] {
  const earlier = [...new Set(plan.values.map((v) => v.year))].sort();
  // the two years before the new report year are the ones carried (planNextYear)
  const carriable = plan.years
    .slice(0, -1)
    .map((y) => `${y.year}年`)
    .join('、');
  const data = earlier.length
    ? `带入 ${earlier.map((y) => `${y}年`).join('、')}的数据 ${plan.values.length} 项`
    : `上一年度文件中没有 ${carriable}的数据，未带入数据`;
  const lines = [
    plan.choice.note,
    `${data}；报告提纲 ${plan.chapters.length} 章（上一年度的正文不带入，作为参考显示在撰写页右侧）。`,
    `参考文字 ${plan.references.length} 段，案例标题库 ${plan.caseTitles.length} 条，照片 ${plan.photos.length} 张。`,
  ];
  const added = plan.chapters.filter((c) => c.fromOutline);
  if (added.length > 0) lines.push(`新年度提纲增加的部分：${added.map((c) => c.title).join('、')}。`);
  if (plan.notCarried.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const n of plan.notCarried) {
      const list = byReason.get(n.reason) ?? [];
      list.push(`${n.year}年${n.name || n.indicatorId}`);
      byReason.set(n.reason, list);
    }
    lines.push(`未带入 ${plan.notCarried.length} 项数据（仍保存在上一年度文件中）：`);
    for (const [reason, items] of byReason) {
      // older years are counted; values without a place in the new framework are each named
      const older = reason.startsWith('新报告只比较');
      lines.push(older ? `  ${reason}：${items.length} 项` : `  ${reason}：${items.join('、')}`);
    }
  }
  return lines;
}
