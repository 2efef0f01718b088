/**
 * Handlers of the district reviewer's methods (core/api/review-contract.ts), registered by core/api-handlers.ts.
 *
 * State per handler table (one window / host): the last review (its summary, for 导出审核汇总: the schools'
 * rows, findings and aggregates, not their workspaces) and the reviewer's open review file. Schools' .qar files are only ever opened read-only (through
 * core/review/load.ts); the reviewer's comments go into the review file, which is written after every change
 * (atomically, so a crash never leaves half a file).
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from '../errors';
import type { Framework } from '../framework/schema';
import { writeAtomically } from '../fs/atomic';
import { CommentTarget } from '../model';
import type { ReviewLevel } from '../review/aggregate';
import type { PlaceSource } from '../review/comment-places';
import {
  addReviewComment,
  createReviewFile,
  exportSchoolComments,
  findSchool,
  MAX_REVIEW_FILE_BYTES,
  parseReviewFile,
  type ReviewFile,
  replyToComment,
  resolveReviewComment,
  reviewFileJson,
  sameSchool,
  upsertSchool,
} from '../review/comments';
import { COMMENTS_EXTENSIONS, commentsFileBytes, requireCommentsFormat } from '../review/comments-export';
import { districtFrameworks } from '../review/district';
import { buildDistrictFiles } from '../review/district-files';
import { expandInputs, loadOne } from '../review/load';
import { describeFrameworkUse, findingWhere, type ReviewSummary, summaryLine } from '../review/review';
import { reviewFiles } from '../review/review-files';
import { describeRules, REPORT_TABLE } from '../review/rule-info';
import { findingKey } from '../review/summary-docx';
import { writeSummary } from '../review/write-summary';
import { readSmallTextFile } from '../small-file';
import type { Finding } from '../validate/types';
import type { ApiHostContext } from './context';
import type { ApiHandlers } from './dispatch';
import type { ReviewFileState, ReviewRunOut } from './review-contract';

export type ReviewMethod =
  | 'review.pickInputs'
  | 'review.run'
  | 'review.exportSummary'
  | 'review.openFile'
  | 'review.saveFile'
  | 'review.addComment'
  | 'review.replyComment'
  | 'review.resolveComment'
  | 'review.exportComments'
  | 'district.build';

function readReviewFile(path: string): ReviewFile {
  return parseReviewFile(readSmallTextFile(path, MAX_REVIEW_FILE_BYTES, '审核意见'));
}

/** What a comment on this finding points at in the school's workspace: the cell, the block, else the finding. */
export function findingTarget(f: Finding): CommentTarget {
  const l = f.location;
  const candidate =
    l.type === 'cell'
      ? { type: 'cell', tableId: l.tableId, indicatorId: l.indicatorId, year: l.year }
      : l.type === 'block' && l.blockId
        ? { type: 'block', blockId: l.blockId }
        : { type: 'finding', ruleId: f.ruleId.slice(0, 100), key: (f.key ?? '').slice(0, 200) };
  const r = CommentTarget.safeParse(candidate);
  return r.success ? r.data : { type: 'finding', ruleId: f.ruleId.slice(0, 100), key: '' };
}

/**
 * One framework per level: where rule kinds, citations and table names come from. When a level's schools used
 * different frameworks or versions, the one its aggregates were computed with (the majority's), else the first.
 */
function levelFrameworks(s: ReviewSummary): Partial<Record<ReviewLevel, Framework>> {
  const out: Partial<Record<ReviewLevel, Framework>> = districtFrameworks(s.schools, s.aggregates);
  for (const x of s.schools) out[x.level] ??= x.fw;
  return out;
}

function ruleTables(fws: Partial<Record<ReviewLevel, Framework>>): ReviewRunOut['ruleTables'] {
  const seen = new Map<string, string>();
  for (const fw of [fws.高职, fws.中职]) {
    for (const t of [...(fw?.tables ?? [])].sort((a, b) => a.order - b.order))
      if (!seen.has(t.id)) seen.set(t.id, t.name);
  }
  return [...[...seen].map(([id, name]) => ({ id, name })), { ...REPORT_TABLE }];
}

/** The summary without the workspaces and frameworks: what the renderer draws. */
export function reviewRunOut(s: ReviewSummary): ReviewRunOut {
  const titles = new Map(s.matrix.rules.map((r) => [r.id, r.title]));
  const frameworks = levelFrameworks(s);
  const rules = describeRules(s.matrix.rules, frameworks);
  const schoolIndexOf = new Map(s.schools.map((x, i) => [x, i]));
  const findings: ReviewRunOut['findings'] = [];
  for (const x of s.schools) {
    const schoolIndex = schoolIndexOf.get(x) as number;
    // the workbook's and the Word summary's list (core/review/summary-docx.ts uniqueFindings): a repeat counts once
    const seen = new Set<string>();
    for (const f of x.result.findings) {
      const where = findingWhere(f, x.places);
      const key = findingKey(f.ruleId, where, f.message);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        schoolIndex,
        severity: f.severity,
        state: f.unconfirmed ? '待核实' : f.status === 'progress' ? '进展' : '未通过',
        ruleId: f.ruleId,
        ruleTitle: titles.get(f.ruleId) ?? f.ruleId,
        where,
        message: f.message,
        citation: f.citation?.text ?? '',
        hint: f.hint,
        target: findingTarget(f),
      });
    }
  }
  return {
    year: s.year,
    years: s.years,
    createdAt: s.createdAt,
    line: summaryLine(s),
    files: s.files.map((f) => ({
      path: f.path,
      name: basename(f.path),
      status: f.status,
      reason: f.reason,
      sha256Before: f.sha256Before,
      sha256After: f.sha256After,
      ...(f.school
        ? { school: { name: f.school.name, code: f.school.code, level: f.school.level, region: f.school.region } }
        : {}),
      ...(f.year !== undefined ? { year: f.year } : {}),
      ...(f.frameworkUse ? { framework: describeFrameworkUse(f.frameworkUse) } : {}),
    })),
    schools: s.schools.map((x) => ({
      fileIndex: x.fileIndex,
      name: x.name,
      code: x.code,
      level: x.level,
      year: x.year,
      path: s.files[x.fileIndex]?.path ?? '',
      sha256: s.files[x.fileIndex]?.sha256Before ?? '',
      summary: x.result.summary,
    })),
    rules: rules.map((r) => ({
      id: r.id,
      title: r.title,
      levels: r.levels,
      group: r.group,
      kindLabel: r.kindLabel,
      severity: r.severity,
      short: r.short,
      tables: r.tables,
      citation: r.citation,
      unconfirmed: r.unconfirmed,
    })),
    ruleTables: ruleTables(frameworks),
    rows: s.matrix.rows.map((r) => ({ cells: r.cells, counts: r.counts })),
    ruleCounts: s.matrix.ruleCounts,
    aggregates: (['高职', '中职'] as const).flatMap((level) => {
      const a = s.aggregates[level];
      if (!a) return [];
      return [
        {
          level,
          frameworkId: a.frameworkId,
          frameworkTitle: a.frameworkTitle,
          schoolCount: a.schoolCount,
          years: a.years,
          rows: a.rows.map((r) => ({
            tableId: r.tableId,
            tableName: r.tableName,
            indicatorId: r.indicatorId,
            name: r.name,
            unit: r.unit,
            type: r.type,
            decimals: r.decimals,
            indent: r.indent,
            method: r.method,
            methodText: r.methodText,
            values: a.years.map((y) => r.values[y] ?? null),
            contributing: a.years.map((y) => r.contributing[y] ?? 0),
            excluded: a.years.map((y) => r.excludedCount[y] ?? 0),
            withheld: a.years.map((y) => r.withheld[y] ?? ''),
            notApplicable: a.years.map((y) => r.notApplicable[y] ?? 0),
          })),
          excluded: a.excluded,
        },
      ];
    }),
    totals: s.totals.map((t) => ({
      indicatorId: t.indicatorId,
      name: t.name,
      unit: t.unit,
      decimals: t.decimals,
      seed: t.seed,
      basis: t.basis,
      values: s.years.map((y) => t.values[y] ?? null),
      levels: s.years.map((y) => t.levels[y] ?? []),
    })),
    findings,
    // the app shows them as 「注意：」 lines above the file list
    frameworkWarnings: [...s.yearWarnings, ...s.frameworkWarnings, ...s.caseWarnings],
  };
}

export function createReviewHandlers(
  ctx: Pick<ApiHostContext, 'pickOpenMany' | 'paths'>,
): Pick<ApiHandlers, ReviewMethod> {
  let last: ReviewSummary | null = null;
  let open: { path: string; file: ReviewFile } | null = null;

  const state = (): ReviewFileState => {
    const o = requireOpen();
    return { path: o.path, file: o.file };
  };
  const requireOpen = () => {
    if (!open) throw new QarError('NOT_FOUND', '还没有打开审核意见文件，请先选择它的保存位置。');
    return open;
  };
  /** Every school of the last review is known to the review file (name, code, the reviewed file's sha256). */
  const withReviewedSchools = (rf: ReviewFile): ReviewFile => {
    let next = rf;
    for (const x of last?.schools ?? []) {
      const f = last?.files[x.fileIndex];
      const known = next.schools.find((s) => (x.code ? s.school.code === x.code : s.school.name === x.name));
      if (known && known.file.sha256 === (f?.sha256Before ?? '') && known.file.path === (f?.path ?? '')) continue;
      next = upsertSchool(
        next,
        { name: x.name, code: x.code, level: x.schoolLevel },
        { path: f?.path ?? '', sha256: f?.sha256Before ?? '' },
      );
    }
    return next;
  };
  const commit = (file: ReviewFile, path = requireOpen().path): ReviewFileState => {
    writeAtomically(path, reviewFileJson(file));
    open = { path, file };
    return state();
  };
  /** schools' files or folders: read only (a folder: the .qar files directly inside it) */
  const inputs = (paths: readonly string[]) => paths.map((p) => ctx.paths.check(p, { folder: true }));
  const writable = (path: string, ext: string | readonly string[], what: string) =>
    ctx.paths.check(path, { write: true, ext, what });

  /**
   * Places in words come from the school's workspace as this review read it. The review keeps no workspace (its
   * memory stays flat over a province's schools), so the reviewed file is read again, read-only, and its places
   * are used only when it is still byte for byte the file reviewed (same sha256); otherwise they are named by ids.
   */
  const reviewedPlaces = async (school: { name: string; code: string }): Promise<PlaceSource> => {
    const x = last?.schools.find((s) => sameSchool(s, school));
    const reviewed = x ? last?.files[x.fileIndex] : undefined;
    if (!x || !reviewed) {
      return { note: '本次审核没有读取该校的工作区文件，位置按编号列出（先审核该校文件再导出，位置即以文字列出）。' };
    }
    const file = basename(reviewed.path);
    const again = await loadOne(reviewed.path);
    const known = { fw: x.fw, findings: x.result.findings };
    if (!again.ws || again.file.sha256Before !== reviewed.sha256Before) {
      const why = again.ws ? '在本次审核之后有改动' : '现在无法读取';
      return {
        ...known,
        note: `学校工作区文件「${file}」${why}，位置按编号列出（重新审核后再导出，位置即以文字列出）。`,
      };
    }
    return { ...known, ws: again.ws, note: `位置与原文摘录取自本次审核读取的学校工作区文件「${file}」。` };
  };

  const requireSummary = (): ReviewSummary => {
    if (!last) throw new QarError('NOT_FOUND', '还没有审核结果，请先选择学校文件并开始审核。');
    return last;
  };

  return {
    'review.pickInputs': async ({ kind }) => {
      if (!ctx.pickOpenMany) throw new QarError('BAD_INPUT', '这里没有文件选择对话框，请直接填写文件或文件夹路径。');
      return { paths: await ctx.pickOpenMany(kind) };
    },
    'review.run': async ({ paths, year }) => {
      // each school with its own framework, on worker threads (core/review/review-files.ts)
      last = await reviewFiles(expandInputs(inputs(paths)), year ? { year } : {});
      if (open) {
        const next = withReviewedSchools(open.file);
        if (next !== open.file) commit(next);
      }
      return reviewRunOut(last);
    },
    'review.exportSummary': async (input) => {
      const { name } = input;
      const path = writable(input.path, ['.xlsx', '.docx'], '审核汇总');
      const s = requireSummary();
      const started = Date.now();
      await writeSummary(s, path, name);
      return { path, bytes: statSync(path).size, ms: Date.now() - started };
    },
    'review.openFile': (input) => {
      const { reviewer } = input;
      // opening writes the file at once (a new one, or the reviewed schools added)
      const path = writable(input.path, '.json', '审核意见文件');
      let rf = existsSync(path) ? readReviewFile(path) : createReviewFile({ title: '质量年报审核意见' });
      if (reviewer && reviewer !== rf.reviewer) rf = { ...rf, reviewer };
      return commit(withReviewedSchools(rf), path);
    },
    'review.saveFile': (input) => {
      const o = requireOpen();
      const path = input.path ? writable(input.path, '.json', '审核意见文件') : o.path;
      return commit(o.file, path);
    },
    'review.addComment': ({ school, target, body, author }) => {
      const o = requireOpen();
      const r = addReviewComment(o.file, school, { target, body, ...(author ? { author } : {}) });
      return commit(r.file);
    },
    'review.replyComment': ({ school, parentId, body, author }) => {
      const o = requireOpen();
      const r = replyToComment(o.file, school, parentId, body, author ? { author } : {});
      return commit(r.file);
    },
    'review.resolveComment': ({ school, id, resolved }) =>
      commit(resolveReviewComment(requireOpen().file, school, id, resolved)),
    'review.exportComments': async (input) => {
      const { school } = input;
      const path = writable(input.path, COMMENTS_EXTENSIONS, '审核意见（批注）文件');
      const format = requireCommentsFormat(path);
      const started = Date.now();
      const rf = requireOpen().file;
      const cf = exportSchoolComments(rf, school);
      const bytes = await commentsFileBytes(cf, format, () => reviewedPlaces(findSchool(rf, school).school));
      writeAtomically(path, bytes);
      return { path, bytes: bytes.length, ms: Date.now() - started, count: cf.comments.length, format };
    },
    'district.build': async (input) => {
      const { year, name } = input;
      const out = writable(input.out, '.docx', '区域报告');
      const save = input.save ? writable(input.save, '.qar', '区域报告草稿工作区') : undefined;
      const r = await buildDistrictFiles({
        paths: inputs(input.paths),
        out,
        ...(year ? { year } : {}),
        ...(name ? { name } : {}),
        ...(save ? { save } : {}),
      });
      if (!r.written) {
        throw new QarError('BAD_INPUT', '没有一个文件可以使用（都已跳过，原因见文件清单），未生成区域报告。');
      }
      const { written: _written, ...files } = r;
      return files;
    },
  };
}
