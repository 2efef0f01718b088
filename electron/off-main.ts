/**
 * The desktop app's heavy imports off the main process: each runs electron/import-worker.ts in a worker thread
 * with the heap and time limits of core/host/import-job.ts, so a hostile or huge file costs the worker, never the
 * window. Plugged into the API through ApiHostContext (parseXlsx, importJson).
 */
import type { ApiHostContext } from '../core/api/context';
import { IMPORT_JOB_LIMITS, type ImportJob } from '../core/host/import-job';
import { runWorkerJob } from '../core/host/worker-job';
import type { XlsxParseResult } from '../core/xlsx/import';

/** `script`: the built worker (out/main/import-worker.js); tests pass the .ts with execArgv ['--import', 'tsx']. */
export function offMainImports(
  script: string | URL,
  execArgv?: string[],
): Required<Pick<ApiHostContext, 'parseXlsx' | 'importJson'>> {
  return {
    parseXlsx: (bytes, framework, years) =>
      runWorkerJob<XlsxParseResult>(
        script,
        { kind: 'xlsx', bytes, framework, years } satisfies ImportJob,
        IMPORT_JOB_LIMITS.xlsx,
        { what: '读取 Excel 工作簿', execArgv },
      ),
    importJson: async (jsonPath, targetPath) => {
      await runWorkerJob(script, { kind: 'json', jsonPath, targetPath } satisfies ImportJob, IMPORT_JOB_LIMITS.json, {
        what: '导入 JSON 文件',
        execArgv,
      });
    },
  };
}
