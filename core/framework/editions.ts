/**
 * Which edition a report year uses: the builtin framework and outline of a report kind whose edition matches the
 * year (2025 → 2025年度), else the newest earlier one, said in one Chinese line so the user knows. And, for a
 * workspace already on an older edition, the newer builtin edition it could be upgraded to.
 */
import { QarError } from '../errors';
import type { SchoolLevel } from '../model';
import type { Outline } from '../report/outline';
import { outlineFor } from '../report/outlines';
import { frameworkName } from './name';
import { editionYearOf, frameworksOfKind } from './registry';
import { type Framework, SCHOOL_KIND } from './schema';

export interface EditionChoice {
  kind: string;
  framework: Framework;
  outline: Outline;
  /** the framework's edition is the report year's own */
  exact: boolean;
  /** one Chinese line: what was chosen and why */
  note: string;
}

/**
 * frameworkName with the id last (what `--to` and `framework list` take), for the `qar framework` commands:
 * 《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1，编号 cn-2025-gaozhi）.
 */
export function describeFramework(fw: Pick<Framework, 'id' | 'edition' | 'version' | 'title'>): string {
  if (!fw.title.trim()) return `「${fw.id}」（${fw.edition}，版本 ${fw.version}）`;
  return `${frameworkName({ ...fw, title: fw.title.trim() }).slice(0, -1)}，编号 ${fw.id}）`;
}

/** The builtin edition for a report of `kind` for `year` by a school of `level`. */
export function pickEdition(opts: { level: SchoolLevel; year: number; kind?: string }): EditionChoice {
  const kind = opts.kind ?? SCHOOL_KIND;
  const all = frameworksOfKind(opts.level, kind);
  if (all.length === 0) {
    throw new QarError('NOT_FOUND', `没有「${kind}」的内置指标体系。`);
  }
  const notLater = all.filter((f) => editionYearOf(f.edition) <= opts.year);
  // a year before the first edition uses the first edition (said so); otherwise the newest not later than the year
  const framework = (notLater[0] ?? all[all.length - 1]) as Framework;
  const outline = outlineFor(framework);
  if (!outline.levels.includes(opts.level)) {
    throw new QarError(
      'BAD_INPUT',
      `${framework.edition}的「${kind}」只适用于${outline.levels.join('、')}学校，不适用于${opts.level}学校。`,
    );
  }
  const exact = editionYearOf(framework.edition) === opts.year;
  const what = `${kind === SCHOOL_KIND ? '' : `「${kind}」`}指标体系${frameworkName(framework)}`;
  const note = exact
    ? `按报告年度选用${what}。`
    : `没有 ${opts.year}年度的内置${kind === SCHOOL_KIND ? '' : `「${kind}」`}指标体系，选用${notLater[0] ? '最近的' : '最早的'} ${framework.edition}${what}；新的年度版本发布后可升级。`;
  return { kind, framework, outline, exact, note };
}

/**
 * A newer builtin edition of the same kind for a workspace whose framework's edition is older than its report
 * year (and not later than it), or undefined when the workspace is on the right edition already.
 */
export function newerEdition(current: Framework, level: SchoolLevel, reportYear: number): Framework | undefined {
  const have = editionYearOf(current.edition);
  if (have >= reportYear) return undefined;
  return frameworksOfKind(level, current.kind).find(
    (f) => editionYearOf(f.edition) > have && editionYearOf(f.edition) <= reportYear && f.id !== current.id,
  );
}
