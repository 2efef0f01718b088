/**
 * The one place where the API binds the other parts of core/: framework loading, validation, the report model,
 * the docx writer, the demo school and the image pipeline. Handlers and the report job call these names only,
 * so a part that is not built yet fails with one clear Chinese message instead of breaking the whole API.
 */
import type { FrameworkSummary } from '../api';
import { QarError } from '../errors';
import type { Framework } from '../framework/schema';
import { type PreparedImage, prepareImage as prepareImageImpl } from '../images';
import type { FrameworkRef, Workspace, WorkspaceExport } from '../model';
import { buildReportModel as buildReportModelImpl } from '../report/build';
import type { ReportModel } from '../report/model';
import type { ValidationResult } from '../validate/types';

function notReady(what: string): never {
  throw new QarError('NOT_FOUND', `${what}尚未就绪，请更新到完整版本后再试。`);
}

export function loadFramework(_ref: FrameworkRef): Framework {
  return notReady('指标体系');
}

export function listFrameworks(): FrameworkSummary[] {
  return [];
}

export function validateWorkspace(_ws: Workspace, _fw: Framework, _opts: { year?: number } = {}): ValidationResult {
  return notReady('校验功能');
}

export function buildReportModel(ws: Workspace, fw: Framework, opts: { year?: number } = {}): ReportModel {
  return buildReportModelImpl(ws, fw, opts);
}

export interface DocxAssets {
  bytes(id: string): Buffer;
}

/** Writes the report to `outPath`; returns the bytes written. */
export async function writeReportDocx(
  _model: ReportModel,
  _assets: DocxAssets,
  _outPath: string,
  _onProgress?: (stage: string, done: number, total: number) => void,
): Promise<number> {
  return notReady('Word 导出功能');
}

export function demoWorkspace(): WorkspaceExport {
  return notReady('示例学校');
}

export function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  return prepareImageImpl(bytes);
}
