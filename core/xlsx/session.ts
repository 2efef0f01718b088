/**
 * Excel import/export of an open workspace: what the CLI and the API call. The import is all or nothing:
 * values are written (one transaction, change-log rows marked 'import') only when the workbook has no problems.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { SetValuesResult } from '../../db/store';
import { QarError } from '../errors';
import { workspaceFramework } from '../framework/resolve';
import type { Framework } from '../framework/schema';
import type { Workspace } from '../model';
import type { WorkspaceSession } from '../service';
import { exportValuesXlsx } from './export';
import { MAX_XLSX_BYTES } from './guard';
import { parseValuesXlsx, type XlsxParseResult, type XlsxProblem } from './import';
import { type PlannedChange, planValueChanges } from './plan';

export interface XlsxImportOutcome {
  /** filled, readable value cells in the workbook */
  read: number;
  /** values that differ from the workspace (written unless dryRun or problems) */
  planned: PlannedChange[];
  problems: XlsxProblem[];
  infos: XlsxProblem[];
  /** what the store wrote; null when nothing was written (problems, dry run, or no differences) */
  applied: SetValuesResult | null;
}

/** Reads a workbook from disk, refusing a missing file or one over the size limit before reading it. */
export function readXlsxFile(path: string): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch (e) {
    throw new QarError('NOT_FOUND', `找不到文件「${basename(path)}」，请检查路径是否正确。`, { cause: e });
  }
  if (size > MAX_XLSX_BYTES) {
    throw new QarError(
      'TOO_LARGE',
      `「${basename(path)}」超过 ${MAX_XLSX_BYTES / 1024 / 1024} MB，无法导入。请删除与指标数据无关的工作表或图片后再导入。`,
    );
  }
  return readFileSync(path);
}

export type XlsxParser = (bytes: Uint8Array, fw: Framework, years: number[]) => Promise<XlsxParseResult>;

/**
 * Parses and plans against a workspace snapshot (no writes): the read-only half of an import. `parse` is where the
 * workbook is read (the desktop app passes a worker thread); default in-process.
 */
export async function planXlsxImport(
  ws: Workspace,
  fw: Framework,
  bytes: Uint8Array,
  parse: XlsxParser = parseValuesXlsx,
): Promise<Omit<XlsxImportOutcome, 'applied'>> {
  const parsed = await parse(
    bytes,
    fw,
    ws.years.map((y) => y.year),
  );
  const planned = planValueChanges(ws, fw, parsed.changes);
  return { read: parsed.changes.length, planned, problems: parsed.problems, infos: parsed.infos };
}

/**
 * Imports a workbook into an open (read-write) workspace. Problems → nothing written, returned for display.
 * `dryRun` plans only. Throws QarError when the bytes are not a usable workbook.
 */
export async function importValuesXlsx(
  session: WorkspaceSession,
  bytes: Uint8Array,
  opts: { dryRun?: boolean; parse?: XlsxParser } = {},
): Promise<XlsxImportOutcome> {
  const ws = session.getWorkspace();
  const fw = workspaceFramework(ws);
  const plan = await planXlsxImport(ws, fw, bytes, opts.parse);
  let applied: SetValuesResult | null = null;
  if (plan.problems.length === 0 && !opts.dryRun && plan.planned.length > 0) {
    // stored copies of derived values follow the imported parts (core/values/recompute planFollow)
    applied = session.setValues(
      plan.planned.map((p) => ({ year: p.year, indicatorId: p.indicatorId, value: p.newValue })),
      'import',
      fw,
    );
  }
  return { read: plan.read, planned: plan.planned, problems: plan.problems, infos: plan.infos, applied };
}

/** The indicator workbook of an open workspace, as .xlsx bytes. */
export async function exportWorkspaceXlsx(session: WorkspaceSession): Promise<Buffer> {
  const ws = session.getWorkspace();
  return exportValuesXlsx(ws, workspaceFramework(ws));
}
