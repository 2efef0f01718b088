/**
 * 生成区域报告草稿 as files: schools opened read-only, reviewed, aggregated, drafted as a workspace, printed to
 * .docx, optionally saved as a .qar to edit in the app. `qar district` and the API's district.build both call
 * this, so the two doors write the same draft.
 */
import { existsSync } from 'node:fs';
import { nodeDocxDeps, startPagePassEarly, stopPagePassEarly } from '../docx/export';
import { unmatchedCaseImagesWarning } from '../docx/unmatched-images';
import { writeReportDocx } from '../docx/write';
import { QarError } from '../errors';
import { outlineOf, resolveSchoolFramework } from '../framework/resolve';
import { writeAtomically } from '../fs/atomic';
import { outlineFor } from '../report/outlines';
import { writeExportAsWorkspace } from '../service';
import {
  buildDistrictDraft,
  buildDistrictReportModel,
  DISTRICT_KIND,
  districtFrameworks,
  districtNameOf,
} from './district';
import { expandInputs, type LoadedForReview, loadForReview } from './load';
import { reviewWorkspaces } from './review';

export interface DistrictBuildInput {
  /** files and folders, as given */
  paths: string[];
  out: string;
  year?: number;
  name?: string;
  save?: string;
}

export type DistrictFiles =
  | { written: false; skipped: { path: string; reason: string }[] }
  | {
      written: true;
      out: string;
      bytes: number;
      save: string | null;
      title: string;
      schools: number;
      charts: number;
      cases: number;
      appendixTables: number;
      skipped: { path: string; reason: string }[];
      ms: number;
      /** said when no name was given and the schools' regions differ or are missing: what the draft is named instead */
      nameNote?: string;
      /** schools of one level on different frameworks or versions (core/review/review.ts), as the review says */
      frameworkWarnings: string[];
    };

/** Each drafted school whose case photos differed from their recorded sha256 (core/review/load.ts), by name. */
function unmatchedImageWarnings(schools: readonly (LoadedForReview | undefined)[]): string[] {
  return schools.flatMap((l) =>
    l?.ws && l.unmatchedImages ? [unmatchedCaseImagesWarning(l.ws.profile.name, l.unmatchedImages)] : [],
  );
}

/** Builds and writes the draft; `written: false` (nothing written) when no input is a usable school. */
export async function buildDistrictFiles(input: DistrictBuildInput): Promise<DistrictFiles> {
  const started = Date.now();
  if (input.save && existsSync(input.save)) {
    throw new QarError('CONFLICT', '草稿工作区的保存位置已有同名文件，请换一个文件名（不会覆盖已有工作区）。');
  }
  // LibreOffice starts for the page pass while the schools are read and reviewed; the writer takes it
  startPagePassEarly();
  try {
    return await build(input, started);
  } finally {
    stopPagePassEarly(); // no draft written (no usable school, or a failure): nobody took it
  }
}

async function build(input: DistrictBuildInput, started: number): Promise<DistrictFiles> {
  const loaded = await loadForReview(expandInputs(input.paths), { caseImages: true });
  const summary = reviewWorkspaces(loaded, {
    ...(input.year ? { year: input.year } : {}),
    resolveFramework: resolveSchoolFramework,
    outlineOf,
  });
  const skipped = summary.files.filter((f) => f.status === 'skipped').map((f) => ({ path: f.path, reason: f.reason }));
  if (summary.schools.length === 0) return { written: false, skipped };
  // the frameworks the schools were aggregated with (a framework stored in their workspaces included), and the
  // 区域年报 outline of that edition (templates/outlines/district-*.json)
  const frameworks = districtFrameworks(summary.schools, summary.aggregates);
  const outline = outlineFor({ kind: DISTRICT_KIND, edition: (frameworks.高职 ?? frameworks.中职)?.edition ?? '' });
  // the schools' region when no name is given, or the regions they come from; never the first school's alone
  const given = input.name?.trim();
  const region = districtNameOf(summary.schools.map((s) => s.ws));
  const name = given || region?.name || '本地区';
  const nameNote =
    given || region?.shared
      ? undefined
      : region
        ? `未指定地区名称，各校所在地区不一致，报告按各校所在地区写作「${region.name}」；如需写作统一的名称，请指定地区名称（如 重庆市）后重新生成。`
        : '未指定地区名称，各校也都没有填写所在地区，报告中暂写作「本地区」；请指定地区名称（如 重庆市）后重新生成。';
  const draft = buildDistrictDraft(
    summary.schools.map((s) => {
      const assets = loaded[s.fileIndex]?.assets;
      return { ws: s.ws, ...(assets ? { assets } : {}) };
    }),
    {
      name,
      year: summary.year,
      aggregates: summary.aggregates,
      totals: summary.totals,
      frameworks,
      now: summary.createdAt,
      outline,
    },
  );
  const ws = draft.export;
  const model = buildDistrictReportModel(ws, draft.framework, summary.year, outline);
  const docx = await writeReportDocx(model, {
    assetBytes: (id) => Buffer.from(ws.assetData[id] ?? '', 'base64'),
    ...nodeDocxDeps(),
    // long tables (the 附表 of every indicator): their 续表 parts found in one layout (core/docx/write.ts)
    reserveCaptions: true,
  });
  writeAtomically(input.out, docx);
  if (input.save) writeExportAsWorkspace(ws, input.save);
  return {
    written: true,
    out: input.out,
    bytes: docx.length,
    save: input.save ?? null,
    title: model.meta.fullTitle,
    schools: summary.schools.length,
    charts: model.stats.charts,
    cases: draft.cases,
    ...(nameNote ? { nameNote } : {}),
    appendixTables: model.stats.appendixTables,
    skipped,
    frameworkWarnings: [
      ...summary.yearWarnings,
      ...summary.frameworkWarnings,
      ...summary.caseWarnings,
      ...unmatchedImageWarnings(summary.schools.map((s) => loaded[s.fileIndex])),
    ],
    ms: Date.now() - started,
  };
}
