/**
 * The heavy half of the two file imports, as jobs that run in a worker thread in the desktop app (so a hostile or
 * huge file can neither freeze the window nor take the main process's memory) and in-process elsewhere:
 *  - 'xlsx': parse an indicator workbook into value changes (nothing written; the caller applies them);
 *  - 'json': read, check and write a workspace JSON export as a new .qar (the caller then opens it).
 */
import type { Framework } from '../framework/schema';
import { importJsonFile } from '../service';
import { parseValuesXlsx, type XlsxParseResult } from '../xlsx/import';

export type ImportJob =
  | { kind: 'xlsx'; bytes: Uint8Array; framework: Framework; years: number[] }
  | { kind: 'json'; jsonPath: string; targetPath: string; replace?: boolean };

export type ImportJobResult<J extends ImportJob> = J extends { kind: 'xlsx' } ? XlsxParseResult : { done: true };

export async function runImportJob(job: ImportJob): Promise<XlsxParseResult | { done: true }> {
  if (job.kind === 'xlsx') return parseValuesXlsx(job.bytes, job.framework, job.years);
  await importJsonFile(job.jsonPath, job.targetPath, { replace: job.replace });
  return { done: true };
}

/** Memory and time each job may take in a worker; past them the worker is stopped and the user told why. */
export const IMPORT_JOB_LIMITS = {
  // at the guard's limits (200 000 cells) exceljs needs ≈ 300 MB; twice that is room, not an invitation
  xlsx: { maxOldGenerationSizeMb: 768, timeoutMs: 120_000 },
  // a 300 MB export holds ≈ 400 MB of base64 text on the heap while its pictures are checked
  json: { maxOldGenerationSizeMb: 2048, timeoutMs: 600_000 },
} as const;
