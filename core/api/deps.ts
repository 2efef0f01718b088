/**
 * The one place where the API binds the other parts of core/: framework registry, validation, the report model,
 * the docx writer with the Node chart renderer, the demo school and the image pipeline. Handlers and the report
 * job call these names only.
 */

import { buildDemoExport } from '../../seeds/demo/index';
import type { FrameworkSummary } from '../api';
import { renderChartPng } from '../charts/render-node';
import { type ProgressFn, writeReportDocx as writeDocx } from '../docx/write';
import { builtinFrameworks, getFramework } from '../framework/registry';
import type { Framework } from '../framework/schema';
import { type PreparedImage, prepareImage as prepareImageImpl } from '../images';
import type { FrameworkRef, Workspace, WorkspaceExport } from '../model';
import { buildReportModel as buildReportModelImpl } from '../report/build';
import type { ReportModel } from '../report/model';
import { buildDistrictReportModel, districtFrameworkFromId, isDistrictFrameworkId } from '../review/district';
import { validateWorkspace as validateImpl } from '../validate/engine';
import type { ValidationResult } from '../validate/types';

const districtFrameworks = new Map<string, Framework>();

/**
 * The workspace's framework (by id; the builtin registry holds one version per id). A saved district draft names
 * a derived framework (district--<高职 id>--<中职 id>), rebuilt from the two builtin ones (and kept, it is pure).
 */
export function loadFramework(ref: FrameworkRef): Framework {
  if (!isDistrictFrameworkId(ref.id)) return getFramework(ref.id);
  let fw = districtFrameworks.get(ref.id);
  if (!fw) {
    fw = districtFrameworkFromId(ref.id, getFramework);
    districtFrameworks.set(ref.id, fw);
  }
  return fw;
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

export function validateWorkspace(ws: Workspace, fw: Framework, opts: { year?: number } = {}): ValidationResult {
  return validateImpl(ws, fw, opts);
}

/** A district draft prints its own appendix (附表 1-x 高职, 2-x 中职); a school report the framework's. */
export function buildReportModel(ws: Workspace, fw: Framework, opts: { year?: number } = {}): ReportModel {
  if (isDistrictFrameworkId(fw.id)) return buildDistrictReportModel(ws, fw, opts.year);
  return buildReportModelImpl(ws, fw, opts);
}

/** The .docx bytes of a report model: photos from the workspace, charts drawn by the Node renderer. */
export function writeReportDocx(
  model: ReportModel,
  assetBytes: (id: string) => Buffer | Uint8Array,
  onProgress?: ProgressFn,
): Promise<Buffer> {
  return writeDocx(model, {
    assetBytes,
    // the caption is printed under the figure, so the picture carries no title of its own
    renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
    ...(onProgress ? { onProgress } : {}),
  });
}

/** The embedded demo school (seeds/demo), as a workspace export. */
export async function demoWorkspace(): Promise<WorkspaceExport> {
  return buildDemoExport();
}

export function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  return prepareImageImpl(bytes);
}
