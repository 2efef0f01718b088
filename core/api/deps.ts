/**
 * The one place where the API binds the other parts of core/: framework registry, validation, the report model,
 * the docx writer with the Node chart renderer, the demo school and the image pipeline. Handlers and the report
 * job call these names only.
 */

import { buildDemoExport } from '../../seeds/demo/index';
import type { FrameworkSummary } from '../api';
import { nodeDocxDeps } from '../docx/export';
import type { ChartExportMode } from '../docx/native-chart';
import type { ReportStyles } from '../docx/styles';
import { type ProgressFn, type TocPagesInfo, writeReportDocx as writeDocx } from '../docx/write';
import { builtinFrameworks } from '../framework/registry';
import { frameworkOf, outlineOf } from '../framework/resolve';
import type { Framework } from '../framework/schema';
import { type PreparedImage, prepareImage as prepareImageImpl } from '../images';
import type { FrameworkRef, StoredFramework, Workspace, WorkspaceExport } from '../model';
import { buildReportModel as buildReportModelImpl } from '../report/build';
import type { ReportModel } from '../report/model';
import { buildDistrictReportModel, isDistrictFrameworkId } from '../review/district';
import { validateWorkspace as validateImpl } from '../validate/engine';
import type { ValidationResult } from '../validate/types';

/** The workspace's framework: its stored copy, builtin, or a district draft's derived one (core/framework/resolve). */
export function loadFramework(ref: FrameworkRef, stored?: StoredFramework): Framework {
  return frameworkOf(ref, stored);
}

export function listFrameworks(): FrameworkSummary[] {
  return builtinFrameworks().map((f) => ({
    id: f.id,
    version: f.version,
    edition: f.edition,
    level: f.level,
    title: f.title,
  }));
}

/** Validation against the framework and the outline it is written against (templates/outlines). */
export function validateWorkspace(ws: Workspace, fw: Framework, opts: { year?: number } = {}): ValidationResult {
  return validateImpl(ws, fw, { ...opts, outline: outlineOf(fw) });
}

/** A district draft prints its own appendix (附表 1-x 高职, 2-x 中职); a school report the framework's. */
export function buildReportModel(ws: Workspace, fw: Framework, opts: { year?: number } = {}): ReportModel {
  if (isDistrictFrameworkId(fw.id)) return buildDistrictReportModel(ws, fw, opts.year, outlineOf(fw));
  return buildReportModelImpl(ws, fw, { ...opts, outline: outlineOf(fw) });
}

/** The .docx bytes of a report model: photos from the workspace, charts native or drawn by the Node renderer. */
export function writeReportDocx(
  model: ReportModel,
  assetBytes: (id: string) => Buffer | Uint8Array,
  styles?: ReportStyles,
  onProgress?: ProgressFn,
  opts: {
    charts?: ChartExportMode;
    onTocPages?: (info: TocPagesInfo) => void;
    /** the hash of the bytes assetBytes gave (WorkspaceSession.checkedAssets): the export cache keys by it */
    assetSha256?: (id: string) => string | undefined;
  } = {},
): Promise<Buffer> {
  return writeDocx(model, {
    assetBytes,
    ...(opts.assetSha256 ? { assetSha256: opts.assetSha256 } : {}),
    ...(styles ? { styles } : {}),
    ...nodeDocxDeps(),
    ...(onProgress ? { onProgress } : {}),
    ...(opts.charts ? { charts: opts.charts } : {}),
    ...(opts.onTocPages ? { onTocPages: opts.onTocPages } : {}),
  });
}

/** The embedded demo school (seeds/demo), as a workspace export. */
export async function demoWorkspace(): Promise<WorkspaceExport> {
  return buildDemoExport();
}

export function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  return prepareImageImpl(bytes);
}
